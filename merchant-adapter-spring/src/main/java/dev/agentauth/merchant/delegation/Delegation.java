package dev.agentauth.merchant.delegation;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.delegation.DelegationDetails;
import dev.agentauth.core.delegation.DelegationToken;

/**
 * What the consumer allowed the agent, from a verified delegation token: part of the
 * {@link dev.agentauth.merchant.signature.AgentPrincipal}.
 *
 * @param consumer the consumer ({@code sub})
 * @param grantId the grant ({@code agent_grant})
 * @param scopes the delegated scopes (also authorities {@code SCOPE_<scope>})
 * @param details the spend limits ({@code authorization_details})
 * @param expires when the token expires
 * @param issuedAt when the token was issued ({@code iat}), if it says (the risk layer's step-up)
 * @since 0.1.0
 */
public record Delegation(String consumer, String grantId, List<String> scopes, DelegationDetails details,
		Instant expires, @Nullable Instant issuedAt) implements Serializable {

	public Delegation {
		scopes = List.copyOf(scopes);
	}

	/** A delegation whose issue time is unknown. */
	public Delegation(String consumer, String grantId, List<String> scopes, DelegationDetails details,
			Instant expires) {
		this(consumer, grantId, scopes, details, expires, null);
	}

	static Delegation of(DelegationToken token) {
		return new Delegation(token.subject(), token.grantId(), token.scopes(), token.details(), token.expires(),
				token.issuedAt());
	}

}
