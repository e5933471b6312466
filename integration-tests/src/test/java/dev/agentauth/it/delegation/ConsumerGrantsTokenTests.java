package dev.agentauth.it.delegation;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer grants API ({@code GET}/{@code DELETE /realms/{realm}/agents/grants[/{id}]}) takes the consumer's
 * token of the account console and no other token of the consumer: not a delegation token a merchant holds
 * ({@code aud} = the merchant, {@code act}, {@code cnf}), not the consumer token an operator redeemed at consent
 * ({@code azp} = the operator, {@code agent_grant}), not a plain login token of the operator client. Each refusal is
 * an RFC 6750 error in {@code WWW-Authenticate} and leaves every grant as it was.
 */
class ConsumerGrantsTokenTests {

	private static final String GRANTS = "/realms/" + DelegationFixture.REALM + "/agents/grants";

	private static KeycloakServer keycloak;

	@BeforeAll
	static void start() {
		DelegationFixture.start();
		keycloak = DelegationFixture.keycloak;
	}

	@Test
	void aMerchantHoldingADelegationTokenCanNeitherListNorReadNorRevokeTheConsumersGrants() throws Exception {
		Agent agent = Agent.register("Merchant probe");
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		Consent other = DelegationFixture.consent(Agent.register("Another agent of alice"), "alice", null);
		String delegation = (String) DelegationFixture.operator
			.exchange(agent.key(), agent.id(), consent.accessToken(), DelegationFixture.MERCHANT, null, null)
			.get("access_token");

		assertRefused(keycloak.withToken(delegation, "GET", GRANTS, null), 401, "invalid_token");
		assertRefused(keycloak.withToken(delegation, "GET", GRANTS + "/" + other.grantId(), null), 401,
				"invalid_token");
		assertRefused(keycloak.withToken(delegation, "DELETE", GRANTS + "/" + other.grantId(), null), 401,
				"invalid_token");
		assertRefused(keycloak.withToken(delegation, "DELETE", GRANTS + "/" + consent.grantId(), null), 401,
				"invalid_token");
		assertActive(consent);
		assertActive(other);
	}

	@Test
	void anOperatorCanNeitherListNorRevokeGrantsWithTheConsumersTokensItHolds() throws Exception {
		Consent own = DelegationFixture.consent(Agent.register("Operator's own agent"), "alice", null);
		// a grant the operator must not touch (in production, one to a competing operator's agent)
		Consent competitor = DelegationFixture.consent(Agent.register("Competitor's agent"), "alice", null);

		// the consumer token it redeemed at consent (azp = the operator, agent_grant)
		for (String grant : new String[] { own.grantId(), competitor.grantId() }) {
			assertRefused(keycloak.withToken(own.accessToken(), "DELETE", GRANTS + "/" + grant, null), 401,
					"invalid_token");
		}
		assertRefused(keycloak.withToken(own.accessToken(), "GET", GRANTS, null), 401, "invalid_token");
		// a plain login of the consumer at the operator client (azp = the operator, no grant in it)
		String login = DelegationFixture.consumerToken("alice", "alice");
		assertRefused(keycloak.withToken(login, "GET", GRANTS, null), 403, "insufficient_scope");
		assertRefused(keycloak.withToken(login, "GET", GRANTS + "/" + competitor.grantId(), null), 403,
				"insufficient_scope");
		assertRefused(keycloak.withToken(login, "DELETE", GRANTS + "/" + competitor.grantId(), null), 403,
				"insufficient_scope");
		assertActive(own);
		assertActive(competitor);
	}

	@Test
	void theAccountConsolesTokenListsReadsAndRevokesTheConsumersOwnGrantsOnly() throws Exception {
		Consent consent = DelegationFixture.consent(Agent.register("Console managed"), "alice", null);
		String alice = DelegationFixture.consoleToken("alice");
		HttpResponse<String> listed = keycloak.withToken(alice, "GET", GRANTS, null);
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		assertThat(listed.body()).contains(consent.grantId());
		assertThat(keycloak.withToken(alice, "GET", GRANTS + "/" + consent.grantId(), null).statusCode()).isEqualTo(200);

		String bob = DelegationFixture.consoleToken("bob");
		assertThat(keycloak.withToken(bob, "GET", GRANTS, null).body()).doesNotContain(consent.grantId());
		assertThat(keycloak.withToken(bob, "DELETE", GRANTS + "/" + consent.grantId(), null).statusCode())
			.isEqualTo(404);
		assertActive(consent);

		assertThat(keycloak.withToken(alice, "DELETE", GRANTS + "/" + consent.grantId(), null).statusCode())
			.isEqualTo(204);
		assertThat(grant(consent)).containsEntry("status", "revoked")
			.hasEntrySatisfying("revoked_at", (at) -> assertThat(at).isInstanceOf(Number.class));
	}

	@Test
	void serviceAccountsAndAnonymousCallersAreRefused() throws Exception {
		assertThat(keycloak.withToken(null, "GET", GRANTS, null).statusCode()).isEqualTo(401);
		String merchant = keycloak.clientToken(DelegationFixture.REALM, DelegationFixture.MERCHANT,
				"demo-merchant-secret");
		assertRefused(keycloak.withToken(merchant, "GET", GRANTS, null), 403, "insufficient_scope");
	}

	private static void assertRefused(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer ")
			.contains("error=\"" + error + "\"");
		assertThat(KeycloakServer.json(response.body())).containsEntry("error", error);
		assertThat(response.body()).doesNotContain("agent_id");
	}

	private static void assertActive(Consent consent) {
		// times in epoch seconds, status in lower case, as everywhere in the REST API
		assertThat(grant(consent)).containsEntry("status", "active").doesNotContainKey("revoked_by")
			.hasEntrySatisfying("created", (at) -> assertThat(at).isInstanceOf(Number.class))
			.hasEntrySatisfying("expires", (at) -> assertThat(at).isInstanceOf(Number.class));
	}

	private static Map<String, Object> grant(Consent consent) {
		HttpResponse<String> grant = keycloak.admin("GET",
				"/admin/realms/" + DelegationFixture.REALM + "/agents/grants/" + consent.grantId(), null);
		assertThat(grant.statusCode()).as(grant.body()).isEqualTo(200);
		return KeycloakServer.json(grant.body());
	}

}
