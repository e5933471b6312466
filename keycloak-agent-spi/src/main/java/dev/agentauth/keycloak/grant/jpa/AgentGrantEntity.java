package dev.agentauth.keycloak.grant.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Table {@code AA_AGENT_GRANT}.
 */
@Entity
@Table(name = "AA_AGENT_GRANT")
@NamedQueries({
		@NamedQuery(name = "aaGrantsByUser",
				query = "select g from AgentGrantEntity g where g.realmId = :realmId and g.userId = :userId "
						+ "order by g.createdAt desc, g.id"),
		@NamedQuery(name = "aaGrantsByAgent",
				query = "select g from AgentGrantEntity g where g.realmId = :realmId and g.agentId = :agentId "
						+ "order by g.createdAt desc, g.id"),
		@NamedQuery(name = "aaDeleteGrantsByUser",
				query = "delete from AgentGrantEntity g where g.realmId = :realmId and g.userId = :userId"),
		@NamedQuery(name = "aaDeleteGrantsByAgent", query = "delete from AgentGrantEntity g where g.agentId = :agentId"),
		@NamedQuery(name = "aaDeleteGrantsByRealm", query = "delete from AgentGrantEntity g where g.realmId = :realmId") })
public class AgentGrantEntity {

	@Id
	@Column(name = "ID", length = 36)
	private String id;

	@Column(name = "REALM_ID", length = 36, nullable = false)
	private String realmId;

	@Column(name = "USER_ID", length = 255, nullable = false)
	private String userId;

	@Column(name = "AGENT_ID", length = 36, nullable = false)
	private String agentId;

	@Column(name = "CLIENT_ID", length = 255, nullable = false)
	private String clientId;

	@Column(name = "SCOPES", length = 2000, nullable = false)
	private String scopes;

	@Column(name = "AUTHORIZATION_DETAILS", length = 8000, nullable = false)
	private String authorizationDetails;

	@Column(name = "CREATED_AT", nullable = false)
	private long createdAt;

	@Column(name = "EXPIRES_AT", nullable = false)
	private long expiresAt;

	@Column(name = "STATUS", length = 16, nullable = false)
	private String status;

	@Column(name = "REVOKED_AT")
	private Long revokedAt;

	@Column(name = "REVOKED_BY", length = 255)
	private String revokedBy;

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

	public String getUserId() {
		return this.userId;
	}

	public void setUserId(String userId) {
		this.userId = userId;
	}

	public String getAgentId() {
		return this.agentId;
	}

	public void setAgentId(String agentId) {
		this.agentId = agentId;
	}

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = clientId;
	}

	public String getScopes() {
		return this.scopes;
	}

	public void setScopes(String scopes) {
		this.scopes = scopes;
	}

	public String getAuthorizationDetails() {
		return this.authorizationDetails;
	}

	public void setAuthorizationDetails(String authorizationDetails) {
		this.authorizationDetails = authorizationDetails;
	}

	public long getCreatedAt() {
		return this.createdAt;
	}

	public void setCreatedAt(long createdAt) {
		this.createdAt = createdAt;
	}

	public long getExpiresAt() {
		return this.expiresAt;
	}

	public void setExpiresAt(long expiresAt) {
		this.expiresAt = expiresAt;
	}

	public String getStatus() {
		return this.status;
	}

	public void setStatus(String status) {
		this.status = status;
	}

	public Long getRevokedAt() {
		return this.revokedAt;
	}

	public void setRevokedAt(Long revokedAt) {
		this.revokedAt = revokedAt;
	}

	public String getRevokedBy() {
		return this.revokedBy;
	}

	public void setRevokedBy(String revokedBy) {
		this.revokedBy = revokedBy;
	}

}
