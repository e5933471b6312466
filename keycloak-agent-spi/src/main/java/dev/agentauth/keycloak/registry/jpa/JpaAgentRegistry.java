package dev.agentauth.keycloak.registry.jpa;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jspecify.annotations.Nullable;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.revocation.SecurityEventStore;
import dev.agentauth.keycloak.signal.AgentStandingStore;

final class JpaAgentRegistry implements AgentRegistry {

	private final KeycloakSession session;

	private final EntityManager em;

	private final Duration rotationOverlap;

	JpaAgentRegistry(KeycloakSession session, EntityManager em, Duration rotationOverlap) {
		this.session = session;
		this.em = em;
		this.rotationOverlap = rotationOverlap;
	}

	private SecurityEventStore events() {
		return this.session.getProvider(SecurityEventStore.class);
	}

	private AgentGrantStore grants() {
		return this.session.getProvider(AgentGrantStore.class);
	}

	private AgentStandingStore standings() {
		return this.session.getProvider(AgentStandingStore.class);
	}

	@Override
	public AgentModel createAgent(RealmModel realm, String name, @Nullable String description,
			@Nullable String operator, List<String> allowedNetworks) {
		AgentEntity entity = new AgentEntity();
		long now = Time.currentTimeMillis();
		entity.setId(UUID.randomUUID().toString());
		entity.setRealmId(realm.getId());
		entity.setName(name);
		entity.setDescription(description);
		entity.setOperator(operator);
		entity.setStatus(AgentStatus.ACTIVE.name());
		entity.setAllowedNetworks(allowedNetworks.isEmpty() ? null : String.join(",", allowedNetworks));
		entity.setCreatedAt(now);
		entity.setUpdatedAt(now);
		this.em.persist(entity);
		return toModel(entity);
	}

	@Override
	public Optional<AgentModel> getAgent(RealmModel realm, String agentId) {
		return findAgentEntity(realm, agentId).map(JpaAgentRegistry::toModel);
	}

	@Override
	public Optional<AgentModel> lockAgent(RealmModel realm, String agentId) {
		return findAgentEntity(realm, agentId).map((entity) -> {
			// refresh, not only lock: another transaction may have changed the row while we waited for it
			this.em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
			return toModel(entity);
		});
	}

	@Override
	public Optional<AgentModel> updateAgent(RealmModel realm, String agentId, String name,
			@Nullable String description, @Nullable String operator, List<String> allowedNetworks) {
		return findAgentEntity(realm, agentId).map((entity) -> {
			entity.setName(name);
			entity.setDescription(description);
			entity.setOperator(operator);
			entity.setAllowedNetworks(allowedNetworks.isEmpty() ? null : String.join(",", allowedNetworks));
			entity.setUpdatedAt(Time.currentTimeMillis());
			return toModel(entity);
		});
	}

	@Override
	public Optional<AgentModel> setAgentStatus(RealmModel realm, String agentId, AgentStatus status) {
		return findAgentEntity(realm, agentId).map((entity) -> {
			AgentStatus previous = AgentStatus.valueOf(entity.getStatus());
			entity.setStatus(status.name());
			entity.setUpdatedAt(Time.currentTimeMillis());
			RevocationEventType event = switch (status) {
				case SUSPENDED -> (previous == AgentStatus.SUSPENDED) ? null : RevocationEventType.AGENT_SUSPENDED;
				case REVOKED -> (previous == AgentStatus.REVOKED) ? null : RevocationEventType.AGENT_REVOKED;
				case ACTIVE -> (previous == AgentStatus.ACTIVE) ? null : RevocationEventType.AGENT_ACTIVATED;
			};
			if (event != null) {
				events().record(realm, event, agentId, agentId);
			}
			return toModel(entity);
		});
	}

	@Override
	public boolean deleteAgent(RealmModel realm, String agentId) {
		Optional<AgentEntity> entity = findAgentEntity(realm, agentId);
		entity.ifPresent((agent) -> {
			events().record(realm, RevocationEventType.AGENT_REVOKED, agentId, agentId);
			standings().removeAgent(realm, agentId);
			grants().removeAgentGrants(realm, agentId);
			this.em.createNamedQuery("aaDeleteKeysByAgent").setParameter("agentId", agentId).executeUpdate();
			this.em.remove(agent);
		});
		return entity.isPresent();
	}

	@Override
	public Optional<AgentKeyModel> retireKey(RealmModel realm, String agentId, String kid) {
		return findAgentKeyEntity(realm, agentId, kid).map((key) -> {
			if (!KeyStatus.REVOKED.name().equals(key.getStatus())) {
				long end = Time.currentTimeMillis() + this.rotationOverlap.toMillis();
				key.setStatus(KeyStatus.RETIRED.name());
				key.setNotAfter((key.getNotAfter() == null) ? end : Math.min(key.getNotAfter(), end));
			}
			return toModel(key);
		});
	}

	@Override
	public Optional<AgentKeyModel> revokeKey(RealmModel realm, String agentId, String kid) {
		return findAgentKeyEntity(realm, agentId, kid).map((key) -> {
			long now = Time.currentTimeMillis();
			if (!KeyStatus.REVOKED.name().equals(key.getStatus())) {
				events().record(realm, RevocationEventType.KEY_REVOKED, kid, agentId);
			}
			key.setStatus(KeyStatus.REVOKED.name());
			key.setNotAfter((key.getNotAfter() == null) ? now : Math.min(key.getNotAfter(), now));
			return toModel(key);
		});
	}

	// by thumbprint (or, for a brokered key, the provider's key id) among the agent's own keys
	private Optional<AgentKeyEntity> findAgentKeyEntity(RealmModel realm, String agentId, String kid) {
		return this.em.createNamedQuery("aaKeysByAgent", AgentKeyEntity.class)
			.setParameter("agentId", agentId)
			.getResultStream()
			.filter((key) -> key.getRealmId().equals(realm.getId()))
			.filter((key) -> key.getThumbprint().equals(kid) || key.getKeyId().equals(kid))
			.findFirst();
	}

	private Optional<AgentEntity> findAgentEntity(RealmModel realm, String agentId) {
		AgentEntity entity = this.em.find(AgentEntity.class, agentId);
		return (entity != null && entity.getRealmId().equals(realm.getId())) ? Optional.of(entity) : Optional.empty();
	}

	@Override
	public List<AgentModel> searchAgents(RealmModel realm, @Nullable String search, @Nullable AgentStatus status,
			int first, int max) {
		String pattern = "%" + ((search == null) ? "" : search.toLowerCase(Locale.ROOT)
			.replace("\\", "\\\\")
			.replace("%", "\\%")
			.replace("_", "\\_")) + "%";
		var query = (status == null) ? this.em.createNamedQuery("aaAgentsByRealm", AgentEntity.class)
				: this.em.createNamedQuery("aaAgentsByRealmAndStatus", AgentEntity.class)
					.setParameter("status", status.name());
		return query.setParameter("realmId", realm.getId())
			.setParameter("search", pattern)
			.setFirstResult(first)
			.setMaxResults(max)
			.getResultStream()
			.map(JpaAgentRegistry::toModel)
			.toList();
	}

	@Override
	public AgentKeyModel addKey(RealmModel realm, String agentId, AgentKey key) {
		if (findKeyEntity(realm, key.thumbprint()).isPresent()) {
			throw new DuplicateKeyException(key.thumbprint());
		}
		AgentKeyEntity entity = new AgentKeyEntity();
		entity.setId(UUID.randomUUID().toString());
		entity.setRealmId(realm.getId());
		entity.setAgentId(agentId);
		entity.setThumbprint(key.thumbprint());
		entity.setKeyId(key.thumbprint());
		entity.setJwk(key.jwk().toJSONString());
		entity.setAlgorithm(key.algorithm().identifier());
		entity.setStatus(KeyStatus.ACTIVE.name());
		entity.setCreatedAt(Time.currentTimeMillis());
		this.em.persist(entity);
		this.em.flush();
		return toModel(entity);
	}

	@Override
	public Optional<AgentKeyModel> findKey(RealmModel realm, String kid) {
		return findKeyEntity(realm, kid).map(JpaAgentRegistry::toModel);
	}

	private Optional<AgentKeyEntity> findKeyEntity(RealmModel realm, String kid) {
		return this.em.createNamedQuery("aaKeyByThumbprint", AgentKeyEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("thumbprint", kid)
			.getResultStream()
			.findFirst();
	}

	@Override
	public List<AgentKeyModel> getKeys(RealmModel realm, String agentId) {
		return this.em.createNamedQuery("aaKeysByAgent", AgentKeyEntity.class)
			.setParameter("agentId", agentId)
			.getResultStream()
			.filter((key) -> key.getRealmId().equals(realm.getId()))
			.map(JpaAgentRegistry::toModel)
			.toList();
	}

	@Override
	public int recordKeyUsage(RealmModel realm, Map<String, Instant> lastUsed) {
		int updated = 0;
		for (Map.Entry<String, Instant> entry : lastUsed.entrySet()) {
			Optional<AgentKeyEntity> key = findKeyEntity(realm, entry.getKey());
			if (key.isEmpty()) {
				// a brokered key, if only one source knows this key id
				List<AgentKeyEntity> brokered = keysByLookupId(realm, entry.getKey());
				key = (brokered.size() == 1) ? Optional.of(brokered.get(0)) : Optional.empty();
			}
			if (key.isPresent()) {
				long time = entry.getValue().toEpochMilli();
				if (key.get().getLastUsed() == null || key.get().getLastUsed() < time) {
					key.get().setLastUsed(time);
				}
				updated++;
			}
		}
		return updated;
	}

	@Override
	public List<AgentKeyModel> retiredKeysUsedSince(RealmModel realm, Instant since, int max) {
		return this.em.createNamedQuery("aaRetiredKeysUsedSince", AgentKeyEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("since", since.toEpochMilli())
			.setMaxResults(max)
			.getResultStream()
			.map(JpaAgentRegistry::toModel)
			.toList();
	}

	@Override
	public AgentModel brokeredAgent(RealmModel realm, String provider, @Nullable String subject, String name) {
		Optional<AgentEntity> existing = this.em.createNamedQuery("aaAgentsByProvider", AgentEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("provider", provider)
			.getResultStream()
			.filter((agent) -> Objects.equals(agent.getProviderSubject(), subject))
			.findFirst();
		if (existing.isPresent()) {
			return toModel(existing.get());
		}
		AgentEntity entity = new AgentEntity();
		long now = Time.currentTimeMillis();
		entity.setId(UUID.randomUUID().toString());
		entity.setRealmId(realm.getId());
		entity.setName(name);
		entity.setStatus(AgentStatus.ACTIVE.name());
		entity.setProvider(provider);
		entity.setProviderSubject(subject);
		entity.setCreatedAt(now);
		entity.setUpdatedAt(now);
		this.em.persist(entity);
		return toModel(entity);
	}

	@Override
	public List<AgentModel> providerAgents(RealmModel realm, String provider) {
		return this.em.createNamedQuery("aaAgentsByProvider", AgentEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("provider", provider)
			.getResultStream()
			.map(JpaAgentRegistry::toModel)
			.toList();
	}

	@Override
	public List<AgentKeyModel> providerKeys(RealmModel realm, String provider) {
		return this.em.createNamedQuery("aaKeysBySource", AgentKeyEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("source", provider)
			.getResultStream()
			.map(JpaAgentRegistry::toModel)
			.toList();
	}

	@Override
	public AgentKeyModel putProviderKey(RealmModel realm, String agentId, String provider, String providerKeyId,
			AgentKey key) {
		AgentKeyEntity entity = this.em.createNamedQuery("aaKeyBySource", AgentKeyEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("source", provider)
			.setParameter("keyId", providerKeyId)
			.getResultStream()
			.findFirst()
			.orElse(null);
		long now = Time.currentTimeMillis();
		if (entity != null && entity.getThumbprint().equals(key.thumbprint())) {
			if (KeyStatus.RETIRED.name().equals(entity.getStatus())) {
				entity.setStatus(KeyStatus.ACTIVE.name());
				entity.setNotAfter(null);
			}
			return toModel(entity);
		}
		if (entity != null) {
			// the provider now publishes another key under this id: merchants must drop the old one at once
			events().record(realm, RevocationEventType.KEY_REVOKED, entity.getThumbprint(), entity.getAgentId());
			this.em.remove(entity);
			this.em.flush();
		}
		AgentKeyEntity created = new AgentKeyEntity();
		created.setId(UUID.randomUUID().toString());
		created.setRealmId(realm.getId());
		created.setAgentId(agentId);
		created.setSource(provider);
		created.setKeyId(providerKeyId);
		created.setThumbprint(key.thumbprint());
		created.setJwk(key.jwk().toJSONString());
		created.setAlgorithm(key.algorithm().identifier());
		created.setStatus(KeyStatus.ACTIVE.name());
		created.setCreatedAt(now);
		this.em.persist(created);
		return toModel(created);
	}

	@Override
	public List<AgentKeyModel> findKeys(RealmModel realm, String keyId) {
		return keysByLookupId(realm, keyId).stream().map(JpaAgentRegistry::toModel).toList();
	}

	private List<AgentKeyEntity> keysByLookupId(RealmModel realm, String keyId) {
		return this.em.createNamedQuery("aaKeysByLookupId", AgentKeyEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("keyId", keyId)
			.getResultList();
	}

	@Override
	public void removeRealm(RealmModel realm) {
		standings().removeRealm(realm);
		events().removeRealm(realm);
		grants().removeRealm(realm);
		this.em.createNamedQuery("aaDeleteKeysByRealm").setParameter("realmId", realm.getId()).executeUpdate();
		this.em.createNamedQuery("aaDeleteAgentsByRealm").setParameter("realmId", realm.getId()).executeUpdate();
	}

	@Override
	public void close() {
	}

	private static AgentModel toModel(AgentEntity entity) {
		List<String> networks = (entity.getAllowedNetworks() == null) ? List.of()
				: Arrays.asList(entity.getAllowedNetworks().split(","));
		return new AgentModel(entity.getId(), entity.getRealmId(), entity.getName(), entity.getDescription(),
				entity.getOperator(), AgentStatus.valueOf(entity.getStatus()), networks,
				Instant.ofEpochMilli(entity.getCreatedAt()), Instant.ofEpochMilli(entity.getUpdatedAt()),
				entity.getProvider());
	}

	private static AgentKeyModel toModel(AgentKeyEntity entity) {
		AgentKey key;
		try {
			key = AgentKey.parse(entity.getJwk());
		}
		catch (AgentAuthException ex) {
			// only validated keys are stored; a failure here means the row was altered outside the registry
			throw new IllegalStateException("Stored key " + entity.getThumbprint() + " is not a valid public JWK");
		}
		boolean brokered = !AgentKeyEntity.REGISTERED.equals(entity.getSource());
		return new AgentKeyModel(entity.getAgentId(), key, KeyStatus.valueOf(entity.getStatus()),
				instant(entity.getNotBefore()), instant(entity.getNotAfter()),
				Instant.ofEpochMilli(entity.getCreatedAt()), instant(entity.getLastUsed()),
				brokered ? entity.getSource() : null, brokered ? entity.getKeyId() : null);
	}

	private static @Nullable Instant instant(@Nullable Long epochMillis) {
		return (epochMillis == null) ? null : Instant.ofEpochMilli(epochMillis);
	}

}
