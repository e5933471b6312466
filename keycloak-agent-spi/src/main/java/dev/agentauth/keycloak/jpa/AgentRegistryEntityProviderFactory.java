package dev.agentauth.keycloak.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the extension's JPA entities and Liquibase changelog with Keycloak (in a package of its own: it
 * depends on every store's entities, and no store depends on it).
 *
 * @since 0.1.0
 */
public final class AgentRegistryEntityProviderFactory implements JpaEntityProviderFactory {

	static final String ID = "agent-registry";

	@Override
	public JpaEntityProvider create(KeycloakSession session) {
		return new AgentRegistryEntityProvider();
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
