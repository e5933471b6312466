package dev.agentauth.keycloak.registry.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

@Entity
@Table(name = "AA_AGENT")
@NamedQueries({
		@NamedQuery(name = "aaAgentsByRealm",
				query = "select a from AgentEntity a where a.realmId = :realmId and lower(a.name) like :search order by a.name, a.id"),
		@NamedQuery(name = "aaAgentsByRealmAndStatus",
				query = "select a from AgentEntity a where a.realmId = :realmId and a.status = :status "
						+ "and lower(a.name) like :search order by a.name, a.id"),
		@NamedQuery(name = "aaAgentsByProvider",
				query = "select a from AgentEntity a where a.realmId = :realmId and a.provider = :provider "
						+ "order by a.name, a.id"),
		@NamedQuery(name = "aaDeleteAgentsByRealm", query = "delete from AgentEntity a where a.realmId = :realmId") })
public class AgentEntity {

	@Id
	@Column(name = "ID", length = 36)
	private String id;

	@Column(name = "REALM_ID", length = 36, nullable = false)
	private String realmId;

	@Column(name = "NAME", nullable = false)
	private String name;

	@Column(name = "DESCRIPTION", length = 2000)
	private String description;

	@Column(name = "OPERATOR")
	private String operator;

	@Column(name = "STATUS", length = 16, nullable = false)
	private String status;

	@Column(name = "ALLOWED_NETWORKS", length = 4000)
	private String allowedNetworks;

	@Column(name = "CREATED_AT", nullable = false)
	private long createdAt;

	@Column(name = "UPDATED_AT", nullable = false)
	private long updatedAt;

	@Column(name = "PROVIDER", length = 64)
	private String provider;

	@Column(name = "PROVIDER_SUBJECT", length = 255)
	private String providerSubject;

	public String getProvider() {
		return this.provider;
	}

	public void setProvider(String provider) {
		this.provider = provider;
	}

	public String getProviderSubject() {
		return this.providerSubject;
	}

	public void setProviderSubject(String providerSubject) {
		this.providerSubject = providerSubject;
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

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public String getOperator() {
		return this.operator;
	}

	public void setOperator(String operator) {
		this.operator = operator;
	}

	public String getStatus() {
		return this.status;
	}

	public void setStatus(String status) {
		this.status = status;
	}

	public String getAllowedNetworks() {
		return this.allowedNetworks;
	}

	public void setAllowedNetworks(String allowedNetworks) {
		this.allowedNetworks = allowedNetworks;
	}

	public long getCreatedAt() {
		return this.createdAt;
	}

	public void setCreatedAt(long createdAt) {
		this.createdAt = createdAt;
	}

	public long getUpdatedAt() {
		return this.updatedAt;
	}

	public void setUpdatedAt(long updatedAt) {
		this.updatedAt = updatedAt;
	}

}
