package dev.agentauth.keycloak.revocation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;

/**
 * The stored revocation feed of a realm: written in the same transaction as the change it reports (grant
 * revoked, agent suspended / revoked / activated / deleted, key revoked), read by the poll endpoint.
 *
 * @since 0.1.0
 */
public final class SecurityEventLog {

	private SecurityEventLog() {
	}

	/** Appends an event; visible to pollers once the surrounding transaction commits. */
	public static void record(EntityManager em, String realmId, RevocationEventType type, String subject,
			@Nullable String agentId) {
		SecurityEventEntity entity = new SecurityEventEntity();
		entity.setId(KeycloakModelUtils.generateId());
		entity.setRealmId(realmId);
		entity.setType(type.name());
		entity.setSubject(subject);
		entity.setAgentId(agentId);
		entity.setCreatedAt(System.currentTimeMillis());
		em.persist(entity);
	}

	/** Events since {@code since} the receiver has not acknowledged (all of them when {@code replay}). */
	static List<RevocationEvent> pending(EntityManager em, String realmId, String receiver, Instant since, int max,
			boolean replay) {
		var query = replay ? em.createNamedQuery("aaAllEvents", SecurityEventEntity.class)
				: em.createNamedQuery("aaPendingEvents", SecurityEventEntity.class).setParameter("receiver", receiver);
		return query.setParameter("realmId", realmId)
			.setParameter("since", since.toEpochMilli())
			.setMaxResults(max)
			.getResultStream()
			.map((e) -> new RevocationEvent(e.getId(), RevocationEventType.valueOf(e.getType()), e.getSubject(),
					e.getAgentId(), Instant.ofEpochMilli(e.getCreatedAt())))
			.toList();
	}

	/** Records the receiver's acknowledgements (unknown or repeated ids are ignored). */
	static void acknowledge(EntityManager em, String realmId, String receiver, Collection<String> eventIds) {
		long now = System.currentTimeMillis();
		for (String eventId : eventIds) {
			if (eventId == null || eventId.length() > 36) {
				continue;
			}
			String id = receiver + " " + eventId;
			SecurityEventEntity event = em.find(SecurityEventEntity.class, eventId);
			if (event == null || !event.getRealmId().equals(realmId) || em.find(SecurityEventAckEntity.class, id) != null) {
				continue;
			}
			SecurityEventAckEntity ack = new SecurityEventAckEntity();
			ack.setId(id);
			ack.setRealmId(realmId);
			ack.setEventId(eventId);
			ack.setReceiver(receiver);
			ack.setAckedAt(now);
			em.persist(ack);
		}
	}

	/**
	 * Forgets every acknowledgement of {@code receiver} (a replay: the receiver lost its state), so the following
	 * polls deliver every retained event again, however many there are.
	 */
	static void forget(EntityManager em, String realmId, String receiver) {
		em.createNamedQuery("aaForgetAcks").setParameter("realmId", realmId).setParameter("receiver", receiver)
			.executeUpdate();
	}

	/** Deletes events and acknowledgements older than {@code before}. */
	static void purge(EntityManager em, String realmId, Instant before) {
		em.createNamedQuery("aaPurgeAcks").setParameter("realmId", realmId)
			.setParameter("before", before.toEpochMilli()).executeUpdate();
		em.createNamedQuery("aaPurgeEvents").setParameter("realmId", realmId)
			.setParameter("before", before.toEpochMilli()).executeUpdate();
	}

	/** Realm deletion. */
	public static void removeRealm(EntityManager em, String realmId) {
		em.createNamedQuery("aaDeleteAcksByRealm").setParameter("realmId", realmId).executeUpdate();
		em.createNamedQuery("aaDeleteEventsByRealm").setParameter("realmId", realmId).executeUpdate();
	}

}
