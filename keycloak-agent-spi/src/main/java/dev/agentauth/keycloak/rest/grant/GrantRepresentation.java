package dev.agentauth.keycloak.rest.grant;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.rest.RestValues;

/**
 * An agent grant as the consumer's and the admin's grants API return it. {@code username} only in an admin's list
 * of an agent's grants; {@code agent} (what the consumer approved) only in a user's list.
 *
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GrantRepresentation(@JsonProperty("id") String id, @JsonProperty("user_id") String userId,
		@JsonProperty("username") @Nullable String username, @JsonProperty("agent_id") String agentId,
		@JsonProperty("client_id") String clientId, @JsonProperty("scopes") List<String> scopes,
		@JsonProperty("authorization_details") List<Object> authorizationDetails,
		@JsonProperty("created") long created, @JsonProperty("expires") long expires,
		@JsonProperty("status") String status, @JsonProperty("revoked_at") @Nullable Long revokedAt,
		@JsonProperty("revoked_by") @Nullable String revokedBy, @JsonProperty("agent") @Nullable AgentSummary agent) {

	/** The grant as it stands at {@code now} ({@code expired} once past its expiry). */
	public static GrantRepresentation of(AgentGrantModel grant, Instant now) {
		return new GrantRepresentation(grant.id(), grant.userId(), null, grant.agentId(), grant.clientId(),
				grant.scopes(), grant.details().toJsonArray(), grant.created().getEpochSecond(),
				grant.expires().getEpochSecond(), grant.effectiveStatus(now), RestValues.epochSeconds(grant.revokedAt()),
				(grant.revokedAt() != null) ? grant.revokedBy() : null, null);
	}

	public GrantRepresentation withUsername(String username) {
		return new GrantRepresentation(this.id, this.userId, username, this.agentId, this.clientId, this.scopes,
				this.authorizationDetails, this.created, this.expires, this.status, this.revokedAt, this.revokedBy,
				this.agent);
	}

	public GrantRepresentation withAgent(AgentSummary agent) {
		return new GrantRepresentation(this.id, this.userId, this.username, this.agentId, this.clientId, this.scopes,
				this.authorizationDetails, this.created, this.expires, this.status, this.revokedAt, this.revokedBy,
				agent);
	}

	/** The agent a consumer approved: name, operator, status and the thumbprints of its keys that verify now. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record AgentSummary(@JsonProperty("name") String name, @JsonProperty("operator") @Nullable String operator,
			@JsonProperty("status") String status, @JsonProperty("keys") List<String> keys) {
	}

}
