package dev.agentauth.keycloak.revocation.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import dev.agentauth.keycloak.revocation.SecurityEventStore;
import dev.agentauth.keycloak.revocation.SecurityEventStoreFactory;

/**
 * JPA implementation of the revocation feed (id {@code jpa}, tables {@code AA_SECURITY_EVENT} and
 * {@code AA_SECURITY_EVENT_ACK}). A realm's events go with the realm (in the registry's realm removal).
 *
 * @since 0.1.0
 */
public final class JpaSecurityEventStoreFactory implements SecurityEventStoreFactory {

	public static final String ID = "jpa";

	@Override
	public SecurityEventStore create(KeycloakSession session) {
		return new JpaSecurityEventStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
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
