package dev.agentauth.keycloak.exchange;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

/**
 * Registers the delegation token exchange ({@value #ID}). Its order (100) puts it ahead of Keycloak's standard
 * exchange (10); it only takes requests with our {@code actor_token_type} or with a delegation token as
 * subject.
 *
 * @since 0.1.0
 */
public final class AgentTokenExchangeProviderFactory implements TokenExchangeProviderFactory {

	public static final String ID = "agent-delegation";

	@Override
	public TokenExchangeProvider create(KeycloakSession session) {
		return new AgentTokenExchangeProvider(session);
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
		return ID;
	}

	@Override
	public int order() {
		return 100;
	}

}
