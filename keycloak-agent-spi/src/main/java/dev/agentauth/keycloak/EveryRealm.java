package dev.agentauth.keycloak;

import java.util.function.Consumer;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Applies a piece of realm set-up (roles, required actions) to every realm: those that exist when Keycloak has
 * started, and those created or imported later.
 * <p>
 * The realms that exist at start-up are visited on Keycloak's {@link PostMigrationEvent}, never in
 * {@code postInit}: a factory's {@code postInit} can run before Keycloak's EntityManagerFactory exists, and a
 * transaction opened there then fails the whole start with "emf is null" (keycloak/keycloak#14570; seen here in 5
 * of 6 starts on a loaded CPU). The event is published once the database is migrated and ready.
 *
 * @since 0.1.0
 */
public final class EveryRealm {

	private EveryRealm() {
	}

	/**
	 * Registers {@code setUp} to run, inside a transaction, for every realm existing after start-up and for every
	 * realm created afterwards. Call it from a factory's {@code postInit}; it does no database work there.
	 * @param factory the session factory handed to {@code postInit}
	 * @param setUp idempotent set-up of one realm
	 */
	public static void apply(KeycloakSessionFactory factory, Consumer<RealmModel> setUp) {
		factory.register((event) -> {
			if (event instanceof PostMigrationEvent migrated) {
				KeycloakModelUtils.runJobInTransaction(migrated.getFactory(),
						(session) -> session.realms().getRealmsStream().forEach(setUp));
			}
			else if (event instanceof RealmModel.RealmPostCreateEvent created) {
				setUp.accept(created.getCreatedRealm());
			}
		});
	}

}
