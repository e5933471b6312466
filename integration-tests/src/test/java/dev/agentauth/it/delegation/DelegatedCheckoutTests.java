package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer 2 at the merchant, over HTTP: the demo merchant (a real process) verifies delegation tokens sent as
 * {@code Authorization: Agent} on signed requests, enforces scopes and spend limits, and learns revocations
 * from Keycloak's feed within seconds; two instances sharing Redis never spend more than a budget together.
 */
class DelegatedCheckoutTests {

	private static final String REALM = DelegationFixture.REALM;

	private static final String MERCHANT = DelegationFixture.MERCHANT;

	/** 45.00 EUR: within max_amount 50. */
	private static final byte[] SIX_TEAS = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":6}]}".getBytes(StandardCharsets.UTF_8);

	/** 79.80 EUR: over max_amount 50. */
	private static final byte[] TWO_POTS = "{\"items\":[{\"sku\":\"pot-003\",\"quantity\":2}]}".getBytes(StandardCharsets.UTF_8);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static KeycloakServer keycloak;

	private static MerchantServer merchant;

	private static final List<String> delays = new ArrayList<>();

	@BeforeAll
	static void start() {
		DelegationFixture.start();
		keycloak = KeycloakServer.get();
		merchant = MerchantServer.get();
	}

	@AfterAll
	static void report() {
		System.out.println("Revocation delays (revoke in Keycloak -> first refusal at the merchant): " + delays);
	}

	@Test
	void signedCheckoutWithTheDelegationTokenIsAcceptedForTheConsumer() throws Exception {
		Agent agent = Agent.register("Checkout");
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		String token = exchange(agent, consent, "products:read checkout:create");
		HttpResponse<String> response = checkout(merchant, agent, token, SIX_TEAS);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> order = KeycloakServer.json(response.body());
		assertThat((String) order.get("order_id")).startsWith("ord_");
		assertThat(order.get("consumer")).isEqualTo(SignedJWT.parse(consent.accessToken()).getJWTClaimsSet().getSubject());
		assertThat(order.get("grant")).isEqualTo(consent.grantId());
	}

	@Test
	void refusalsOfTokensScopesAndLimits() throws Exception {
		Agent agent = Agent.register("Refused at the merchant");
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		String token = exchange(agent, consent, "products:read checkout:create");

		// the token alone, without a signature
		HttpRequest unsigned = post(merchant, "/api/v1/checkout").header("Authorization", "Agent " + token).build();
		assertRefused(send(unsigned, SIX_TEAS), 401, "signature_missing");
		// presented as Bearer
		assertRefused(send(new AgentRequestSigner(agent.key()).sign(post(merchant, "/api/v1/checkout")
			.header("Authorization", "Bearer " + token).build(), SIX_TEAS), SIX_TEAS), 401, "token_scheme_invalid");
		// a signature that does not cover the Authorization header
		HttpRequest signedWithout = new AgentRequestSigner(agent.key()).sign(post(merchant, "/api/v1/checkout").build(),
				SIX_TEAS);
		HttpRequest withToken = HttpRequest.newBuilder(signedWithout, (name, value) -> true)
			.header("Authorization", "Agent " + token).build();
		assertRefused(send(withToken, SIX_TEAS), 401, "component_missing");
		// agent B's key with agent A's token
		Agent other = Agent.register("Other key");
		assertRefused(checkout(merchant, other, token, SIX_TEAS), 401, "token_binding_mismatch");
		// garbage token
		assertRefused(checkout(merchant, agent, "not.a.token", SIX_TEAS), 401, "token_invalid");
		// over max_amount
		assertRefused(checkout(merchant, agent, token, TWO_POTS), 403, "spend_limit_exceeded");
		// scope missing
		String readOnly = exchange(agent, consent, "products:read");
		HttpResponse<String> noScope = checkout(merchant, agent, readOnly, SIX_TEAS);
		assertRefused(noScope, 403, "insufficient_scope");
		assertThat(noScope.headers().firstValue("WWW-Authenticate")).hasValue(
				"Agent error=\"insufficient_scope\", scope=\"checkout:create\"");
		// a token for another merchant (a grant without a merchant list, exchanged for another audience)
		Consent anywhere = DelegationFixture.consent(agent, "alice", null,
				"[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50\",\"currency\":\"EUR\"}}]");
		String elsewhere = (String) DelegationFixture.operator.exchange(agent.key(), agent.id(), anywhere.accessToken(),
				"demo-agent-operator", null, null).get("access_token");
		assertRefused(checkout(merchant, agent, elsewhere, SIX_TEAS), 401, "token_audience_mismatch");
	}

	@Test
	void budgetIsNeverExceededByTwoInstancesSharingRedis() throws Exception {
		String prefix = "agentauth-it-" + UUID.randomUUID() + ":";
		List<String> redis = List.of("--agentauth.state.store=redis", "--agentauth.state.redis-key-prefix=" + prefix,
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=6379");
		MerchantServer first = MerchantServer.start("merchant-redis-1", redis);
		MerchantServer second = MerchantServer.start("merchant-redis-2", redis);
		try {
			Agent agent = Agent.register("Budget");
			Consent consent = DelegationFixture.consent(agent, "bob", null);
			String token = exchange(agent, consent, "checkout:create");
			awaitFirstPoll(first, agent, token);
			awaitFirstPoll(second, agent, token);
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Future<HttpResponse<String>>> results = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				MerchantServer target = (i % 2 == 0) ? first : second;
				results.add(pool.submit((Callable<HttpResponse<String>>) () -> checkout(target, agent, token, SIX_TEAS)));
			}
			int accepted = 0;
			for (Future<HttpResponse<String>> result : results) {
				HttpResponse<String> response = result.get();
				if (response.statusCode() == 200) {
					accepted++;
				}
				else {
					assertRefused(response, 403, "spend_limit_exceeded");
				}
			}
			pool.shutdown();
			// budget 200.00 EUR per month, 45.00 EUR each: exactly 4 fit, whichever instance served them
			assertThat(accepted).isEqualTo(4);

			// the revocation set is shared too: both instances refuse once the grant is revoked
			assertThat(consent.revokeInAccountConsole().statusCode()).isEqualTo(204);
			awaitRefusal(first, agent, token, "grant_revoked", Instant.now());
			awaitRefusal(second, agent, token, "grant_revoked", Instant.now());
		}
		finally {
			first.stop();
			second.stop();
		}
	}

	@Test
	void revokingTheGrantIsRefusedAtTheMerchantWithinSeconds() throws Exception {
		for (int run = 0; run < 3; run++) {
			Agent agent = Agent.register("Revoked grant " + run);
			Consent consent = DelegationFixture.consent(agent, "alice", null);
			String token = exchange(agent, consent, "checkout:create");
			assertThat(checkout(merchant, agent, token, SIX_TEAS).statusCode()).isEqualTo(200);
			Instant revoked = Instant.now();
			assertThat(consent.revokeInAccountConsole().statusCode()).isEqualTo(204);
			Duration delay = awaitRefusal(agent, token, "grant_revoked", revoked);
			delays.add("grant " + delay.toMillis() + " ms");
		}
	}

	@Test
	void suspendingTheAgentOrRevokingTheKeyIsRefusedWithinSeconds() throws Exception {
		Agent agent = Agent.register("Suspended at the merchant");
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		String token = exchange(agent, consent, "checkout:create");
		assertThat(checkout(merchant, agent, token, SIX_TEAS).statusCode()).isEqualTo(200);
		String admin = "/admin/realms/" + REALM + "/agents/" + agent.id();
		Instant suspended = Instant.now();
		keycloak.admin("POST", admin + "/suspend", null);
		delays.add("agent " + awaitRefusal(agent, token, "agent_suspended", suspended).toMillis() + " ms");

		keycloak.admin("POST", admin + "/activate", null);
		Eventually.poll(Duration.ofSeconds(10), Duration.ofMillis(100), () -> products(merchant, agent, token),
				(response) -> response.statusCode() == 200);
		assertThat(products(merchant, agent, token).statusCode()).isEqualTo(200);

		Instant keyRevoked = Instant.now();
		keycloak.admin("POST", admin + "/keys/" + agent.key().thumbprint() + "/revoke", null);
		delays.add("key " + awaitRefusal(agent, token, "key_revoked", keyRevoked).toMillis() + " ms");
	}

	@Test
	void aRestartedMerchantStillRefusesWhatWasRevokedBefore() throws Exception {
		MerchantServer restarted = MerchantServer.start("merchant-restart", List.of());
		try {
			Agent agent = Agent.register("Restart");
			Consent consent = DelegationFixture.consent(agent, "alice", null);
			String token = exchange(agent, consent, "checkout:create");
			assertThat(consent.revokeInAccountConsole().statusCode()).isEqualTo(204);
			awaitRefusal(restarted, agent, token, "grant_revoked", Instant.now());
			restarted.restart();
			// until its first poll a fresh instance refuses delegations (503); then it knows the revocation
			assertRefused(awaitFirstPoll(restarted, agent, token), 401, "grant_revoked");
		}
		finally {
			restarted.stop();
		}
	}

	@Test
	void anExpiredDelegationTokenIsRefused() throws Exception {
		// the agent proposes a 2 s grant; the token cannot outlive it; this merchant tolerates no clock skew
		MerchantServer strict = MerchantServer.start("merchant-no-skew", List.of("--agentauth.signature.clock-skew=0s"));
		try {
			Agent agent = Agent.register("Short-lived");
			HeadlessConsent browser = new HeadlessConsent(DelegationFixture.REDIRECT);
			Pkce pkce = Pkce.generate();
			browser.open(URI.create(DelegationFixture.operator.authorizationUri(agent.id(), DelegationFixture.SCOPES,
					DelegationFixture.LIMITS, DelegationFixture.REDIRECT, "s", pkce) + "&agent_grant_lifetime=2"));
			browser.login("alice", "alice");
			browser.approve(2L);
			String consumer = (String) DelegationFixture.operator
				.redeemCode(browser.result().get("code"), DelegationFixture.REDIRECT, pkce).get("access_token");
			String token = (String) DelegationFixture.operator.exchange(agent.key(), agent.id(), consumer, MERCHANT,
					"checkout:create", null).get("access_token");
			assertThat(SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant())
				.isBefore(Instant.now().plusSeconds(3));
			// the token's lifetime must pass (whole seconds, under 3 s): nothing to wait for
			Thread.sleep(3000);
			assertRefused(awaitFirstPoll(strict, agent, token), 401, "token_expired");
		}
		finally {
			strict.stop();
		}
	}

	@Test
	void withoutTheRevocationFeedDelegationsAreRefusedButPlainAgentRequestsPass() throws Exception {
		// the merchant client cannot authenticate at the feed, so no poll ever succeeds
		MerchantServer blind = MerchantServer.start("merchant-no-feed",
				List.of("--agentauth.revocation.client-secret=wrong", "--agentauth.revocation.max-lag=2s"));
		try {
			Agent agent = Agent.register("No feed");
			Consent consent = DelegationFixture.consent(agent, "alice", null);
			String token = exchange(agent, consent, "checkout:create");
			assertRefused(products(blind, agent, token), 503, "revocation_feed_unavailable");
			assertRefused(checkout(blind, agent, token, SIX_TEAS), 503, "revocation_feed_unavailable");
			HttpRequest plain = HttpRequest.newBuilder(blind.uri("/api/v1/products")).GET().build();
			assertThat(http.send(new AgentRequestSigner(agent.key()).sign(plain, null),
					HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		}
		finally {
			blind.stop();
		}
	}

	/** A fresh instance refuses delegations (503) until its first successful poll of the feed. */
	private static HttpResponse<String> awaitFirstPoll(MerchantServer target, Agent agent, String token)
			throws Exception {
		return Eventually.poll(Duration.ofSeconds(10), Duration.ofMillis(100), () -> products(target, agent, token),
				(response) -> response.statusCode() != 503);
	}

	private static Duration awaitRefusal(Agent agent, String token, String code, Instant since) throws Exception {
		return awaitRefusal(merchant, agent, token, code, since);
	}

	/**
	 * Sends signed {@code GET /api/v1/products} with the token every 50 ms (the token is verified on every path,
	 * and reading spends nothing) until refused with {@code code}; the time since {@code since}.
	 */
	private static Duration awaitRefusal(MerchantServer target, Agent agent, String token, String code, Instant since)
			throws Exception {
		Duration left = Duration.between(Instant.now(), since.plusSeconds(10));
		HttpResponse<String> response = Eventually.poll(left.isPositive() ? left : Duration.ofMillis(1),
				Duration.ofMillis(50), () -> products(target, agent, token),
				(answer) -> answer.statusCode() != 200 && answer.statusCode() != 503);
		Duration delay = Duration.between(since, Instant.now());
		assertRefused(response, (code.equals("agent_suspended") || code.equals("agent_revoked")) ? 403 : 401, code);
		assertThat(delay).isLessThan(Duration.ofSeconds(10));
		return delay;
	}

	private static String exchange(Agent agent, Consent consent, String scope) throws Exception {
		return (String) DelegationFixture.operator.exchange(agent.key(), agent.id(), consent.accessToken(), MERCHANT,
				scope, null).get("access_token");
	}

	static HttpResponse<String> products(MerchantServer target, Agent agent, String token) throws Exception {
		return http.send(target.signedProducts(agent.key(), token), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> checkout(MerchantServer target, Agent agent, String token, byte[] body)
			throws Exception {
		HttpRequest request = post(target, "/api/v1/checkout").header("Authorization", "Agent " + token).build();
		return send(new AgentRequestSigner(agent.key()).sign(request, body), body);
	}

	private static HttpRequest.Builder post(MerchantServer target, String path) {
		return HttpRequest.newBuilder(target.uri(path)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody());
	}

	private static HttpResponse<String> send(HttpRequest signed, byte[] body) throws Exception {
		HttpRequest withBody = HttpRequest.newBuilder(signed, (name, value) -> true)
			.method(signed.method(), HttpRequest.BodyPublishers.ofByteArray(body)).build();
		return http.send(withBody, HttpResponse.BodyHandlers.ofString());
	}

	private static void assertRefused(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(KeycloakServer.json(response.body())).as(response.body()).containsEntry("code", code);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
	}

}
