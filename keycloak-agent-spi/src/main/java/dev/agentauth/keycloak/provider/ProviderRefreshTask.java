package dev.agentauth.keycloak.provider;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

import dev.agentauth.keycloak.KeycloakClock;

/**
 * Every {@code check-interval}, on every node: the node that wins Keycloak's cluster-wide
 * {@link ClusterProvider#executeIfNotExecuted} lock for this round fetches the providers that are due, each in its
 * own transaction (one provider's failure does not undo another's keys). The other nodes skip the round.
 *
 * @since 0.1.0
 */
public final class ProviderRefreshTask implements ScheduledTask {

	/** The timer task name and the cluster task key. */
	public static final String NAME = "agentauth-agent-provider-refresh";

	/** Providers fetched per round at most; the rest are due in the next round. */
	static final int MAX_PER_ROUND = 50;

	private static final Logger LOG = Logger.getLogger(ProviderRefreshTask.class);

	private final KeycloakSessionFactory factory;

	private final int lockSeconds;

	public ProviderRefreshTask(KeycloakSessionFactory factory, ProviderFetchSettings settings) {
		this.factory = factory;
		// held at most one round, so a node that died mid-round does not stop the next one
		this.lockSeconds = (int) Math.max(1, settings.checkInterval().toSeconds());
	}

	@Override
	public void run(KeycloakSession session) {
		session.getProvider(ClusterProvider.class).executeIfNotExecuted(NAME, this.lockSeconds, () -> {
			refreshDue(session);
			return null;
		});
	}

	private void refreshDue(KeycloakSession session) {
		Instant now = KeycloakClock.now();
		List<AgentProviderModel> due = session.getProvider(AgentProviderStore.class).due(now, MAX_PER_ROUND);
		for (AgentProviderModel provider : due) {
			try {
				KeycloakModelUtils.runJobInTransaction(this.factory, (job) -> {
					RealmModel realm = job.realms().getRealm(provider.realmId());
					if (realm == null) {
						return;
					}
					job.getContext().setRealm(realm);
					// read again: an admin may have changed or deleted it since the query
					job.getProvider(AgentProviderStore.class)
						.get(realm, provider.alias())
						.filter(AgentProviderModel::enabled)
						.ifPresent((current) -> new ProviderKeySync(job, realm).refresh(current));
				});
			}
			catch (RuntimeException ex) {
				LOG.warnf(ex, "Agent provider %s of realm %s: refresh failed", provider.alias(), provider.realmId());
			}
		}
	}

	@Override
	public String getTaskName() {
		return NAME;
	}

}
