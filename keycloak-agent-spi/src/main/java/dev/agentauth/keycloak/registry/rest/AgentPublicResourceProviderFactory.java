package dev.agentauth.keycloak.registry.rest;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts {@link AgentPublicResource} at {@code /realms/{realm}/agents}.
 *
 * @since 0.1.0
 */
public final class AgentPublicResourceProviderFactory implements RealmResourceProviderFactory {

	public static final String ID = "agents";

	@Override
	public RealmResourceProvider create(KeycloakSession session) {
		return new RealmResourceProvider() {
			@Override
			public Object getResource() {
				return new AgentPublicResource(session);
			}

			@Override
			public void close() {
			}
		};
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

}
