package dev.agentauth.it.registry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.KeyProof;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.CompactJws;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agent operators (service accounts with the realm role agent-operator) register their own agents and keys at
 * /realms/{realm}/agents, proving possession of every new key.
 */
class OperatorSelfRegistrationTests {

	private static final String REALM = "agentic-commerce";

	private static final String OPERATOR = "demo-agent-operator";

	private static KeycloakServer keycloak;

	private static String operatorToken;

	private static String issuer;

	@BeforeAll
	static void start() {
		keycloak = KeycloakServer.get();
		operatorToken = keycloak.clientToken(REALM, OPERATOR, "demo-operator-secret");
		issuer = keycloak.uri("/realms/" + REALM).toString();
	}

	@Test
	void operatorCreatesItsAgentAndRegistersRetiresAndRevokesKeysWithProof() throws Exception {
		String agentId = createAgent();
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		HttpResponse<String> added = addKey(agentId, key, KeyProof.create(key, agentId, issuer));
		assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
		RegisteredKey registered = lookup(key);
		assertThat(registered.agentId()).isEqualTo(agentId);
		assertThat(registered.operator()).isEqualTo(OPERATOR);

		String keyPath = "/realms/" + REALM + "/agents/" + agentId + "/keys/" + key.thumbprint();
		assertThat(keycloak.withToken(operatorToken, "POST", keyPath + "/retire", null).statusCode()).isEqualTo(200);
		assertThat(lookup(key).keyStatus()).isEqualTo(KeyStatus.RETIRED);
		assertThat(keycloak.withToken(operatorToken, "POST", keyPath + "/revoke", null).statusCode()).isEqualTo(200);
		assertThat(lookup(key).keyStatus()).isEqualTo(KeyStatus.REVOKED);
	}

	@Test
	void keyWithoutValidProofIsRefusedAndNotStored() throws Exception {
		String agentId = createAgent();
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		AgentKeyPair other = AgentKeyPair.generateEd25519();
		String[] badProofs = { null, "not-a-jws", KeyProof.create(other, agentId, issuer),
				KeyProof.create(key, "another-agent", issuer), KeyProof.create(key, agentId, "https://elsewhere/realms/x"),
				KeyProof.create(key, agentId, issuer, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))),
				// right key and claims, but not typed as a key proof (RFC 8725 §3.11): another JWS of this key
				CompactJws.sign(key.signingKey(), "JWT",
						Map.of("sub", agentId, "aud", issuer, "iat", Instant.now().getEpochSecond())) };
		for (String proof : badProofs) {
			HttpResponse<String> refused = addKey(agentId, key, proof);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(KeycloakServer.json(refused.body())).containsEntry("error", "invalid_proof");
		}
		assertThat(keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + key.thumbprint())).build()).statusCode())
			.isEqualTo(404);
	}

	@Test
	void operatorCannotTouchAgentsItDoesNotOperateNorUseTheAdminApi() throws Exception {
		HttpResponse<String> foreign = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"foreign\",\"operator\":\"someone-else\"}");
		String foreignId = (String) KeycloakServer.json(foreign.body()).get("id");
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		assertThat(addKey(foreignId, key, KeyProof.create(key, foreignId, issuer)).statusCode()).isEqualTo(403);

		String agentId = createAgent();
		assertThat(keycloak.withToken(operatorToken, "POST", "/admin/realms/" + REALM + "/agents/" + agentId + "/suspend",
				null).statusCode()).isEqualTo(403);
		assertThat(keycloak.withToken(operatorToken, "GET", "/admin/realms/" + REALM + "/agents", null).statusCode())
			.isEqualTo(403);
		HttpResponse<String> withKeys = keycloak.withToken(operatorToken, "POST", "/realms/" + REALM + "/agents",
				"{\"name\":\"x\",\"keys\":[{\"jwk\":" + key.publicJwkJson() + "}]}");
		assertThat(withKeys.statusCode()).isEqualTo(400);
	}

	@Test
	void selfRegistrationNeedsAnOperatorServiceAccount() {
		String path = "/realms/" + REALM + "/agents";
		assertThat(keycloak.withToken(null, "POST", path, "{\"name\":\"anon\"}").statusCode()).isEqualTo(401);
		String merchant = keycloak.clientToken(REALM, "demo-merchant", "demo-merchant-secret");
		assertThat(keycloak.withToken(merchant, "POST", path, "{\"name\":\"merchant\"}").statusCode()).isEqualTo(403);
	}

	private static String createAgent() {
		HttpResponse<String> created = keycloak.withToken(operatorToken, "POST", "/realms/" + REALM + "/agents",
				"{\"name\":\"self-" + UUID.randomUUID() + "\",\"operator\":\"spoofed\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Map<String, Object> agent = KeycloakServer.json(created.body());
		assertThat(agent).containsEntry("operator", OPERATOR);
		return (String) agent.get("id");
	}

	private static HttpResponse<String> addKey(String agentId, AgentKeyPair key, String proof) {
		String body = "{\"jwk\":" + key.publicJwkJson() + ((proof == null) ? "" : ",\"proof\":\"" + proof + "\"") + "}";
		return keycloak.withToken(operatorToken, "POST", "/realms/" + REALM + "/agents/" + agentId + "/keys", body);
	}

	private static RegisteredKey lookup(AgentKeyPair key) throws Exception {
		HttpResponse<String> response = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + key.thumbprint())).build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return RegisteredKey.parse(response.body());
	}

}
