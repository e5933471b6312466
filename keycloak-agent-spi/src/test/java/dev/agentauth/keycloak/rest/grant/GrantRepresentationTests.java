package dev.agentauth.keycloak.rest.grant;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.GrantStatus;
import dev.agentauth.keycloak.rest.RestJson;

import static org.assertj.core.api.Assertions.assertThat;

class GrantRepresentationTests {

	private static final String DETAILS = "[{\"type\":\"agent_delegation\","
			+ "\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"}}]";

	private static AgentGrantModel grant(GrantStatus status, Instant revokedAt) {
		return new AgentGrantModel("grant-1", "realm-1", "user-1", "agent-1", "demo-operator", List.of("products:read"),
				DETAILS, Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_003_600), status, revokedAt,
				(revokedAt != null) ? "user:user-1" : null);
	}

	@Test
	void grantWhenActiveThenEpochSecondsAndNoRevocationMembers() {
		String json = RestJson.write(GrantRepresentation.of(grant(GrantStatus.ACTIVE, null),
				Instant.ofEpochSecond(1_700_000_001)));

		assertThat(json).startsWith("{\"id\":\"grant-1\",\"user_id\":\"user-1\",\"agent_id\":\"agent-1\","
				+ "\"client_id\":\"demo-operator\",\"scopes\":[\"products:read\"],\"authorization_details\":[{")
			.endsWith("\"created\":1700000000,\"expires\":1700003600,\"status\":\"active\"}")
			.contains("\"max_amount\":{", "\"currency\":\"EUR\"")
			.doesNotContain("revoked", "username", "agent\":");
	}

	@Test
	void grantWhenPastItsExpiryThenExpired() {
		assertThat(GrantRepresentation.of(grant(GrantStatus.ACTIVE, null), Instant.ofEpochSecond(1_700_003_600))
			.status()).isEqualTo("expired");
	}

	@Test
	void grantWhenRevokedThenRevokedAtInEpochSecondsAndBy() {
		String json = RestJson.write(GrantRepresentation.of(grant(GrantStatus.REVOKED, Instant.ofEpochSecond(1_700_000_500)),
				Instant.ofEpochSecond(1_700_000_600)));

		assertThat(json).contains("\"status\":\"revoked\"", "\"revoked_at\":1700000500",
				"\"revoked_by\":\"user:user-1\"");
	}

	@Test
	void grantWhenWithUsernameAndAgentThenBothWritten() {
		GrantRepresentation grant = GrantRepresentation.of(grant(GrantStatus.ACTIVE, null), Instant.EPOCH)
			.withUsername("alice")
			.withAgent(new GrantRepresentation.AgentSummary("Shopping agent", null, "active", List.of("kid-1")));

		assertThat(RestJson.write(grant)).contains("\"username\":\"alice\"",
				"\"agent\":{\"name\":\"Shopping agent\",\"status\":\"active\",\"keys\":[\"kid-1\"]}");
	}

}
