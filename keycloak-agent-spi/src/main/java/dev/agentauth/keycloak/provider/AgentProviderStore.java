package dev.agentauth.keycloak.provider;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The realm's trusted agent providers. Obtain it with {@code session.getProvider(AgentProviderStore.class)}; it
 * joins the request's transaction. Deleting a provider or a realm is done by {@link ProviderKeySync}, which also
 * removes the brokered agents.
 *
 * @since 0.1.0
 */
public interface AgentProviderStore extends Provider {

	/**
	 * Adds a provider, due for a fetch now.
	 * @throws DuplicateAliasException if the realm already has a provider with this alias
	 */
	AgentProviderModel create(RealmModel realm, ProviderSettings settings);

	Optional<AgentProviderModel> get(RealmModel realm, String alias);

	/** The realm's providers, ordered by alias. */
	List<AgentProviderModel> list(RealmModel realm);

	/** Replaces the settings (the alias stays); a changed URL is due for a fetch now. Empty if no such provider. */
	Optional<AgentProviderModel> update(RealmModel realm, String alias, ProviderSettings settings);

	/** Removes the provider row only; false if there was none. */
	boolean delete(RealmModel realm, String alias);

	/** Records a fetch: its time, result ({@code ok} or an error code), error text, key count and next due time. */
	Optional<AgentProviderModel> recordFetch(RealmModel realm, String alias, Instant fetched, boolean success,
			String result, @Nullable String error, int keyCount, Instant nextFetch);

	/** Enabled providers of every realm whose next fetch is due at {@code now}, at most {@code max}. */
	List<AgentProviderModel> due(Instant now, int max);

	/** How providers are fetched (the factory's settings). */
	ProviderFetchSettings fetchSettings();

	/** Removes every provider of the realm (realm deletion). */
	void removeRealm(RealmModel realm);

	/** The settings an admin gives a provider. */
	record ProviderSettings(String alias, String displayName, ProviderType type, String url, String profile,
			boolean enabled) {
	}

	/** Raised when a realm already has a provider with the alias. */
	final class DuplicateAliasException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public DuplicateAliasException(String alias) {
			super("An agent provider with alias '" + alias + "' already exists in this realm");
		}

	}

}
