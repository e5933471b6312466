package dev.agentauth.keycloak.signal.jpa;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.keycloak.signal.AgentStanding;
import dev.agentauth.keycloak.signal.AgentStandingStore;

final class JpaAgentStandingStore implements AgentStandingStore {

	private final EntityManager em;

	JpaAgentStandingStore(EntityManager em) {
		this.em = em;
	}

	@Override
	public AgentStanding report(RealmModel realm, String agentId, String merchant, RiskLevel level,
			@Nullable String reason, @Nullable String kid, String eventType, Instant now) {
		AgentStandingEntity entity = this.em
			.createNamedQuery("aaStandingByAgentAndMerchant", AgentStandingEntity.class)
			.setParameter("agentId", agentId)
			.setParameter("merchant", merchant)
			.getResultStream()
			.findFirst()
			.orElse(null);
		boolean created = (entity == null);
		if (created) {
			entity = new AgentStandingEntity();
			entity.setId(KeycloakModelUtils.generateId());
			entity.setRealmId(realm.getId());
			entity.setAgentId(agentId);
			entity.setMerchant(merchant);
		}
		entity.setLevel(level.name());
		entity.setReason(reason);
		entity.setKid(kid);
		entity.setEventType(eventType);
		entity.setReportedAt(now.toEpochMilli());
		if (level == RiskLevel.HIGH) {
			entity.setLastHighAt(now.toEpochMilli());
		}
		if (created) {
			this.em.persist(entity);
		}
		this.em.flush();
		return toModel(entity);
	}

	@Override
	public List<AgentStanding> getStandings(RealmModel realm, String agentId) {
		// agent ids are unique across realms: the agent's rows are the realm's
		return this.em.createNamedQuery("aaStandingByAgent", AgentStandingEntity.class)
			.setParameter("agentId", agentId)
			.getResultStream()
			.map(JpaAgentStandingStore::toModel)
			.toList();
	}

	@Override
	public void removeAgent(RealmModel realm, String agentId) {
		this.em.createNamedQuery("aaDeleteStandingByAgent").setParameter("agentId", agentId).executeUpdate();
	}

	@Override
	public void removeRealm(RealmModel realm) {
		this.em.createNamedQuery("aaDeleteStandingByRealm").setParameter("realmId", realm.getId()).executeUpdate();
	}

	@Override
	public void close() {
	}

	private static AgentStanding toModel(AgentStandingEntity entity) {
		return new AgentStanding(entity.getAgentId(), entity.getMerchant(), RiskLevel.valueOf(entity.getLevel()),
				entity.getEventType(), entity.getReason(), entity.getKid(),
				Instant.ofEpochMilli(entity.getReportedAt()),
				(entity.getLastHighAt() != null) ? Instant.ofEpochMilli(entity.getLastHighAt()) : null);
	}

}
