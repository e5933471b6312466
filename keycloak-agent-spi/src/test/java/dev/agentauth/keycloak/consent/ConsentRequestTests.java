package dev.agentauth.keycloak.consent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.keycloak.Fakes;
import dev.agentauth.keycloak.JpaStoreFixture;
import dev.agentauth.keycloak.consent.ConsentRequest.ConsentException;
import dev.agentauth.keycloak.grant.RealmSettings;
import dev.agentauth.keycloak.registry.AgentModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Reading the consent request from the authorization request, against the JPA registry. */
class ConsentRequestTests {

	private static final String DETAILS = """
			[{"type":"agent_delegation","max_amount":{"value":"50.00","currency":"EUR"}}]""";

	private final JpaStoreFixture fixture = new JpaStoreFixture();

	private final RealmModel realm = Fakes.realm("realm-consent", Map.of(RealmSettings.GRANT_MAX_LIFETIME, "P7D"));

	private final Map<String, String> notes = new HashMap<>();

	private final AgentModel agent = this.fixture.registry()
		.createAgent(this.realm, "Shopping bot", null, "operator", List.of());

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private static ClientScopeModel scope(String name, boolean delegable) {
		return Fakes.of(ClientScopeModel.class, Map.of("getName", (args) -> name, "getAttribute",
				(args) -> ConsentRequest.DELEGABLE.equals(args[0]) ? String.valueOf(delegable) : null));
	}

	private AuthenticationSessionModel authSession() {
		ClientModel client = Fakes.of(ClientModel.class, Map.of("getClientId", (args) -> "operator",
				"getClientScopes", (args) -> ((Boolean) args[0])
						? Map.of("orders", scope("orders", true), "profile", scope("profile", false))
						: Map.of("payments", scope("payments", true))));
		return Fakes.of(AuthenticationSessionModel.class, Map.of("getRealm", (args) -> this.realm, "getClient",
				(args) -> client, "getClientNote", (args) -> this.notes.get((String) args[0])));
	}

	private void agentRequest() throws Exception {
		this.fixture.registry()
			.addKey(this.realm, this.agent.id(),
					AgentKey.from(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK()));
		this.notes.put("client_request_param_agent_id", this.agent.id());
		this.notes.put("scope", "openid orders profile payments");
		this.notes.put("authorization_details", DETAILS);
	}

	private ConsentRequest read() throws ConsentException {
		return ConsentRequest.read(this.fixture.session(), authSession());
	}

	private void refused(String messageKey) {
		assertThatExceptionOfType(ConsentException.class).isThrownBy(this::read)
			.satisfies((ex) -> assertThat(ex.messageKey()).isEqualTo(messageKey));
	}

	@Test
	void readWhenCompleteThenDelegableScopesDetailsAndLifetimesCappedByTheRealm() throws Exception {
		agentRequest();
		this.notes.put("client_request_param_agent_grant_lifetime", "7200");

		ConsentRequest request = read();

		assertThat(ConsentRequest.isAgentRequest(authSession())).isTrue();
		assertThat(request.agent()).isEqualTo(this.agent);
		assertThat(request.keys()).hasSize(1);
		assertThat(request.scopeNames()).containsExactly("orders", "payments");
		assertThat(request.detailsJson()).contains("agent_delegation");
		assertThat(request.defaultLifetime()).isEqualTo(7200);
		assertThat(request.lifetimeOptions()).containsExactly(3600L, 7200L, 86_400L, 604_800L);
	}

	@Test
	void readWhenNoProposedLifetimeThenTheRealmsMaximum() throws Exception {
		agentRequest();
		assertThat(read().defaultLifetime()).isEqualTo(604_800);
	}

	@Test
	void readWhenNoAgentThenRefused() {
		assertThat(ConsentRequest.isAgentRequest(authSession())).isFalse();
		refused("agentConsentNoAgent");
		this.notes.put("client_request_param_agent_id", "no-such-agent");
		refused("agentConsentUnknownAgent");
	}

	@Test
	void readWhenAgentOfAnotherOperatorOrNotActiveOrWithoutKeyThenRefused() throws Exception {
		this.notes.put("client_request_param_agent_id", this.agent.id());
		refused("agentConsentNoKey");
		agentRequest();
		this.fixture.registry().setAgentStatus(this.realm, this.agent.id(), AgentStatus.SUSPENDED);
		refused("agentConsentAgentNotActive");
		AgentModel other = this.fixture.registry().createAgent(this.realm, "Other", null, "other-operator", List.of());
		this.notes.put("client_request_param_agent_id", other.id());
		refused("agentConsentWrongOperator");
	}

	@Test
	void readWhenABrokeredAgentsProviderIsNotEnabledHereThenRefused() {
		// a brokered agent whose provider is gone (or disabled): nothing to approve
		AgentModel brokered = this.fixture.registry().brokeredAgent(this.realm, "no-such-provider", null, "Crawler");
		this.notes.put("client_request_param_agent_id", brokered.id());
		this.notes.put("scope", "openid orders");
		this.notes.put("authorization_details", DETAILS);
		refused("agentConsentProviderDisabled");
	}

	@Test
	void readWhenNoDelegableScopeOrNoLimitsThenRefused() throws Exception {
		agentRequest();
		this.notes.put("authorization_details", "[{\"type\":\"agent_delegation\"}]");
		refused("agentConsentBadLimits");
		this.notes.remove("authorization_details");
		refused("agentConsentNoLimits");
		this.notes.put("scope", "openid profile");
		refused("agentConsentNoScopes");
	}

}
