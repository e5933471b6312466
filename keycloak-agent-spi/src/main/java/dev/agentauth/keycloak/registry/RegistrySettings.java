package dev.agentauth.keycloak.registry;

import org.keycloak.models.RealmModel;

/**
 * Per-realm settings of the key registry, kept as realm attributes (admin REST: the realm representation's
 * {@code attributes}).
 * <ul>
 * <li>{@value #ALLOW_TEST_KEYS} ({@code true}/{@code false}, default {@code false}): whether the registry accepts
 * the published test keys of RFC 9421 Appendix B and the Web Bot Auth drafts ({@code KnownTestKeys}), for
 * registration and from agent providers. Anyone can sign with them; allow them only in development realms.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class RegistrySettings {

	public static final String ALLOW_TEST_KEYS = "agentauth.registry.allow-test-keys";

	private RegistrySettings() {
	}

	/** Whether the realm accepts published test keys. */
	public static boolean allowsTestKeys(RealmModel realm) {
		return "true".equalsIgnoreCase(realm.getAttribute(ALLOW_TEST_KEYS));
	}

}
