package dev.agentauth.keycloak.consent;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessorFactory;

import dev.agentauth.core.delegation.DelegationDetails;

/**
 * Registers {@link AgentDelegationDetailsProcessor}; Keycloak looks processors up by id = the type.
 *
 * @since 0.1.0
 */
public final class AgentDelegationDetailsProcessorFactory implements AuthorizationDetailsProcessorFactory {

	@Override
	public AuthorizationDetailsProcessor<?> create(KeycloakSession session) {
		return new AgentDelegationDetailsProcessor();
	}

	@Override
	public void init(Config.Scope config) {
	}

	@Override
	public void postInit(KeycloakSessionFactory factory) {
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return DelegationDetails.TYPE;
	}

}
