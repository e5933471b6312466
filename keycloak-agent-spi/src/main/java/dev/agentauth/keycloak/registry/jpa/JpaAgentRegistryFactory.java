package dev.agentauth.keycloak.registry.jpa;

import java.time.Duration;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import dev.agentauth.keycloak.Durations;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.registry.AgentRegistryFactory;

/**
 * JPA implementation of the agent registry (id {@code jpa}). Settings: {@code rotation-overlap} (ISO-8601 or
 * seconds; default {@code PT48H}), how long a retired key stays valid.
 *
 * @since 0.1.0
 */
public final class JpaAgentRegistryFactory implements AgentRegistryFactory {

	public static final String ID = "jpa";

	private Duration rotationOverlap = Duration.ofHours(48);

	@Override
	public AgentRegistry create(KeycloakSession session) {
		return new JpaAgentRegistry(session, session.getProvider(JpaConnectionProvider.class).getEntityManager(),
				this.rotationOverlap);
	}

	@Override
	public void init(Config.Scope config) {
		String overlap = config.get("rotation-overlap");
		if (overlap != null && !overlap.isBlank()) {
			this.rotationOverlap = Durations.parse(overlap);
		}
	}

	@Override
	public void postInit(KeycloakSessionFactory factory) {
		factory.register((event) -> {
			if (event instanceof RealmModel.RealmRemovedEvent removed) {
				removed.getKeycloakSession().getProvider(AgentRegistry.class).removeRealm(removed.getRealm());
			}
		});
	}

	/** How long a retired key stays valid. */
	public Duration rotationOverlap() {
		return this.rotationOverlap;
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return ID;
	}

}
