package dev.agentauth.keycloak.registry.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

@Entity
@Table(name = "AA_AGENT_KEY")
@NamedQueries({
		@NamedQuery(name = "aaKeyByThumbprint",
				query = "select k from AgentKeyEntity k where k.realmId = :realmId and k.source = '.' "
						+ "and k.thumbprint = :thumbprint"),
		@NamedQuery(name = "aaKeysByLookupId",
				query = "select k from AgentKeyEntity k where k.realmId = :realmId and k.keyId = :keyId "
						+ "order by k.source"),
		@NamedQuery(name = "aaKeyBySource",
				query = "select k from AgentKeyEntity k where k.realmId = :realmId and k.source = :source "
						+ "and k.keyId = :keyId"),
		@NamedQuery(name = "aaKeysBySource",
				query = "select k from AgentKeyEntity k where k.realmId = :realmId and k.source = :source "
						+ "order by k.createdAt, k.id"),
		@NamedQuery(name = "aaKeysByAgent",
				query = "select k from AgentKeyEntity k where k.agentId = :agentId order by k.createdAt, k.id"),
		@NamedQuery(name = "aaRetiredKeysUsedSince",
				query = "select k from AgentKeyEntity k where k.realmId = :realmId and k.status <> 'ACTIVE' "
						+ "and k.lastUsed >= :since order by k.lastUsed desc"),
		@NamedQuery(name = "aaDeleteKeysByAgent", query = "delete from AgentKeyEntity k where k.agentId = :agentId"),
		@NamedQuery(name = "aaDeleteKeysByRealm", query = "delete from AgentKeyEntity k where k.realmId = :realmId") })
public class AgentKeyEntity {

	/** {@code SOURCE} of a key registered here; a brokered key's is its provider's alias (which has no dot). */
	public static final String REGISTERED = ".";

	@Id
	@Column(name = "ID", length = 36)
	private String id;

	@Column(name = "REALM_ID", length = 36, nullable = false)
	private String realmId;

	@Column(name = "AGENT_ID", length = 36, nullable = false)
	private String agentId;

	@Column(name = "THUMBPRINT", length = 64, nullable = false)
	private String thumbprint;

	@Column(name = "JWK", length = 8000, nullable = false)
	private String jwk;

	@Column(name = "ALGORITHM", length = 32, nullable = false)
	private String algorithm;

	@Column(name = "STATUS", length = 16, nullable = false)
	private String status;

	@Column(name = "NOT_BEFORE")
	private Long notBefore;

	@Column(name = "NOT_AFTER")
	private Long notAfter;

	@Column(name = "CREATED_AT", nullable = false)
	private long createdAt;

	@Column(name = "LAST_USED")
	private Long lastUsed;

	@Column(name = "SOURCE", length = 64, nullable = false)
	private String source = REGISTERED;

	@Column(name = "KEY_ID", length = 255, nullable = false)
	private String keyId;

	public String getSource() {
		return this.source;
	}

	public void setSource(String source) {
		this.source = source;
	}

	public String getKeyId() {
		return this.keyId;
	}

	public void setKeyId(String keyId) {
		this.keyId = keyId;
	}

	public Long getLastUsed() {
		return this.lastUsed;
	}

	public void setLastUsed(Long lastUsed) {
		this.lastUsed = lastUsed;
	}

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

	public String getThumbprint() {
		return this.thumbprint;
	}

	public void setThumbprint(String thumbprint) {
		this.thumbprint = thumbprint;
	}

	public String getJwk() {
		return this.jwk;
	}

	public void setJwk(String jwk) {
		this.jwk = jwk;
	}

	public String getAlgorithm() {
		return this.algorithm;
	}

	public void setAlgorithm(String algorithm) {
		this.algorithm = algorithm;
	}

	public String getStatus() {
		return this.status;
	}

	public void setStatus(String status) {
		this.status = status;
	}

	public Long getNotBefore() {
		return this.notBefore;
	}

	public void setNotBefore(Long notBefore) {
		this.notBefore = notBefore;
	}

	public Long getNotAfter() {
		return this.notAfter;
	}

	public void setNotAfter(Long notAfter) {
		this.notAfter = notAfter;
	}

	public long getCreatedAt() {
		return this.createdAt;
	}

	public void setCreatedAt(long createdAt) {
		this.createdAt = createdAt;
	}

}
