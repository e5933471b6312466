package dev.agentauth.keycloak.signal.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import dev.agentauth.keycloak.signal.AgentStandingStore;
import dev.agentauth.keycloak.signal.AgentStandingStoreFactory;

/**
 * JPA implementation of the standing store (id {@code jpa}, table {@code AA_AGENT_STANDING}). Reports go with
 * their agent and realm (in the registry's deletions).
 *
 * @since 0.1.0
 */
public final class JpaAgentStandingStoreFactory implements AgentStandingStoreFactory {

	public static final String ID = "jpa";

	@Override
	public AgentStandingStore create(KeycloakSession session) {
		return new JpaAgentStandingStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
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
