package dev.agentauth.keycloak.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;

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

	/**
	 * Reads the agent with a write lock held until the transaction ends ({@code SELECT … FOR UPDATE} in the
	 * database, so on every node of a cluster): changes to one agent that depend on what other transactions wrote
	 * (the auto-suspend policy counting merchants' reports) run one after the other and see each other's commits.
	 * Empty if there is no such agent.
	 */
	Optional<AgentModel> lockAgent(RealmModel realm, String agentId);

	/** Replaces the descriptive fields; empty if there is no such agent. */
	Optional<AgentModel> updateAgent(RealmModel realm, String agentId, String name, @Nullable String description,
			@Nullable String operator, List<String> allowedNetworks);

	/** Sets the agent's status; empty if there is no such agent. */
	Optional<AgentModel> setAgentStatus(RealmModel realm, String agentId, AgentStatus status);

	/** Deletes the agent and its keys; false if there was no such agent. */
	boolean deleteAgent(RealmModel realm, String agentId);

	/**
	 * Retires a key: it stays valid until now + the rotation overlap window (or its earlier {@code not_after}).
	 * Empty if the agent has no such key.
	 */
	Optional<AgentKeyModel> retireKey(RealmModel realm, String agentId, String kid);

	/** Revokes a key at once. Empty if the agent has no such key. */
	Optional<AgentKeyModel> revokeKey(RealmModel realm, String agentId, String kid);

	/** Agents whose name contains {@code search} (case-insensitive), ordered by name. */
	default List<AgentModel> searchAgents(RealmModel realm, @Nullable String search, int first, int max) {
		return searchAgents(realm, search, null, first, max);
	}

	/**
	 * Agents whose name contains {@code search} (case-insensitive) and, when given, with that status; ordered by
	 * name.
	 */
	List<AgentModel> searchAgents(RealmModel realm, @Nullable String search, @Nullable AgentStatus status, int first,
			int max);

	/**
	 * Adds an active key to an agent.
	 * @throws DuplicateKeyException if the realm already has a key with that thumbprint
	 */
	AgentKeyModel addKey(RealmModel realm, String agentId, AgentKey key);

	Optional<AgentKeyModel> findKey(RealmModel realm, String kid);

	List<AgentKeyModel> getKeys(RealmModel realm, String agentId);

	/**
	 * Raises each key's {@code last_used} to the reported time (never lowers it: the value is the max over
	 * merchants). Unknown keyids are skipped.
	 * @return how many of the keys exist in the realm
	 */
	int recordKeyUsage(RealmModel realm, Map<String, Instant> lastUsed);

	/** Retired or revoked keys whose {@code last_used} is at or after {@code since}, most recently used first. */
	List<AgentKeyModel> retiredKeysUsedSince(RealmModel realm, Instant since, int max);

	// --- brokered agents and keys (agent providers) ---

	/**
	 * The agent brokered from provider {@code provider} for {@code subject} (the JWKS {@code kid} of a
	 * {@code jwks} provider, null for the one agent of a Web Bot Auth directory), created active with
	 * {@code name} if there is none yet.
	 */
	AgentModel brokeredAgent(RealmModel realm, String provider, @Nullable String subject, String name);

	/** The agents brokered from a provider. */
	List<AgentModel> providerAgents(RealmModel realm, String provider);

	/** The keys brokered from a provider, in every status. */
	List<AgentKeyModel> providerKeys(RealmModel realm, String provider);

	/**
	 * Stores a key the provider publishes as {@code providerKeyId}: a new key is active; a retired one the
	 * provider publishes again is active again (a revoked one stays revoked); if the provider now publishes another
	 * key under that id, the old one is revoked (a revocation event) and replaced.
	 */
	AgentKeyModel putProviderKey(RealmModel realm, String agentId, String provider, String providerKeyId,
			AgentKey key);

	/**
	 * Every key the public lookup may answer for {@code keyId}: the registered key with that thumbprint and the
	 * brokered keys with that provider key id (more than one is ambiguous).
	 */
	List<AgentKeyModel> findKeys(RealmModel realm, String keyId);

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
