package dev.agentauth.it.delegation;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.faults.LoadLoop;
import dev.agentauth.it.faults.LoadLoop.Outcome;
import dev.agentauth.it.faults.RedisProcess;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.Eventually;

import static dev.agentauth.it.delegation.KeycloakFaultTests.await;
import static dev.agentauth.it.delegation.KeycloakFaultTests.outcome;
import static dev.agentauth.it.delegation.KeycloakFaultTests.sleepUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis and merchant faults under load (issue 14): two demo merchant processes share a Redis of the test's own
 * (nonces, budgets, revocation set, risk counters); the test kills that Redis (SIGKILL, no persistence: its data
 * is gone) while a load loop runs and starts it again {@code agentauth.faults.seconds} later (default 6), and
 * restarts the merchants in the middle of concurrent checkouts (once, or once per 6 s of that setting).
 */
@Tag("faults")
class RedisFaultTests {

	/** 45.00 EUR: within max_amount 50; a 200 EUR budget holds 4 of them. */
	private static final byte[] SIX_TEAS = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":6}]}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] CART = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":1}]}"
		.getBytes(StandardCharsets.UTF_8);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static RedisProcess redis;

	private static MerchantServer first;

	private static MerchantServer second;

	/** Set between the kill and the restart of Redis, for the load loop. */
	private static volatile boolean redisDown;

	@BeforeAll
	static void start() {
		DelegationFixture.start();
		redis = RedisProcess.start("redis-faults");
		List<String> shared = List.of("--agentauth.replay.store=redis", "--agentauth.state.store=redis",
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port(),
				"--spring.data.redis.timeout=500ms", "--spring.data.redis.connect-timeout=500ms",
				"--management.health.redis.enabled=false");
		first = MerchantServer.start("merchant-redis-faults-1", shared);
		second = MerchantServer.start("merchant-redis-faults-2", shared);
	}

	@AfterAll
	static void stop() {
		for (MerchantServer merchant : new MerchantServer[] { first, second }) {
			if (merchant != null) {
				merchant.stop();
			}
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void redisKilledAndRestartedFailsClosedThenResumesWithoutAcceptingAReplayOrAForgottenRevocation()
			throws Exception {
		Agent agent = Agent.register("Redis outage");
		Consent kept = DelegationFixture.consent(agent, "alice", null);
		Consent revoked = DelegationFixture.consent(agent, "bob", null);
		String token = exchange(agent, kept);
		String revokedToken = exchange(agent, revoked);
		assertThat(await(() -> outcome(DelegatedCheckoutTests.products(first, agent, token)), "200", 20))
			.hasToString("200");
		assertThat(KeycloakServer.get().admin("DELETE", "/admin/realms/" + DelegationFixture.REALM
				+ "/agents/grants/" + revoked.grantId(), null).statusCode()).isEqualTo(204);
		for (MerchantServer merchant : List.of(first, second)) {
			assertThat(await(() -> outcome(DelegatedCheckoutTests.products(merchant, agent, revokedToken)),
					"401 grant_revoked", 20)).hasToString("401 grant_revoked");
		}
		HttpRequest before = signedCart(first, agent);
		assertThat(outcome(send(before))).hasToString("200");

		// a load loop of layer-1 cart calls and layer-2 delegated calls, alternating the two merchants, runs
		// through the outage; an answer 200 to a request sent after the kill and answered before the restart
		// began would be a request accepted without the nonce store: counted apart, and must never happen
		AtomicInteger turn = new AtomicInteger();
		try (LoadLoop load = LoadLoop.start(2, () -> {
			int n = turn.incrementAndGet();
			MerchantServer target = (n % 2 == 0) ? first : second;
			boolean downBefore = redisDown;
			Outcome answer = outcome(((n / 2) % 2 == 0) ? send(signedCart(target, agent))
					: DelegatedCheckoutTests.products(target, agent, token));
			if (downBefore && redisDown && answer.status() == 200) {
				return new Outcome(200, "accepted while Redis was down");
			}
			return answer;
		})) {
			// the load runs for a while before, during and after the outage: time must pass
			Thread.sleep(500);
			redis.kill();
			redisDown = true;
			Instant down = Instant.now();
			for (MerchantServer merchant : List.of(first, second)) {
				assertThat(outcome(send(signedCart(merchant, agent)))).as("a fresh cart call without Redis")
					.hasToString("503 nonce_store_unavailable");
			}
			assertThat(outcome(send(before))).as("a replay without Redis")
				.hasToString("503 nonce_store_unavailable");
			assertThat(outcome(DelegatedCheckoutTests.checkout(first, agent, token, SIX_TEAS)).status())
				.as("a purchase without Redis").isEqualTo(503);
			sleepUntil(down.plusSeconds(KeycloakFaultTests.OUTAGE_SECONDS));
			Map<String, Integer> duringOutage = load.outcomes();

			redisDown = false;
			redis.restart();
			// the merchants were not restarted: they reconnect, and the empty Redis must not let anything through
			assertThat(await(() -> outcome(send(signedCart(second, agent))), "200", 30)).as("resumed")
				.hasToString("200");
			Thread.sleep(1000);
			Map<String, Integer> outcomes = load.outcomes();
			System.out.printf("Redis outage %d s: load until the restart %s, in all %s%n",
					KeycloakFaultTests.OUTAGE_SECONDS, duringOutage, outcomes);
			assertThat(outcomes.keySet()).as("every answer is 200 or a 503, nothing accepted without Redis")
				.allMatch((outcome) -> outcome.equals("200") || outcome.startsWith("503 "));
			assertThat(outcomes.getOrDefault("200", 0)).as("the load is served again after the restart")
				.isGreaterThan(duringOutage.getOrDefault("200", 0));
		}
		finally {
			redisDown = false;
		}
		assertThat(outcome(send(before))).as("a request signed before the restart, replayed after it")
			.hasToString("503 nonce_store_unavailable");
		Outcome forgotten = Eventually.poll(Duration.ofSeconds(20), Duration.ofMillis(50),
				() -> outcome(DelegatedCheckoutTests.products(second, agent, revokedToken)), (answer) -> {
					assertThat(answer.status()).as("the grant revoked before the restart").isNotEqualTo(200);
					return answer.toString().equals("401 grant_revoked");
				});
		assertThat(forgotten).as("the revocation set refilled by a replay of the feed")
			.hasToString("401 grant_revoked");
		assertThat(outcome(DelegatedCheckoutTests.products(first, agent, revokedToken)))
			.hasToString("401 grant_revoked");
		assertThat(await(() -> outcome(DelegatedCheckoutTests.checkout(first, agent, token, SIX_TEAS)), "200", 20))
			.as("purchases resume").hasToString("200");
	}

	@Test
	void aMerchantRestartedDuringConcurrentCheckoutsNeverLetsTheBudgetBeExceeded() throws Exception {
		Agent agent = Agent.register("Restart during checkouts");
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		String token = exchange(agent, consent);
		AtomicInteger turn = new AtomicInteger();
		int restarts = Math.max(1, KeycloakFaultTests.OUTAGE_SECONDS / 6);
		Map<String, Integer> outcomes;
		try (LoadLoop load = LoadLoop.start(4, () -> {
			MerchantServer target = (turn.incrementAndGet() % 2 == 0) ? first : second;
			Thread.sleep(100);
			return outcome(DelegatedCheckoutTests.checkout(target, agent, token, SIX_TEAS));
		})) {
			// one restart per 6 s of agentauth.faults.seconds (one in CI), alternating the merchants
			for (int i = 0; i < restarts; i++) {
				Thread.sleep(1500);
				((i % 2 == 0) ? first : second).restart();
			}
			Thread.sleep(1500);
			load.close();
			outcomes = load.outcomes();
		}
		System.out.println("Checkouts with " + restarts + " merchant restart(s) (budget 200 EUR, 45 EUR each): "
				+ outcomes);
		int orders = outcomes.getOrDefault("200", 0);
		assertThat(orders).as("orders placed: at most 4 x 45 EUR within the 200 EUR budget").isBetween(1, 4);
		assertThat(outcomes.keySet()).as("every refusal is a clean one").allMatch((outcome) -> outcome.equals("200")
				|| outcome.equals("403 spend_limit_exceeded") || outcome.startsWith("503 ") || outcome.equals("io"));
	}

	private static String exchange(Agent agent, Consent consent) throws Exception {
		return (String) DelegationFixture.operator.exchange(agent.key(), agent.id(), consent.accessToken(),
				DelegationFixture.MERCHANT, null, null).get("access_token");
	}

	/** A signed {@code POST /api/v1/cart} (layer 1: the nonce is consumed in Redis). */
	private static HttpRequest signedCart(MerchantServer target, Agent agent) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(target.uri("/api/v1/cart"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofByteArray(CART))
			.build();
		return new AgentRequestSigner(agent.key()).sign(request, CART);
	}

	private static HttpResponse<String> send(HttpRequest signed) throws Exception {
		return http.send(signed, HttpResponse.BodyHandlers.ofString());
	}

}
