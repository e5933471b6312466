package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.faults.TcpProxy;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: one merchant (the demo, a real process) trusting two registries, each a real realm of the suite's
 * Keycloak: {@code a} = {@code agentic-commerce}, {@code b} = a copy of it imported under another name and
 * reached through a {@link TcpProxy}, so the test can take registry B away while A stays up.
 */
class SeveralRegistriesTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static KeycloakServer keycloak;

	private static String realmB;

	private static TcpProxy proxyB;

	private static DelegationClient operatorB;

	private static MerchantServer merchant;

	@BeforeAll
	static void start() throws Exception {
		DelegationFixture.start();
		keycloak = KeycloakServer.get();
		realmB = "agentic-commerce-b-" + UUID.randomUUID().toString().substring(0, 8);
		Path realmFile = Path.of(System.getProperty("agentauth.realm-config", "../realm-config"),
				"agentic-commerce-realm.json");
		Map<String, Object> realm = JSONObjectUtils.parse(Files.readString(realmFile));
		realm.put("realm", realmB);
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms", JSONObjectUtils.toJSONString(realm));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		proxyB = TcpProxy.start(keycloak.baseUri().getPort());
		URI issuerB = proxyB.uri("/realms/" + realmB);
		operatorB = new DelegationClient(HttpClient.newHttpClient(), issuerB, DelegationFixture.OPERATOR,
				DelegationFixture.OPERATOR_SECRET);
		merchant = MerchantServer.startConfigured("merchant-several-registries", List.of(
				"--agentauth.merchant-id=" + DelegationFixture.MERCHANT,
				"--agentauth.registries[0].name=a",
				"--agentauth.registries[0].issuer-uri=" + keycloak.uri("/realms/" + DelegationFixture.REALM),
				"--agentauth.registries[0].client-secret=demo-merchant-secret",
				"--agentauth.registries[1].name=b",
				"--agentauth.registries[1].issuer-uri=" + issuerB,
				"--agentauth.registries[1].client-secret=demo-merchant-secret",
				"--agentauth.registries[1].negative-ttl=1s",
				"--agentauth.registries[1].max-lag=3s"));
	}

	@AfterEach
	void heal() {
		proxyB.up();
	}

	@AfterAll
	static void stop() {
		if (merchant != null) {
			merchant.stop();
		}
		if (proxyB != null) {
			proxyB.close();
		}
		if (realmB != null) {
			keycloak.admin("DELETE", "/admin/realms/" + realmB, null);
		}
	}

	@Test
	void agentsOfEitherRegistryAreAcceptedAndThePrincipalNamesTheirRegistry() throws Exception {
		Agent a = Agent.register("Registry A agent");
		Agent b = register(realmB, "Registry B agent", AgentKeyPair.generateEd25519());
		HttpResponse<String> fromA = products(a, null);
		assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(200);
		assertThat(principal(fromA)).containsEntry("agent_id", a.id()).containsEntry("registry", "a");
		HttpResponse<String> fromB = products(b, null);
		assertThat(fromB.statusCode()).as(fromB.body()).isEqualTo(200);
		assertThat(principal(fromB)).containsEntry("agent_id", b.id()).containsEntry("registry", "b");
	}

	@Test
	void theSamePublicKeyRegisteredForDifferentAgentsInBothRegistriesIsRefusedAsAmbiguous() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		register(DelegationFixture.REALM, "Twin in A", key);
		Agent inB = register(realmB, "Twin in B", key);
		assertRefused(products(inB, null), 401, "key_ambiguous");
	}

	@Test
	void aKeyThatTwoRegistriesReturnWithTheSameAgentIdIsRefusedAsAmbiguous() throws Exception {
		// a second merchant trusting A twice: as "a", and as "c" through another address. Both answer for every key
		// of A with the same agent id string, and still name two identities (registry, agent)
		try (TcpProxy proxyC = TcpProxy.start(keycloak.baseUri().getPort())) {
			MerchantServer twice = MerchantServer.startConfigured("merchant-same-agent-ids", List.of(
					"--agentauth.merchant-id=" + DelegationFixture.MERCHANT,
					"--agentauth.registries[0].name=a",
					"--agentauth.registries[0].issuer-uri=" + keycloak.uri("/realms/" + DelegationFixture.REALM),
					"--agentauth.registries[0].client-secret=demo-merchant-secret",
					"--agentauth.registries[1].name=c",
					"--agentauth.registries[1].issuer-uri=" + proxyC.uri("/realms/" + DelegationFixture.REALM),
					"--agentauth.registries[1].client-secret=demo-merchant-secret"));
			try {
				Agent agent = Agent.register("Same id in two registries");
				assertRefused(products(twice, agent, null), 401, "key_ambiguous");
				// the merchant trusting A once accepts it
				assertThat(products(agent, null).statusCode()).isEqualTo(200);
			}
			finally {
				twice.stop();
			}
		}
	}

	@Test
	void aDelegationTokenOfRegistryAUsedWithAKeyOfRegistryBIsRefused() throws Exception {
		Agent a = Agent.register("Delegated in A");
		Consent consent = DelegationFixture.consent(a, "alice", null);
		String tokenA = (String) DelegationFixture.operator.exchange(a.key(), a.id(), consent.accessToken(),
				DelegationFixture.MERCHANT, "products:read", null).get("access_token");
		assertThat(awaitFeeds(a, tokenA).statusCode()).isEqualTo(200);
		// an agent of B signs, with A's token: accepted only from the registry that registered the signing key
		Agent b = register(realmB, "Signer in B", AgentKeyPair.generateEd25519());
		assertRefused(products(b, tokenA), 401, "token_issuer_mismatch");
	}

	@Test
	void aRevocationInRegistryBRefusesBsDelegationWhileAIsUnaffected() throws Exception {
		Agent a = Agent.register("Unaffected in A");
		String tokenA = delegate(DelegationFixture.operator, a);
		Agent b = register(realmB, "Revoked in B", AgentKeyPair.generateEd25519());
		Consent consentB = DelegationFixture.consent(operatorB, b, "alice", null, DelegationFixture.LIMITS);
		String tokenB = (String) operatorB.exchange(b.key(), b.id(), consentB.accessToken(),
				DelegationFixture.MERCHANT, "products:read", null).get("access_token");
		assertThat(awaitFeeds(b, tokenB).statusCode()).isEqualTo(200);
		assertThat(products(a, tokenA).statusCode()).isEqualTo(200);

		assertThat(keycloak.admin("DELETE", "/admin/realms/" + realmB + "/agents/grants/" + consentB.grantId(), null)
			.statusCode()).isEqualTo(204);
		// B's max-lag (3 s) is below the feed's 5 s long poll, so B's feed short-polls every second (its cause is
		// fixed and tested in RevocationFeedPollingTests); a 503 revocation_feed_unavailable on a loaded CI machine
		// (a poll more than 3 s late) is still the feed failing closed, not the answer this test waits for
		HttpResponse<String> refused = Eventually.poll(Duration.ofSeconds(10), Duration.ofMillis(100),
				() -> products(b, tokenB), (response) -> response.statusCode() != 200 && response.statusCode() != 503);
		assertRefused(refused, 401, "grant_revoked");
		assertThat(products(a, tokenA).statusCode()).isEqualTo(200);
		// B's agent itself is not revoked: without the delegation it still passes
		assertThat(products(b, null).statusCode()).isEqualTo(200);
	}

	@Test
	void whileRegistryBIsUnreachableKnownAnswersServeAndOnlyUnknownKeysAndBsDelegationsFailClosed() throws Exception {
		Agent known = Agent.register("Known in A");
		Agent unseen = Agent.register("Unseen in A");
		String tokenA = delegate(DelegationFixture.operator, known);
		Agent b = register(realmB, "Delegated in B", AgentKeyPair.generateEd25519());
		String tokenB = delegate(operatorB, b);
		assertThat(awaitFeeds(b, tokenB).statusCode()).isEqualTo(200);
		assertThat(products(known, tokenA).statusCode()).isEqualTo(200);

		proxyB.down();
		// past B's negative-ttl (1 s) and its feed's max-lag (3 s): time must pass, nothing to wait for
		Thread.sleep(4_500);
		// A's key: B's last answer (unknown) is served stale, A's delegation is unaffected by B's feed
		HttpResponse<String> stillA = products(known, tokenA);
		assertThat(stillA.statusCode()).as(stillA.body()).isEqualTo(200);
		assertThat(principal(stillA)).containsEntry("registry", "a");
		// a key B was never asked about: B might hold it for another agent, so fail closed
		assertRefused(products(unseen, null), 503, "registry_unavailable");
		// B's agent: its key is still known, but B's revocation feed is stale
		assertRefused(products(b, tokenB), 503, "revocation_feed_unavailable");
		assertThat(products(b, null).statusCode()).isEqualTo(200);

		proxyB.up();
		HttpResponse<String> back = Eventually.poll(Duration.ofSeconds(15), Duration.ofMillis(200),
				() -> products(unseen, null), (response) -> response.statusCode() == 200);
		assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
	}

	// helpers

	private static Agent register(String realm, String name, AgentKeyPair key) throws Exception {
		Map<String, Object> agent = new LinkedHashMap<>();
		agent.put("name", name);
		agent.put("operator", DelegationFixture.OPERATOR);
		agent.put("keys", List.of(Map.of("jwk", JSONObjectUtils.parse(key.publicJwkJson()))));
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + realm + "/agents",
				JSONObjectUtils.toJSONString(agent));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Agent((String) KeycloakServer.json(created.body()).get("id"), key);
	}

	/** Consent (alice) and token exchange through {@code operator}'s realm: a delegation token for the merchant. */
	private static String delegate(DelegationClient operator, Agent agent) throws Exception {
		Consent consent = DelegationFixture.consent(operator, agent, "alice", null, DelegationFixture.LIMITS);
		return (String) operator.exchange(agent.key(), agent.id(), consent.accessToken(), DelegationFixture.MERCHANT,
				"products:read", null).get("access_token");
	}

	/** A fresh merchant refuses delegations (503) until each feed's first poll. */
	private static HttpResponse<String> awaitFeeds(Agent agent, String token) throws Exception {
		return Eventually.poll(Duration.ofSeconds(15), Duration.ofMillis(100), () -> products(agent, token),
				(response) -> response.statusCode() != 503);
	}

	private static HttpResponse<String> products(Agent agent, String token) throws Exception {
		return products(merchant, agent, token);
	}

	private static HttpResponse<String> products(MerchantServer merchant, Agent agent, String token) throws Exception {
		return http.send(merchant.signedProducts(agent.key(), token), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> principal(HttpResponse<String> response) {
		return (Map<String, Object>) KeycloakServer.json(response.body()).get("agent");
	}

	private static void assertRefused(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(KeycloakServer.json(response.body())).as(response.body()).containsEntry("code", code);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
	}

}
