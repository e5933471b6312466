package dev.agentauth.keycloak.grant;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.DelegationDetails;

/**
 * A consumer's permission for an agent to act for them: scopes and spend limits ({@code authorization_details}
 * of type {@code agent_delegation}) until {@code expires}, approved on the consent page through the operator
 * client {@code clientId}.
 *
 * @since 0.1.0
 */
public record AgentGrantModel(String id, String realmId, String userId, String agentId, String clientId,
		List<String> scopes, String authorizationDetails, Instant created, Instant expires, GrantStatus status,
		@Nullable Instant revokedAt, @Nullable String revokedBy) {

	public AgentGrantModel {
		scopes = List.copyOf(scopes);
	}

	/** Active and not expired at {@code now}. */
	public boolean isUsable(Instant now) {
		return this.status == GrantStatus.ACTIVE && now.isBefore(this.expires);
	}

	/** The status a client sees: {@code active}, {@code expired} or {@code revoked}. */
	public String effectiveStatus(Instant now) {
		if (this.status == GrantStatus.REVOKED) {
			return "revoked";
		}
		return now.isBefore(this.expires) ? "active" : "expired";
	}

	/** The stored limits. */
	public DelegationDetails details() {
		try {
			return DelegationDetails.parse(this.authorizationDetails);
		}
		catch (AgentAuthException ex) {
			throw new IllegalStateException("Stored authorization_details of grant " + this.id + " are invalid", ex);
		}
	}

}
