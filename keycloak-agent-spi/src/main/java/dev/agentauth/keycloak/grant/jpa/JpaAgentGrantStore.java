package dev.agentauth.keycloak.grant.jpa;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.grant.GrantStatus;
import dev.agentauth.keycloak.revocation.SecurityEventStore;

final class JpaAgentGrantStore implements AgentGrantStore {

	private final KeycloakSession session;

	private final EntityManager em;

	JpaAgentGrantStore(KeycloakSession session, EntityManager em) {
		this.session = session;
		this.em = em;
	}

	@Override
	public AgentGrantModel createGrant(RealmModel realm, String userId, String agentId, String clientId,
			List<String> scopes, String authorizationDetails, Instant expires) {
		AgentGrantEntity entity = new AgentGrantEntity();
		entity.setId(KeycloakModelUtils.generateId());
		entity.setRealmId(realm.getId());
		entity.setUserId(userId);
		entity.setAgentId(agentId);
		entity.setClientId(clientId);
		entity.setScopes(String.join(" ", scopes));
		entity.setAuthorizationDetails(authorizationDetails);
		entity.setCreatedAt(Time.currentTimeMillis());
		entity.setExpiresAt(expires.toEpochMilli());
		entity.setStatus(GrantStatus.ACTIVE.name());
		this.em.persist(entity);
		return toModel(entity);
	}

	@Override
	public Optional<AgentGrantModel> getGrant(RealmModel realm, String grantId) {
		return find(realm, grantId).map(JpaAgentGrantStore::toModel);
	}

	@Override
	public List<AgentGrantModel> getUserGrants(RealmModel realm, String userId) {
		return this.em.createNamedQuery("aaGrantsByUser", AgentGrantEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("userId", userId)
			.getResultStream()
			.map(JpaAgentGrantStore::toModel)
			.toList();
	}

	@Override
	public List<AgentGrantModel> getAgentGrants(RealmModel realm, String agentId) {
		return this.em.createNamedQuery("aaGrantsByAgent", AgentGrantEntity.class)
			.setParameter("realmId", realm.getId())
			.setParameter("agentId", agentId)
			.getResultStream()
			.map(JpaAgentGrantStore::toModel)
			.toList();
	}

	@Override
	public Optional<AgentGrantModel> revokeGrant(RealmModel realm, String grantId, String revokedBy) {
		return find(realm, grantId).map((entity) -> {
			if (!GrantStatus.REVOKED.name().equals(entity.getStatus())) {
				events().record(realm, RevocationEventType.GRANT_REVOKED, grantId, entity.getAgentId());
				entity.setStatus(GrantStatus.REVOKED.name());
				entity.setRevokedAt(Time.currentTimeMillis());
				entity.setRevokedBy(revokedBy);
			}
			return toModel(entity);
		});
	}

	@Override
	public void removeUserGrants(RealmModel realm, String userId) {
		for (AgentGrantModel grant : getUserGrants(realm, userId)) {
			if (grant.status() == GrantStatus.ACTIVE) {
				events().record(realm, RevocationEventType.GRANT_REVOKED, grant.id(), grant.agentId());
			}
		}
		this.em.createNamedQuery("aaDeleteGrantsByUser")
			.setParameter("realmId", realm.getId())
			.setParameter("userId", userId)
			.executeUpdate();
	}

	@Override
	public void removeAgentGrants(RealmModel realm, String agentId) {
		// agent ids are unique across realms
		this.em.createNamedQuery("aaDeleteGrantsByAgent").setParameter("agentId", agentId).executeUpdate();
	}

	@Override
	public void removeRealm(RealmModel realm) {
		this.em.createNamedQuery("aaDeleteGrantsByRealm").setParameter("realmId", realm.getId()).executeUpdate();
	}

	@Override
	public void close() {
	}

	private SecurityEventStore events() {
		return this.session.getProvider(SecurityEventStore.class);
	}

	private Optional<AgentGrantEntity> find(RealmModel realm, String grantId) {
		if (grantId == null || grantId.length() > 36) {
			return Optional.empty();
		}
		AgentGrantEntity entity = this.em.find(AgentGrantEntity.class, grantId);
		return (entity != null && entity.getRealmId().equals(realm.getId())) ? Optional.of(entity) : Optional.empty();
	}

	private static AgentGrantModel toModel(AgentGrantEntity entity) {
		List<String> scopes = entity.getScopes().isBlank() ? List.of()
				: Arrays.asList(entity.getScopes().split(" "));
		return new AgentGrantModel(entity.getId(), entity.getRealmId(), entity.getUserId(), entity.getAgentId(),
				entity.getClientId(), scopes, entity.getAuthorizationDetails(),
				Instant.ofEpochMilli(entity.getCreatedAt()), Instant.ofEpochMilli(entity.getExpiresAt()),
				GrantStatus.valueOf(entity.getStatus()),
				(entity.getRevokedAt() != null) ? Instant.ofEpochMilli(entity.getRevokedAt()) : null,
				entity.getRevokedBy());
	}

}
