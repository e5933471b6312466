package dev.agentauth.keycloak.provider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.KnownTestKeys;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.core.signature.KeyDirectory;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.provider.AgentProviderStore.ProviderSettings;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.registry.RegistrySettings;
import dev.agentauth.keycloak.revocation.SecurityEventStore;

/**
 * What changes to a provider do to its brokered agents and keys, in the caller's transaction:
 * <ul>
 * <li>a fetch stores the published keys (one agent per Web Bot Auth directory, one agent per {@code kid} of a
 * JWKS), retires the keys that are no longer published (valid for the registry's rotation overlap) and records
 * the result on the provider;</li>
 * <li>disabling records a suspension event per brokered agent in the revocation feed (merchants drop cached keys;
 * the lookup answers 404), enabling an activation event per active one;</li>
 * <li>deleting deletes its agents (revocation events, grants and standings removed with them).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class ProviderKeySync {

	private static final Logger LOG = Logger.getLogger(ProviderKeySync.class);

	/** A fetch result: {@code ok} or an error code, the error text, the key count and the skipped keys. */
	public record Result(String result, @Nullable String error, int keyCount, int skipped, int retired) {

		public boolean ok() {
			return OK.equals(this.result);
		}

	}

	public static final String OK = "ok";

	private final KeycloakSession session;

	private final RealmModel realm;

	public ProviderKeySync(KeycloakSession session, RealmModel realm) {
		this.session = session;
		this.realm = realm;
	}

	private AgentRegistry registry() {
		return this.session.getProvider(AgentRegistry.class);
	}

	private AgentProviderStore store() {
		return this.session.getProvider(AgentProviderStore.class);
	}

	/** Fetches the provider's keys over HTTP now and applies them. */
	public Result refresh(AgentProviderModel provider) {
		ProviderFetchSettings settings = store().fetchSettings();
		Instant now = KeycloakClock.now();
		try {
			ProviderKeyFetcher.Fetched fetched = ProviderKeyFetcher.fetch(
					this.session.getProvider(HttpClientProvider.class).getHttpClient(), provider.type(), provider.url(),
					settings, now);
			return apply(provider, fetched, now);
		}
		catch (ProviderFetchException ex) {
			return failed(provider, ex, now);
		}
	}

	/** Records a failed fetch: the provider keeps its keys (until the fail-closed bound). */
	public Result failed(AgentProviderModel provider, ProviderFetchException ex, Instant now) {
		LOG.debugf("Realm %s, agent provider %s: fetch failed (%s) %s", this.realm.getName(), provider.alias(),
				ex.code(), ex.getMessage());
		store().recordFetch(this.realm, provider.alias(), now, false, ex.code(), ex.getMessage(),
				provider.keyCount(), store().fetchSettings().retry(now));
		return new Result(ex.code(), ex.getMessage(), provider.keyCount(), 0, 0);
	}

	/** Stores fetched keys, retires the ones that disappeared, records the fetch. */
	public Result apply(AgentProviderModel provider, ProviderKeyFetcher.Fetched fetched, Instant now) {
		AgentRegistry registry = registry();
		boolean allowTestKeys = RegistrySettings.allowsTestKeys(this.realm);
		Set<String> published = new HashSet<>();
		int skipped = fetched.keys().skipped();
		for (KeyDirectory.Entry entry : fetched.keys().keys()) {
			if (!allowTestKeys && KnownTestKeys.isTestKey(entry.key())) {
				skipped++;
				continue;
			}
			AgentModel agent = (provider.type() == ProviderType.WEB_BOT_AUTH)
					? registry.brokeredAgent(this.realm, provider.alias(), null, provider.displayName())
					: registry.brokeredAgent(this.realm, provider.alias(), entry.keyId(),
							provider.displayName() + " (" + entry.keyId() + ")");
			registry.putProviderKey(this.realm, agent.id(), provider.alias(), entry.keyId(), entry.key());
			published.add(entry.keyId());
		}
		if (published.isEmpty()) {
			String error = "The provider publishes no key this realm accepts (" + skipped + " skipped"
					+ (allowTestKeys ? "" : "; published test keys are refused") + ")";
			// like an unreachable provider: its keys are kept until the fail-closed bound
			store().recordFetch(this.realm, provider.alias(), now, false, "no_usable_key", error, provider.keyCount(),
					store().fetchSettings().retry(now));
			return new Result("no_usable_key", error, provider.keyCount(), skipped, 0);
		}
		int retired = 0;
		for (AgentKeyModel key : registry.providerKeys(this.realm, provider.alias())) {
			if (key.status() == KeyStatus.ACTIVE && !published.contains(key.providerKeyId())) {
				registry.retireKey(this.realm, key.agentId(), key.kid());
				retired++;
			}
		}
		store().recordFetch(this.realm, provider.alias(), now, true, OK, null, published.size(),
				store().fetchSettings().nextFetch(now, fetched.maxAge()));
		return new Result(OK, null, published.size(), skipped, retired);
	}

	/** Applies a change of settings; enabling or disabling records the feed events. */
	public Optional<AgentProviderModel> update(AgentProviderModel before, ProviderSettings settings) {
		Optional<AgentProviderModel> after = store().update(this.realm, before.alias(), settings);
		if (after.isPresent() && before.enabled() != settings.enabled()) {
			for (AgentModel agent : registry().providerAgents(this.realm, before.alias())) {
				if (!settings.enabled()) {
					events().record(this.realm, RevocationEventType.AGENT_SUSPENDED, agent.id(), agent.id());
				}
				else if (agent.status() == AgentStatus.ACTIVE) {
					events().record(this.realm, RevocationEventType.AGENT_ACTIVATED, agent.id(), agent.id());
				}
			}
		}
		return after;
	}

	/** Deletes the provider and its brokered agents. */
	public boolean delete(String alias) {
		List<AgentModel> agents = new ArrayList<>(registry().providerAgents(this.realm, alias));
		for (AgentModel agent : agents) {
			registry().deleteAgent(this.realm, agent.id());
		}
		return store().delete(this.realm, alias);
	}

	private SecurityEventStore events() {
		return this.session.getProvider(SecurityEventStore.class);
	}

}
