package dev.agentauth.keycloak.consent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.ConsentParameters;
import dev.agentauth.core.delegation.DelegationDetails;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.keycloak.grant.RealmSettings;
import dev.agentauth.keycloak.provider.AgentProviderModel;
import dev.agentauth.keycloak.provider.AgentProviderStore;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;

/**
 * What the operator client asked the consumer to approve, read from the authorization request: {@code agent_id},
 * the delegable scopes of {@code scope}, {@code authorization_details} of type {@code agent_delegation} and an
 * optional {@code agent_grant_lifetime} (seconds).
 */
record ConsentRequest(AgentModel agent, List<AgentKeyModel> keys, List<ClientScopeModel> scopes,
		DelegationDetails details, String detailsJson, List<Long> lifetimeOptions, long defaultLifetime,
		@Nullable AgentProviderModel provider) {

	/** Authorization request parameter naming the agent. */
	static final String AGENT_ID = "agent_id";

	/** Optional authorization request parameter: the grant lifetime the agent proposes, in seconds. */
	static final String LIFETIME = "agent_grant_lifetime";

	/** Client scope attribute marking scopes a consumer may delegate to an agent. */
	static final String DELEGABLE = "agentauth.delegable";

	private static final String PARAM_PREFIX = "client_request_param_";

	private static final long[] STANDARD_LIFETIMES = { 3600, 86400, 7 * 86400, 30 * 86400 };

	static boolean isAgentRequest(AuthenticationSessionModel authSession) {
		return authSession.getClientNote(PARAM_PREFIX + AGENT_ID) != null;
	}

	static ConsentRequest read(KeycloakSession session, AuthenticationSessionModel authSession)
			throws ConsentException {
		RealmModel realm = authSession.getRealm();
		String agentId = authSession.getClientNote(PARAM_PREFIX + AGENT_ID);
		if (agentId == null || agentId.isBlank()) {
			throw new ConsentException("agentConsentNoAgent");
		}
		AgentRegistry registry = session.getProvider(AgentRegistry.class);
		AgentModel agent = registry.getAgent(realm, agentId)
			.orElseThrow(() -> new ConsentException("agentConsentUnknownAgent", agentId));
		String clientId = authSession.getClient().getClientId();
		if (agent.operator() != null && !agent.operator().equals(clientId)) {
			throw new ConsentException("agentConsentWrongOperator", agent.name(), clientId);
		}
		if (agent.status() != AgentStatus.ACTIVE) {
			throw new ConsentException("agentConsentAgentNotActive", agent.name(),
					agent.status().name().toLowerCase(java.util.Locale.ROOT));
		}
		// a brokered agent: its provider must be enabled (a disabled provider's keys are unknown to merchants)
		AgentProviderModel provider = null;
		if (agent.provider() != null) {
			provider = session.getProvider(AgentProviderStore.class)
				.get(realm, agent.provider())
				.filter(AgentProviderModel::enabled)
				.orElseThrow(() -> new ConsentException("agentConsentProviderDisabled", agent.name()));
		}
		List<AgentKeyModel> keys = registry.getKeys(realm, agentId)
			.stream()
			.filter((key) -> key.status() == KeyStatus.ACTIVE)
			.toList();
		if (keys.isEmpty()) {
			throw new ConsentException("agentConsentNoKey", agent.name());
		}
		List<ClientScopeModel> scopes = delegableScopes(authSession.getClient(), authSession.getClientNote("scope"));
		if (scopes.isEmpty()) {
			throw new ConsentException("agentConsentNoScopes");
		}
		String detailsJson = authSession.getClientNote("authorization_details");
		if (detailsJson == null) {
			throw new ConsentException("agentConsentNoLimits");
		}
		DelegationDetails details;
		try {
			details = DelegationDetails.parse(detailsJson);
		}
		catch (AgentAuthException ex) {
			throw new ConsentException("agentConsentBadLimits", ex.getMessage());
		}
		long cap = RealmSettings.grantMaxLifetime(realm).toSeconds();
		Duration proposed = ConsentParameters.lifetime(authSession.getClientNote(PARAM_PREFIX + LIFETIME));
		long defaultLifetime = (proposed == null) ? cap : Math.min(proposed.toSeconds(), cap);
		TreeSet<Long> options = new TreeSet<>();
		Arrays.stream(STANDARD_LIFETIMES).filter((value) -> value <= cap).forEach(options::add);
		options.add(cap);
		options.add(defaultLifetime);
		return new ConsentRequest(agent, keys, scopes, details, details.toJson(), new ArrayList<>(options),
				defaultLifetime, provider);
	}

	/** The scope names the grant gets. */
	List<String> scopeNames() {
		return this.scopes.stream().map(ClientScopeModel::getName).toList();
	}

	private static List<ClientScopeModel> delegableScopes(ClientModel client, String scopeParam) {
		List<ClientScopeModel> scopes = new ArrayList<>();
		java.util.Map<String, ClientScopeModel> available = new java.util.HashMap<>(client.getClientScopes(true));
		available.putAll(client.getClientScopes(false));
		for (String name : ConsentParameters.scopeNames(scopeParam)) {
			ClientScopeModel scope = available.get(name);
			if (scope != null && Boolean.parseBoolean(scope.getAttribute(DELEGABLE))) {
				scopes.add(scope);
			}
		}
		return scopes;
	}

	/** Why a consent cannot be shown: a message key of our theme and its parameters. */
	static final class ConsentException extends Exception {

		private static final long serialVersionUID = 1L;

		private final transient Object[] parameters;

		ConsentException(String messageKey, Object... parameters) {
			super(messageKey);
			this.parameters = parameters;
		}

		String messageKey() {
			return getMessage();
		}

		Object[] parameters() {
			return this.parameters;
		}

	}

}
