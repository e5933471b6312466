package dev.agentauth.keycloak.signal.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Table {@code AA_AGENT_STANDING}: per agent and reporting merchant, that merchant's latest report (level, reason,
 * time) and when it last reported HIGH.
 */
@Entity
@Table(name = "AA_AGENT_STANDING")
@NamedQueries({
		@NamedQuery(name = "aaStandingByAgentAndMerchant",
				query = "select s from AgentStandingEntity s where s.agentId = :agentId and s.merchant = :merchant"),
		@NamedQuery(name = "aaStandingByAgent",
				query = "select s from AgentStandingEntity s where s.agentId = :agentId order by s.reportedAt desc"),
		@NamedQuery(name = "aaDeleteStandingByAgent",
				query = "delete from AgentStandingEntity s where s.agentId = :agentId"),
		@NamedQuery(name = "aaDeleteStandingByRealm",
				query = "delete from AgentStandingEntity s where s.realmId = :realmId") })
public class AgentStandingEntity {

	@Id
	@Column(name = "ID", length = 36)
	private String id;

	@Column(name = "REALM_ID", length = 36, nullable = false)
	private String realmId;

	@Column(name = "AGENT_ID", length = 36, nullable = false)
	private String agentId;

	@Column(name = "MERCHANT", length = 255, nullable = false)
	private String merchant;

	@Column(name = "LEVEL", length = 16, nullable = false)
	private String level;

	@Column(name = "REASON", length = 255)
	private String reason;

	@Column(name = "KID", length = 64)
	private String kid;

	@Column(name = "EVENT_TYPE", length = 32, nullable = false)
	private String eventType;

	@Column(name = "REPORTED_AT", nullable = false)
	private long reportedAt;

	@Column(name = "LAST_HIGH_AT")
	private Long lastHighAt;

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

	public String getAgentId() {
		return this.agentId;
	}

	public void setAgentId(String agentId) {
		this.agentId = agentId;
	}

	public String getMerchant() {
		return this.merchant;
	}

	public void setMerchant(String merchant) {
		this.merchant = merchant;
	}

	public String getLevel() {
		return this.level;
	}

	public void setLevel(String level) {
		this.level = level;
	}

	public String getReason() {
		return this.reason;
	}

	public void setReason(String reason) {
		this.reason = reason;
	}

	public String getKid() {
		return this.kid;
	}

	public void setKid(String kid) {
		this.kid = kid;
	}

	public String getEventType() {
		return this.eventType;
	}

	public void setEventType(String eventType) {
		this.eventType = eventType;
	}

	public long getReportedAt() {
		return this.reportedAt;
	}

	public void setReportedAt(long reportedAt) {
		this.reportedAt = reportedAt;
	}

	public Long getLastHighAt() {
		return this.lastHighAt;
	}

	public void setLastHighAt(Long lastHighAt) {
		this.lastHighAt = lastHighAt;
	}

}
