package dev.agentauth.keycloak.signal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.agentauth.core.signal.RiskLevel;

/**
 * Agents' standing as reported by merchants: one row per agent and merchant, written in the push's transaction.
 *
 * @since 0.1.0
 */
public final class AgentStandings {

	/** {@code event_type} of a risk-level-change report. */
	static final String RISK_LEVEL_CHANGE = "risk-level-change";

	/** {@code event_type} of a credential-compromise report. */
	static final String CREDENTIAL_COMPROMISE = "credential-compromise";

	private AgentStandings() {
	}

	/** Stores the merchant's latest report about the agent. */
	static AgentStandingEntity report(EntityManager em, String realmId, String agentId, String merchant,
			RiskLevel level, @Nullable String reason, @Nullable String kid, String eventType, Instant now) {
		AgentStandingEntity entity = em.createNamedQuery("aaStandingByAgentAndMerchant", AgentStandingEntity.class)
			.setParameter("agentId", agentId)
			.setParameter("merchant", merchant)
			.getResultStream()
			.findFirst()
			.orElse(null);
		boolean created = (entity == null);
		if (created) {
			entity = new AgentStandingEntity();
			entity.setId(KeycloakModelUtils.generateId());
			entity.setRealmId(realmId);
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
			em.persist(entity);
		}
		em.flush();
		return entity;
	}

	/** Every merchant's latest report about the agent, newest first. */
	public static List<AgentStandingEntity> of(EntityManager em, String agentId) {
		return em.createNamedQuery("aaStandingByAgent", AgentStandingEntity.class)
			.setParameter("agentId", agentId)
			.getResultList();
	}

	/** The last HIGH report per merchant. */
	static List<Instant> lastHighPerMerchant(EntityManager em, String agentId) {
		return of(em, agentId).stream()
			.filter((s) -> s.getLastHighAt() != null)
			.map((s) -> Instant.ofEpochMilli(s.getLastHighAt()))
			.toList();
	}

	/**
	 * The admin representation: {@code level} = the highest current level over merchants (null when none
	 * reported), and each merchant's report.
	 */
	public static Map<String, Object> representation(String agentId, List<AgentStandingEntity> reports) {
		RiskLevel highest = null;
		List<Map<String, Object>> items = new java.util.ArrayList<>();
		for (AgentStandingEntity report : reports) {
			RiskLevel level = RiskLevel.valueOf(report.getLevel());
			if (highest == null || level.compareTo(highest) > 0) {
				highest = level;
			}
			items.add(report(report));
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("agent_id", agentId);
		json.put("level", (highest != null) ? highest.name() : null);
		json.put("reports", items);
		return json;
	}

	static Map<String, Object> report(AgentStandingEntity report) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("merchant", report.getMerchant());
		json.put("level", report.getLevel());
		json.put("event", report.getEventType());
		if (report.getReason() != null) {
			json.put("reason", report.getReason());
		}
		if (report.getKid() != null) {
			json.put("kid", report.getKid());
		}
		json.put("reported_at", report.getReportedAt() / 1000);
		if (report.getLastHighAt() != null) {
			json.put("last_high_at", report.getLastHighAt() / 1000);
		}
		return json;
	}

	/** Agent deletion. */
	public static void removeAgent(EntityManager em, String agentId) {
		em.createNamedQuery("aaDeleteStandingByAgent").setParameter("agentId", agentId).executeUpdate();
	}

	/** Realm deletion. */
	public static void removeRealm(EntityManager em, String realmId) {
		em.createNamedQuery("aaDeleteStandingByRealm").setParameter("realmId", realmId).executeUpdate();
	}

}
