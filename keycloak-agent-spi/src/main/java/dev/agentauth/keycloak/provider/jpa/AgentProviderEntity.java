package dev.agentauth.keycloak.provider.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

@Entity
@Table(name = "AA_AGENT_PROVIDER")
@NamedQueries({
		@NamedQuery(name = "aaProviderByAlias",
				query = "select p from AgentProviderEntity p where p.realmId = :realmId and p.alias = :alias"),
		@NamedQuery(name = "aaProvidersByRealm",
				query = "select p from AgentProviderEntity p where p.realmId = :realmId order by p.alias"),
		@NamedQuery(name = "aaProvidersDue",
				query = "select p from AgentProviderEntity p where p.enabled = true and p.nextFetchAt <= :now "
						+ "order by p.nextFetchAt"),
		@NamedQuery(name = "aaDeleteProvidersByRealm",
				query = "delete from AgentProviderEntity p where p.realmId = :realmId") })
public class AgentProviderEntity {

	@Id
	@Column(name = "ID", length = 36)
	private String id;

	@Column(name = "REALM_ID", length = 36, nullable = false)
	private String realmId;

	@Column(name = "ALIAS", length = 64, nullable = false)
	private String alias;

	@Column(name = "DISPLAY_NAME", length = 255, nullable = false)
	private String displayName;

	@Column(name = "TYPE", length = 32, nullable = false)
	private String type;

	@Column(name = "URL", length = 2048, nullable = false)
	private String url;

	@Column(name = "PROFILE", length = 32, nullable = false)
	private String profile;

	@Column(name = "ENABLED", nullable = false)
	private boolean enabled;

	@Column(name = "CREATED_AT", nullable = false)
	private long createdAt;

	@Column(name = "UPDATED_AT", nullable = false)
	private long updatedAt;

	@Column(name = "LAST_FETCH_AT")
	private Long lastFetchAt;

	@Column(name = "LAST_SUCCESS_AT")
	private Long lastSuccessAt;

	@Column(name = "LAST_RESULT", length = 64)
	private String lastResult;

	@Column(name = "LAST_ERROR", length = 2000)
	private String lastError;

	@Column(name = "KEY_COUNT", nullable = false)
	private int keyCount;

	@Column(name = "NEXT_FETCH_AT", nullable = false)
	private long nextFetchAt;

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

	public String getAlias() {
		return this.alias;
	}

	public void setAlias(String alias) {
		this.alias = alias;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	public String getType() {
		return this.type;
	}

	public void setType(String type) {
		this.type = type;
	}

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public String getProfile() {
		return this.profile;
	}

	public void setProfile(String profile) {
		this.profile = profile;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
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

	public Long getLastFetchAt() {
		return this.lastFetchAt;
	}

	public void setLastFetchAt(Long lastFetchAt) {
		this.lastFetchAt = lastFetchAt;
	}

	public Long getLastSuccessAt() {
		return this.lastSuccessAt;
	}

	public void setLastSuccessAt(Long lastSuccessAt) {
		this.lastSuccessAt = lastSuccessAt;
	}

	public String getLastResult() {
		return this.lastResult;
	}

	public void setLastResult(String lastResult) {
		this.lastResult = lastResult;
	}

	public String getLastError() {
		return this.lastError;
	}

	public void setLastError(String lastError) {
		this.lastError = lastError;
	}

	public int getKeyCount() {
		return this.keyCount;
	}

	public void setKeyCount(int keyCount) {
		this.keyCount = keyCount;
	}

	public long getNextFetchAt() {
		return this.nextFetchAt;
	}

	public void setNextFetchAt(long nextFetchAt) {
		this.nextFetchAt = nextFetchAt;
	}

}
