package dev.agentauth.keycloak.provider.jpa;

import java.time.Duration;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import dev.agentauth.keycloak.Durations;
import dev.agentauth.keycloak.provider.AgentProviderStore;
import dev.agentauth.keycloak.provider.AgentProviderStoreFactory;
import dev.agentauth.keycloak.provider.ProviderFetchSettings;
import dev.agentauth.keycloak.provider.ProviderRefreshTask;

/**
 * JPA implementation of the agent provider store (id {@code jpa}); it also schedules the providers' refresh. Settings
 * ({@code spi-agent-provider--jpa--*}, durations ISO-8601 or seconds): {@code min-refresh} (PT60S),
 * {@code max-refresh} (PT24H), {@code default-refresh} (PT1H), {@code fail-closed-after} (PT24H),
 * {@code check-interval} (PT30S), {@code timeout} (PT10S), {@code max-bytes} (262144); see
 * {@link ProviderFetchSettings}.
 *
 * @since 0.1.0
 */
public final class JpaAgentProviderStoreFactory implements AgentProviderStoreFactory {

	public static final String ID = "jpa";

	private ProviderFetchSettings settings = ProviderFetchSettings.DEFAULTS;

	@Override
	public AgentProviderStore create(KeycloakSession session) {
		return new JpaAgentProviderStore(session.getProvider(JpaConnectionProvider.class).getEntityManager(),
				this.settings);
	}

	@Override
	public void init(Config.Scope config) {
		ProviderFetchSettings d = ProviderFetchSettings.DEFAULTS;
		Integer maxBytes = config.getInt("max-bytes");
		this.settings = new ProviderFetchSettings(duration(config, "min-refresh", d.minRefresh()),
				duration(config, "max-refresh", d.maxRefresh()), duration(config, "default-refresh", d.defaultRefresh()),
				duration(config, "fail-closed-after", d.failClosedAfter()),
				duration(config, "check-interval", d.checkInterval()), duration(config, "timeout", d.timeout()),
				(maxBytes != null) ? maxBytes : d.maxBytes());
	}

	private static Duration duration(Config.Scope config, String name, Duration fallback) {
		String value = config.get(name);
		return (value == null || value.isBlank()) ? fallback : Durations.parse(value);
	}

	@Override
	public void postInit(KeycloakSessionFactory factory) {
		factory.register((event) -> {
			if (event instanceof RealmModel.RealmRemovedEvent removed) {
				removed.getKeycloakSession().getProvider(AgentProviderStore.class).removeRealm(removed.getRealm());
			}
			else if (event instanceof PostMigrationEvent migrated) {
				// the timer is ready once the server has started (as Keycloak schedules its own cleanup tasks)
				try (KeycloakSession session = migrated.getFactory().create()) {
					long interval = this.settings.checkInterval().toMillis();
					session.getProvider(TimerProvider.class)
						.schedule(new ScheduledTaskRunner(migrated.getFactory(),
								new ProviderRefreshTask(migrated.getFactory(), this.settings)), interval,
								ProviderRefreshTask.NAME);
				}
			}
		});
	}

	/** How providers are fetched. */
	public ProviderFetchSettings settings() {
		return this.settings;
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return ID;
	}

}
