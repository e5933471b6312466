package dev.agentauth.keycloak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.provider.AgentProviderStore;
import dev.agentauth.keycloak.provider.jpa.AgentProviderEntity;
import dev.agentauth.keycloak.provider.jpa.JpaAgentProviderStoreFactory;
import dev.agentauth.keycloak.grant.jpa.AgentGrantEntity;
import dev.agentauth.keycloak.grant.jpa.JpaAgentGrantStoreFactory;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.registry.jpa.AgentEntity;
import dev.agentauth.keycloak.registry.jpa.AgentKeyEntity;
import dev.agentauth.keycloak.registry.jpa.JpaAgentRegistryFactory;
import dev.agentauth.keycloak.revocation.SecurityEventStore;
import dev.agentauth.keycloak.revocation.jpa.JpaSecurityEventStoreFactory;
import dev.agentauth.keycloak.revocation.jpa.SecurityEventAckEntity;
import dev.agentauth.keycloak.revocation.jpa.SecurityEventEntity;
import dev.agentauth.keycloak.signal.AgentStandingStore;
import dev.agentauth.keycloak.signal.jpa.AgentStandingEntity;
import dev.agentauth.keycloak.signal.jpa.JpaAgentStandingStoreFactory;

/**
 * The extension's JPA stores against an in-memory H2 database through Hibernate, as Keycloak would run them: each
 * store comes from its factory, with a session whose {@code getProvider} answers the stores and the
 * {@link JpaConnectionProvider}. One transaction per fixture, rolled back by {@link #close()}; the schema is
 * generated from the entities (Keycloak creates it with the Liquibase changelog). {@link #close()} also resets
 * {@code Time.setOffset}.
 */
public final class JpaStoreFixture implements AutoCloseable {

	private static final List<Class<?>> ENTITIES = List.of(AgentEntity.class, AgentKeyEntity.class,
			AgentGrantEntity.class, SecurityEventEntity.class, SecurityEventAckEntity.class,
			AgentStandingEntity.class, AgentProviderEntity.class);

	private static EntityManagerFactory factory;

	private final EntityManager em;

	private final KeycloakSession session;

	private final Map<Class<?>, Provider> providers = new HashMap<>();

	private final Map<Class<?>, ProviderFactory<?>> factories = Map.of(AgentRegistry.class,
			new JpaAgentRegistryFactory(), AgentGrantStore.class, new JpaAgentGrantStoreFactory(),
			AgentStandingStore.class, new JpaAgentStandingStoreFactory(), SecurityEventStore.class,
			new JpaSecurityEventStoreFactory(), AgentProviderStore.class, new JpaAgentProviderStoreFactory());

	public JpaStoreFixture() {
		this.em = entityManagerFactory().createEntityManager();
		this.em.getTransaction().begin();
		JpaConnectionProvider connection = Fakes.of(JpaConnectionProvider.class,
				Map.of("getEntityManager", (args) -> this.em));
		this.session = Fakes.of(KeycloakSession.class,
				Map.of("getProvider", (args) -> provider((Class<?>) args[0], connection)));
	}

	private static synchronized EntityManagerFactory entityManagerFactory() {
		if (factory == null) {
			PersistenceConfiguration configuration = new PersistenceConfiguration("agentauth-tests")
				.property(PersistenceConfiguration.JDBC_URL, "jdbc:h2:mem:agentauth;DB_CLOSE_DELAY=-1")
				.property(PersistenceConfiguration.JDBC_USER, "sa")
				.property(PersistenceConfiguration.JDBC_PASSWORD, "")
				.property(PersistenceConfiguration.SCHEMAGEN_DATABASE_ACTION, "drop-and-create");
			ENTITIES.forEach(configuration::managedClass);
			factory = configuration.createEntityManagerFactory();
		}
		return factory;
	}

	/** A realm with this id (and name). */
	public static RealmModel realm(String id) {
		return Fakes.realm(id, Map.of());
	}

	public KeycloakSession session() {
		return this.session;
	}

	public EntityManager entityManager() {
		return this.em;
	}

	public AgentRegistry registry() {
		return this.session.getProvider(AgentRegistry.class);
	}

	public AgentGrantStore grants() {
		return this.session.getProvider(AgentGrantStore.class);
	}

	public AgentStandingStore standings() {
		return this.session.getProvider(AgentStandingStore.class);
	}

	public AgentProviderStore providers() {
		return this.session.getProvider(AgentProviderStore.class);
	}

	public SecurityEventStore events() {
		return this.session.getProvider(SecurityEventStore.class);
	}

	/** Writes pending changes and forgets loaded entities, so the next read goes to the database. */
	public void flush() {
		this.em.flush();
		this.em.clear();
	}

	/** Moves Keycloak's clock by this many seconds from now (from the real time, not cumulative). */
	public void moveClock(int seconds) {
		Time.setOffset(seconds);
	}

	@Override
	public void close() {
		Time.setOffset(0);
		if (this.em.getTransaction().isActive()) {
			this.em.getTransaction().rollback();
		}
		this.em.close();
	}

	private Object provider(Class<?> type, JpaConnectionProvider connection) {
		if (type == JpaConnectionProvider.class) {
			return connection;
		}
		Provider provider = this.providers.get(type);
		if (provider == null) {
			ProviderFactory<?> providerFactory = this.factories.get(type);
			if (providerFactory == null) {
				throw new IllegalArgumentException("No provider " + type.getName() + " in the fixture");
			}
			provider = providerFactory.create(this.session);
			this.providers.put(type, provider);
		}
		return provider;
	}

}
