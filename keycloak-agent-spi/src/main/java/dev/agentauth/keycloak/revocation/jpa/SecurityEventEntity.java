package dev.agentauth.keycloak.revocation.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Table {@code AA_SECURITY_EVENT}: the revocation feed.
 */
@Entity
@Table(name = "AA_SECURITY_EVENT")
@NamedQueries({
		@NamedQuery(name = "aaPendingEvents",
				query = "select e from SecurityEventEntity e where e.realmId = :realmId and e.createdAt >= :since "
						+ "and not exists (select a.id from SecurityEventAckEntity a where a.eventId = e.id "
						+ "and a.receiver = :receiver) order by e.createdAt, e.id"),
		@NamedQuery(name = "aaAllEvents",
				query = "select e from SecurityEventEntity e where e.realmId = :realmId and e.createdAt >= :since "
						+ "order by e.createdAt, e.id"),
		@NamedQuery(name = "aaPurgeEvents",
				query = "delete from SecurityEventEntity e where e.realmId = :realmId and e.createdAt < :before"),
		@NamedQuery(name = "aaDeleteEventsByRealm",
				query = "delete from SecurityEventEntity e where e.realmId = :realmId") })
public class SecurityEventEntity {

	@Id
	@Column(name = "ID", length = 36)
	private String id;

	@Column(name = "REALM_ID", length = 36, nullable = false)
	private String realmId;

	@Column(name = "TYPE", length = 32, nullable = false)
	private String type;

	@Column(name = "SUBJECT", length = 255, nullable = false)
	private String subject;

	@Column(name = "AGENT_ID", length = 36)
	private String agentId;

	@Column(name = "CREATED_AT", nullable = false)
	private long createdAt;

	public String getId() {
		return this.id;
	}

	public void setId(String id) {
		this.id = id;
	}

	public String getRealmId() {
		return this.realmId;
	}

	public void setRealmId(String realmId) {
		this.realmId = realmId;
	}

	public String getType() {
		return this.type;
	}

	public void setType(String type) {
		this.type = type;
	}

	public String getSubject() {
		return this.subject;
	}

	public void setSubject(String subject) {
		this.subject = subject;
	}

	public String getAgentId() {
		return this.agentId;
	}

	public void setAgentId(String agentId) {
		this.agentId = agentId;
	}

	public long getCreatedAt() {
		return this.createdAt;
	}

	public void setCreatedAt(long createdAt) {
		this.createdAt = createdAt;
	}

}
