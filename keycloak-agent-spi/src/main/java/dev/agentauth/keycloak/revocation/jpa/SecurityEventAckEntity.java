package dev.agentauth.keycloak.revocation.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Table {@code AA_SECURITY_EVENT_ACK}: which receiver (merchant client + receiver name) acknowledged which event
 * (RFC 8936 §2.4 {@code ack}).
 */
@Entity
@Table(name = "AA_SECURITY_EVENT_ACK")
@NamedQueries({
		@NamedQuery(name = "aaPurgeAcks",
				query = "delete from SecurityEventAckEntity a where a.realmId = :realmId and a.ackedAt < :before"),
		@NamedQuery(name = "aaForgetAcks",
				query = "delete from SecurityEventAckEntity a where a.realmId = :realmId and a.receiver = :receiver"),
		@NamedQuery(name = "aaDeleteAcksByRealm",
				query = "delete from SecurityEventAckEntity a where a.realmId = :realmId") })
public class SecurityEventAckEntity {

	/** {@code receiver + " " + eventId}. */
	@Id
	@Column(name = "ID", length = 400)
	private String id;

	@Column(name = "REALM_ID", length = 36, nullable = false)
	private String realmId;

	@Column(name = "EVENT_ID", length = 36, nullable = false)
	private String eventId;

	/** {@code clientId + "/" + receiver name}. */
	@Column(name = "RECEIVER", length = 360, nullable = false)
	private String receiver;

	@Column(name = "ACKED_AT", nullable = false)
	private long ackedAt;

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

	public String getEventId() {
		return this.eventId;
	}

	public void setEventId(String eventId) {
		this.eventId = eventId;
	}

	public String getReceiver() {
		return this.receiver;
	}

	public void setReceiver(String receiver) {
		this.receiver = receiver;
	}

	public long getAckedAt() {
		return this.ackedAt;
	}

	public void setAckedAt(long ackedAt) {
		this.ackedAt = ackedAt;
	}

}
