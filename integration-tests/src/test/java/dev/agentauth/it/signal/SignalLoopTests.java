package dev.agentauth.it.signal;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop end to end: a real Keycloak, two real merchant processes (different merchant clients, each with its
 * state in the machine's Redis under a prefix of its own). A burst at merchant A scores HIGH in shadow mode, A
 * reports it (CAEP risk-level-change), the realm's {@code high-from-1-merchant} policy suspends the agent, and the
 * revocation feed makes merchant B refuse the agent within 2 s. Then A's key usage report reaches the key's
 * {@code last_used}.
 */
class SignalLoopTests {

	private static SignalRealm realm;

	private static MerchantServer merchantA;

	private static MerchantServer merchantB;

	private static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		KeycloakServer.get();
		realm = SignalRealm.create();
		realm.policy("high-from-1-merchant", "review", 60);
		String prefix = "it-signals-" + UUID.randomUUID() + ":";
		List<String> redis = List.of("--agentauth.state.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=6379");
		merchantA = MerchantServer.start("merchant-signals-a", realm.name, "merchant-a",
				"merchant-a" + SignalRealm.SECRET_SUFFIX, concat(redis, List.of(
						// the shipped risk defaults: the report score is the deny score, 70, which a new key's burst
						// reaches from 90 requests in one fixed 10 s window (velocity.agent_burst 60 + cold start 10)
						"--agentauth.state.redis-key-prefix=" + prefix + "a:", "--agentauth.signals.enabled=true",
						"--agentauth.signals.usage-interval=2s")));
		merchantB = MerchantServer.start("merchant-signals-b", realm.name, "merchant-b",
				"merchant-b" + SignalRealm.SECRET_SUFFIX,
				concat(redis, List.of("--agentauth.state.redis-key-prefix=" + prefix + "b:")));
	}

	@AfterAll
	static void stop() {
		if (merchantA != null) {
			merchantA.stop();
		}
		if (merchantB != null) {
			merchantB.stop();
		}
		if (realm != null) {
			realm.delete();
		}
	}

	@Test
	void aBurstAtMerchantAGetsTheAgentRefusedAtMerchantBWithinTwoSeconds() throws Exception {
		SignalRealm.Agent agent = realm.agent("Looping agent");
		assertThat(get(merchantB, agent).statusCode()).isEqualTo(200);
		assertThat(get(merchantA, agent).statusCode()).isEqualTo(200);

		// shadow mode: the burst passes at A but scores HIGH and is reported; once the suspension comes back
		// through the feed, A refuses the agent too, which ends the burst. It starts with a fixed 10 s window.
		Thread.sleep(10_000 - System.currentTimeMillis() % 10_000 + 50);
		int status = 200;
		for (int i = 0; i < 300 && status == 200; i++) {
			status = get(merchantA, agent).statusCode();
		}
		assertThat(status).as("only the suspension refuses at A (shadow mode)").isIn(200, 403);
		assertThat(Eventually.poll(Duration.ofSeconds(30), Duration.ofMillis(100), () -> realm.agentStatus(agent.id()),
				"suspended"::equals)).as("suspended by merchant A's report").isEqualTo("suspended");
		Instant suspended = Instant.now();
		Map<String, Object> standing = realm.admin("/agents/" + agent.id() + "/standing");
		assertThat(standing).containsEntry("level", "HIGH");
		assertThat(standing.get("reports").toString()).contains("merchant-a").contains("velocity.agent_burst");

		// merchant B learns it from the revocation feed: the functional bound is 2 s
		Duration left = Duration.between(Instant.now(), suspended.plusSeconds(2));
		HttpResponse<String> refused = Eventually.poll(left.isPositive() ? left : Duration.ofMillis(1),
				Duration.ofMillis(50), () -> get(merchantB, agent), (response) -> response.statusCode() == 403);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(refused.body()).contains("agent_suspended");

		// key usage: A pushes its keys' last verified use every 2 s here
		Object lastUsed = Eventually.poll(Duration.ofSeconds(30), Duration.ofMillis(200),
				() -> ((Map<?, ?>) ((List<?>) realm.admin("/agents/" + agent.id()).get("keys")).get(0)).get("last_used"),
				java.util.Objects::nonNull);
		assertThat(lastUsed).as("last_used after traffic").isNotNull();
		assertThat(((Number) lastUsed).longValue()).isGreaterThan(Instant.now().minus(Duration.ofMinutes(5))
			.getEpochSecond());
	}

	private static HttpResponse<String> get(MerchantServer merchant, SignalRealm.Agent agent) throws Exception {
		return http.send(merchant.signedProducts(agent.key(), null), HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> concat(List<String> a, List<String> b) {
		return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
	}

}
