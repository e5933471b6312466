package dev.agentauth.keycloak.grant.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.grant.AgentGrantStoreFactory;

/**
 * JPA implementation of the grant store (id {@code jpa}, table {@code AA_AGENT_GRANT}). Deleting a user or a
 * realm deletes its grants; deleting an agent deletes its grants (in the registry's delete).
 *
 * @since 0.1.0
 */
public final class JpaAgentGrantStoreFactory implements AgentGrantStoreFactory {

	public static final String ID = "jpa";

	@Override
	public AgentGrantStore create(KeycloakSession session) {
		return new JpaAgentGrantStore(session, session.getProvider(JpaConnectionProvider.class).getEntityManager());
	}

	@Override
	public void init(Config.Scope config) {
	}

	@Override
	public void postInit(KeycloakSessionFactory factory) {
		factory.register((event) -> {
			if (event instanceof UserModel.UserRemovedEvent removed) {
				removed.getKeycloakSession().getProvider(AgentGrantStore.class)
					.removeUserGrants(removed.getRealm(), removed.getUser().getId());
			}
			else if (event instanceof RealmModel.RealmRemovedEvent removed) {
				removed.getKeycloakSession().getProvider(AgentGrantStore.class).removeRealm(removed.getRealm());
			}
		});
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return ID;
	}

}
