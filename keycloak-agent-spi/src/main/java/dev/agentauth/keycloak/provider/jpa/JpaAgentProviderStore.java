package dev.agentauth.keycloak.provider.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

import dev.agentauth.keycloak.provider.AgentProviderModel;
import dev.agentauth.keycloak.provider.AgentProviderStore;
import dev.agentauth.keycloak.provider.ProviderFetchSettings;
import dev.agentauth.keycloak.provider.ProviderType;

final class JpaAgentProviderStore implements AgentProviderStore {

	private static final int MAX_ERROR_CHARS = 2000;

	private final EntityManager em;

	private final ProviderFetchSettings settings;

	JpaAgentProviderStore(EntityManager em, ProviderFetchSettings settings) {
		this.em = em;
		this.settings = settings;
	}

	@Override
	public ProviderFetchSettings fetchSettings() {
		return this.settings;
	}

	@Override
	public AgentProviderModel create(RealmModel realm, ProviderSettings settings) {
		if (find(realm, settings.alias()).isPresent()) {
			throw new DuplicateAliasException(settings.alias());
		}
		long now = Time.currentTimeMillis();
		AgentProviderEntity entity = new AgentProviderEntity();
		entity.setId(UUID.randomUUID().toString());
		entity.setRealmId(realm.getId());
		entity.setAlias(settings.alias());
		apply(entity, settings);
		entity.setCreatedAt(now);
		entity.setUpdatedAt(now);
		entity.setNextFetchAt(now);
		this.em.persist(entity);
		this.em.flush();
		return toModel(entity);
	}

	@Override
	public Optional<AgentProviderModel> get(RealmModel realm, String alias) {
		return find(realm, alias).map(JpaAgentProviderStore::toModel);
	}

	@Override
	public List<AgentProviderModel> list(RealmModel realm) {
		return this.em.createNamedQuery("aaProvidersByRealm", AgentProviderEntity.class)
			.setParameter("realmId", realm.getId())
			.getResultStream()
			.map(JpaAgentProviderStore::toModel)
			.toList();
	}

	@Override
	public Optional<AgentProviderModel> update(RealmModel realm, String alias, ProviderSettings settings) {
		return find(realm, alias).map((entity) -> {
			long now = Time.currentTimeMillis();
			boolean moved = !entity.getUrl().equals(settings.url()) || !entity.getType().equals(settings.type().value());
			apply(entity, settings);
			entity.setUpdatedAt(now);
			if (moved) {
				entity.setNextFetchAt(now);
			}
			return toModel(entity);
		});
	}

	@Override
	public boolean delete(RealmModel realm, String alias) {
		Optional<AgentProviderEntity> entity = find(realm, alias);
		entity.ifPresent(this.em::remove);
		return entity.isPresent();
	}

	@Override
	public Optional<AgentProviderModel> recordFetch(RealmModel realm, String alias, Instant fetched, boolean success,
			String result, @Nullable String error, int keyCount, Instant nextFetch) {
		return find(realm, alias).map((entity) -> {
			entity.setLastFetchAt(fetched.toEpochMilli());
			if (success) {
				entity.setLastSuccessAt(fetched.toEpochMilli());
				entity.setKeyCount(keyCount);
			}
			entity.setLastResult(result);
			entity.setLastError((error == null || error.length() <= MAX_ERROR_CHARS) ? error
					: error.substring(0, MAX_ERROR_CHARS));
			entity.setNextFetchAt(nextFetch.toEpochMilli());
			return toModel(entity);
		});
	}

	@Override
	public List<AgentProviderModel> due(Instant now, int max) {
		return this.em.createNamedQuery("aaProvidersDue", AgentProviderEntity.class)
			.setParameter("now", now.toEpochMilli())
			.setMaxResults(max)
			.getResultStream()
			.map(JpaAgentProviderStore::toModel)
			.toList();
	}

	@Override
	public void removeRealm(RealmModel realm) {
		this.em.createNamedQuery("aaDeleteProvidersByRealm").setParameter("realmId", realm.getId()).executeUpdate();
	}

	@Override
	public void close() {
	}

	private Optional<AgentProviderEntity> find(RealmModel realm, String alias) {
		return this.em.createNamedQuery("aaProviderByAlias", AgentProviderEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("alias", alias)
			.getResultStream()
			.findFirst();
	}

	private static void apply(AgentProviderEntity entity, ProviderSettings settings) {
		entity.setDisplayName(settings.displayName());
		entity.setType(settings.type().value());
		entity.setUrl(settings.url());
		entity.setProfile(settings.profile());
		entity.setEnabled(settings.enabled());
	}

	private static AgentProviderModel toModel(AgentProviderEntity entity) {
		return new AgentProviderModel(entity.getId(), entity.getRealmId(), entity.getAlias(),
				entity.getDisplayName(),
				ProviderType.of(entity.getType())
					.orElseThrow(() -> new IllegalStateException("Stored provider type " + entity.getType())),
				entity.getUrl(), entity.getProfile(), entity.isEnabled(), Instant.ofEpochMilli(entity.getCreatedAt()),
				Instant.ofEpochMilli(entity.getUpdatedAt()), instant(entity.getLastFetchAt()),
				instant(entity.getLastSuccessAt()), entity.getLastResult(), entity.getLastError(),
				entity.getKeyCount(), Instant.ofEpochMilli(entity.getNextFetchAt()));
	}

	private static @Nullable Instant instant(@Nullable Long epochMillis) {
		return (epochMillis == null) ? null : Instant.ofEpochMilli(epochMillis);
	}

}
