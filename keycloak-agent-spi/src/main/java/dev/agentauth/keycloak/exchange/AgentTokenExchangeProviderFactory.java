package dev.agentauth.keycloak.exchange;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

import dev.agentauth.core.signature.VerificationProviders;

/**
 * Registers the delegation token exchange ({@value #ID}). Its order (100) puts it ahead of Keycloak's standard
 * exchange (10); it only takes requests with our {@code actor_token_type} or with a delegation token as
 * subject. Logs once at start which implementation verifies each actor-token algorithm (the Amazon Corretto Crypto
 * Provider when its jar is in {@code providers/} and loads, else BouncyCastle).
 *
 * @since 0.1.0
 */
public final class AgentTokenExchangeProviderFactory implements TokenExchangeProviderFactory {

	public static final String ID = "agent-delegation";

	private static final Logger LOG = Logger.getLogger(AgentTokenExchangeProviderFactory.class);

	@Override
	public TokenExchangeProvider create(KeycloakSession session) {
		return new AgentTokenExchangeProvider(session);
	}

	@Override
	public void init(Config.Scope config) {
	}

	@Override
	public void postInit(KeycloakSessionFactory factory) {
		// no database work here (issue 19): only which verifier the JVM has
		VerificationProviders providers = VerificationProviders.defaults();
		LOG.infof("Agent Auth verifies actor tokens with %s (Amazon Corretto Crypto Provider: %s)",
				providers.byAlgorithm(), providers.nativeStatus());
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
