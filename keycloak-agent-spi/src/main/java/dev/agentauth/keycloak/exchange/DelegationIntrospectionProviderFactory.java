package dev.agentauth.keycloak.exchange;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/**
 * Takes over the {@code access_token} introspection provider (same id, higher order): delegation tokens are
 * introspected against their grant, everything else by Keycloak's own provider, unchanged. The provider it
 * creates is an {@link org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider}, as Keycloak's code that
 * looks this id up expects.
 *
 * @since 0.1.0
 */
public final class DelegationIntrospectionProviderFactory implements TokenIntrospectionProviderFactory {

	/** Keycloak's id for access token introspection (the default {@code token_type_hint}). */
	public static final String ID = "access_token";

	@Override
	public TokenIntrospectionProvider create(KeycloakSession session) {
		return new DelegationIntrospectionProvider(session);
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
		return 10;
	}

}
