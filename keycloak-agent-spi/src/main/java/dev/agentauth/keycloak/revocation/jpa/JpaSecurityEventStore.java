package dev.agentauth.keycloak.revocation.jpa;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.keycloak.revocation.SecurityEventStore;

final class JpaSecurityEventStore implements SecurityEventStore {

	private final EntityManager em;

	JpaSecurityEventStore(EntityManager em) {
		this.em = em;
	}

	@Override
	public void record(RealmModel realm, RevocationEventType type, String subject, @Nullable String agentId) {
		SecurityEventEntity entity = new SecurityEventEntity();
		entity.setId(KeycloakModelUtils.generateId());
		entity.setRealmId(realm.getId());
		entity.setType(type.name());
		entity.setSubject(subject);
		entity.setAgentId(agentId);
		entity.setCreatedAt(Time.currentTimeMillis());
		this.em.persist(entity);
	}

	@Override
	public List<RevocationEvent> pending(RealmModel realm, String receiver, Instant since, int max, boolean replay) {
		var query = replay ? this.em.createNamedQuery("aaAllEvents", SecurityEventEntity.class)
				: this.em.createNamedQuery("aaPendingEvents", SecurityEventEntity.class)
					.setParameter("receiver", receiver);
		return query.setParameter("realmId", realm.getId())
			.setParameter("since", since.toEpochMilli())
			.setMaxResults(max)
			.getResultStream()
			.map((e) -> new RevocationEvent(e.getId(), RevocationEventType.valueOf(e.getType()), e.getSubject(),
					e.getAgentId(), Instant.ofEpochMilli(e.getCreatedAt())))
			.toList();
	}

	@Override
	public int acknowledge(RealmModel realm, String receiver, Collection<String> eventIds) {
		long now = Time.currentTimeMillis();
		int acknowledged = 0;
		for (String eventId : eventIds) {
			if (eventId == null || eventId.length() > 36) {
				continue;
			}
			String id = receiver + " " + eventId;
			SecurityEventEntity event = this.em.find(SecurityEventEntity.class, eventId);
			if (event == null || !event.getRealmId().equals(realm.getId())
					|| this.em.find(SecurityEventAckEntity.class, id) != null) {
				continue;
			}
			SecurityEventAckEntity ack = new SecurityEventAckEntity();
			ack.setId(id);
			ack.setRealmId(realm.getId());
			ack.setEventId(eventId);
			ack.setReceiver(receiver);
			ack.setAckedAt(now);
			this.em.persist(ack);
			acknowledged++;
		}
		return acknowledged;
	}

	@Override
	public void forget(RealmModel realm, String receiver) {
		this.em.createNamedQuery("aaForgetAcks")
			.setParameter("realmId", realm.getId())
			.setParameter("receiver", receiver)
			.executeUpdate();
	}

	@Override
	public void purge(RealmModel realm, Instant before) {
		this.em.createNamedQuery("aaPurgeAcks")
			.setParameter("realmId", realm.getId())
			.setParameter("before", before.toEpochMilli())
			.executeUpdate();
		this.em.createNamedQuery("aaPurgeEvents")
			.setParameter("realmId", realm.getId())
			.setParameter("before", before.toEpochMilli())
			.executeUpdate();
	}

	@Override
	public void removeRealm(RealmModel realm) {
		this.em.createNamedQuery("aaDeleteAcksByRealm").setParameter("realmId", realm.getId()).executeUpdate();
		this.em.createNamedQuery("aaDeleteEventsByRealm").setParameter("realmId", realm.getId()).executeUpdate();
	}

	@Override
	public void close() {
	}

}
