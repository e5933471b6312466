package dev.agentauth.keycloak.rest.realm;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts {@link AgentPublicResource} at {@code /realms/{realm}/agents}. Setting
 * {@code spi-realm-restapi-extension--agents--max-age} (seconds, default 60): {@code Cache-Control: max-age} of
 * the public lookups.
 *
 * @since 0.1.0
 */
public final class AgentPublicResourceProviderFactory implements RealmResourceProviderFactory {

	public static final String ID = "agents";

	private int maxAgeSeconds = AgentPublicResource.DEFAULT_MAX_AGE_SECONDS;

	@Override
	public RealmResourceProvider create(KeycloakSession session) {
		return new RealmResourceProvider() {
			@Override
			public Object getResource() {
				return new AgentPublicResource(session, AgentPublicResourceProviderFactory.this.maxAgeSeconds);
			}

			@Override
			public void close() {
			}
		};
	}

	@Override
	public void init(Config.Scope config) {
		// spi-realm-restapi-extension--agents--max-age: Cache-Control max-age of the public lookups, in seconds
		Integer maxAge = config.getInt("max-age");
		if (maxAge != null) {
			if (maxAge < 0) {
				throw new IllegalArgumentException("spi-realm-restapi-extension--agents--max-age must be >= 0");
			}
			this.maxAgeSeconds = maxAge;
		}
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

}
