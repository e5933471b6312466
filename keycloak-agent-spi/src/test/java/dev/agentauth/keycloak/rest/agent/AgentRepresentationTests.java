package dev.agentauth.keycloak.rest.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.rest.RestJson;

import static org.assertj.core.api.Assertions.assertThat;

class AgentRepresentationTests {

	// RFC 8037 appendix A.2
	static final String JWK = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
			+ "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

	static final String KID = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

	static AgentModel agent(AgentStatus status, String operator) {
		return new AgentModel("agent-1", "realm-1", "Shopping agent", null, operator, status,
				List.of("192.0.2.0/24"), Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_000_100));
	}

	static AgentKeyModel key(KeyStatus status, Instant notAfter, Instant lastUsed) throws Exception {
		return new AgentKeyModel("agent-1", AgentKey.parse(JWK), status, null, notAfter,
				Instant.ofEpochSecond(1_700_000_000), lastUsed);
	}

	@Test
	void agentWhenWrittenThenSnakeCaseEpochSecondsLowerCaseStatusAndNoNulls() throws Exception {
		String json = RestJson.write(AgentRepresentation.of(agent(AgentStatus.SUSPENDED, null),
				List.of(key(KeyStatus.ACTIVE, null, null))));

		assertThat(json).isEqualTo("{\"id\":\"agent-1\",\"name\":\"Shopping agent\",\"status\":\"suspended\","
				+ "\"allowed_networks\":[\"192.0.2.0/24\"],\"created\":1700000000,\"updated\":1700000100,"
				+ "\"keys\":[{\"kid\":\"" + KID + "\",\"alg\":\"ed25519\",\"status\":\"active\","
				+ "\"created\":1700000000,\"jwk\":" + JWK + "}]}");
	}

	@Test
	void keyWhenRetiredAndUsedThenTimesInEpochSecondsWithAgentIdAndWarningOnlyWhenAdded() throws Exception {
		AgentKeyRepresentation key = AgentKeyRepresentation
			.of(key(KeyStatus.RETIRED, Instant.ofEpochSecond(1_700_172_800), Instant.ofEpochSecond(1_700_000_050)));

		assertThat(RestJson.write(key)).contains("\"status\":\"retired\"", "\"not_after\":1700172800",
				"\"last_used\":1700000050").doesNotContain("agent_id", "warning", "not_before");
		assertThat(RestJson.write(key.withAgentId("agent-1").withWarning("still used")))
			.contains("\"agent_id\":\"agent-1\"", "\"warning\":\"still used\"");
	}

	@Test
	void agentWhenWrittenThenReadsBackAsAMapWithTheDocumentedMembers() throws Exception {
		Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper()
			.readValue(RestJson.write(AgentRepresentation.of(agent(AgentStatus.ACTIVE, "op"), List.of())),
					new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
					});

		assertThat(json.keySet()).containsExactly("id", "name", "operator", "status", "allowed_networks", "created",
				"updated", "keys");
	}

}
