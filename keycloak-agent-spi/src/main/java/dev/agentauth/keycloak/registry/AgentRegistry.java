package dev.agentauth.keycloak.registry;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import dev.agentauth.core.key.AgentKey;

/**
 * The agent key registry of a Keycloak server: agents and their public keys, per realm. Obtain it with
 * {@code session.getProvider(AgentRegistry.class)}; it joins the request's transaction.
 *
 * @since 0.1.0
 */
public interface AgentRegistry extends Provider {

	AgentModel createAgent(RealmModel realm, String name, @Nullable String description, @Nullable String operator,
			List<String> allowedNetworks);

	Optional<AgentModel> getAgent(RealmModel realm, String agentId);

	/** Agents whose name contains {@code search} (case-insensitive), ordered by name. */
	List<AgentModel> searchAgents(RealmModel realm, @Nullable String search, int first, int max);

	/**
	 * Adds an active key to an agent.
	 * @throws DuplicateKeyException if the realm already has a key with that thumbprint
	 */
	AgentKeyModel addKey(RealmModel realm, String agentId, AgentKey key);

	Optional<AgentKeyModel> findKey(RealmModel realm, String kid);

	List<AgentKeyModel> getKeys(RealmModel realm, String agentId);

	/** Removes every agent and key of the realm (realm deletion). */
	void removeRealm(RealmModel realm);

	/** Raised when a thumbprint is already registered in the realm. */
	final class DuplicateKeyException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public DuplicateKeyException(String kid) {
			super("A key with thumbprint " + kid + " is already registered in this realm");
		}

	}

}
