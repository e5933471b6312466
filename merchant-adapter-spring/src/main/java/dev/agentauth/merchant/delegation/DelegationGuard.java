package dev.agentauth.merchant.delegation;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationToken;
import dev.agentauth.core.revocation.RevocationSet;
import dev.agentauth.core.signature.VerifiedSignature;

/**
 * Layer 2 for one request whose signature already verified: the revocation set (for every agent request), then,
 * when the request carries {@code Authorization: Agent <token>}, the token, its binding to the signing agent and
 * key, the feed's freshness and the grant's revocation.
 *
 * @since 0.1.0
 */
public final class DelegationGuard {

	private final @Nullable DelegationTokenVerifier verifier;

	private final @Nullable RevocationSet revocations;

	private final @Nullable RevocationFeed feed;

	/**
	 * @param verifier null when this merchant takes no delegation tokens ({@code agentauth.merchant-id} unset)
	 * @param revocations null without a revocation feed
	 * @param feed null without a revocation feed
	 */
	public DelegationGuard(@Nullable DelegationTokenVerifier verifier, @Nullable RevocationSet revocations,
			@Nullable RevocationFeed feed) {
		this.verifier = verifier;
		this.revocations = revocations;
		this.feed = feed;
	}

	/**
	 * The request's delegation, or null when it carries none.
	 * @param authorization the request's {@code Authorization} header
	 * @throws AgentAuthException the refusal
	 */
	public @Nullable Delegation check(@Nullable String authorization, VerifiedSignature signature)
			throws AgentAuthException {
		if (authorization == null) {
			if (this.revocations != null) {
				refuseIfRevoked(this.revocations.check(signature.agentId(), signature.keyId(), null));
			}
			return null;
		}
		DelegationToken token;
		try {
			token = verifyBound(authorization, signature);
		}
		catch (AgentAuthException ex) {
			// a revoked agent or key is the reason to give, whatever is wrong with the token
			if (this.revocations != null) {
				refuseIfRevoked(this.revocations.check(signature.agentId(), signature.keyId(), null));
			}
			throw ex;
		}
		// one lookup for agent, key and grant; its agent and key answers come before the feed's freshness, as
		// they do for requests without a token, and the grant's after it
		ErrorCode revoked = (this.revocations != null)
				? this.revocations.check(signature.agentId(), signature.keyId(), token.grantId()) : null;
		if (revoked != null && revoked != ErrorCode.GRANT_REVOKED) {
			refuseIfRevoked(revoked);
		}
		if (this.feed != null && this.feed.isLagging()) {
			throw new AgentAuthException(ErrorCode.REVOCATION_FEED_UNAVAILABLE,
					"The revocation feed has not been reached recently; delegations cannot be trusted now");
		}
		refuseIfRevoked(revoked);
		return Delegation.of(token);
	}

	/**
	 * Refuses an agent or key the revocation feed reported (suspended, revoked), for requests that can carry no
	 * delegation (the simple header profile).
	 * @throws AgentAuthException {@code agent_suspended}, {@code agent_revoked}, {@code key_revoked}
	 */
	public void checkAgent(String agentId, String keyId) throws AgentAuthException {
		if (this.revocations != null) {
			refuseIfRevoked(this.revocations.check(agentId, keyId, null));
		}
	}

	/** The token of {@code Authorization: Agent <token>}, verified and bound to the request's signature. */
	private DelegationToken verifyBound(String authorization, VerifiedSignature signature) throws AgentAuthException {
		int space = authorization.indexOf(' ');
		String scheme = (space > 0) ? authorization.substring(0, space).toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("agent")) {
			throw new AgentAuthException(ErrorCode.TOKEN_SCHEME_INVALID,
					"Send the delegation token as 'Authorization: Agent <token>' on a signed request, not as "
							+ (scheme.isEmpty() ? "a bare value" : "'" + authorization.substring(0, space) + "'"));
		}
		if (this.verifier == null) {
			throw new AgentAuthException(ErrorCode.TOKEN_INVALID, "This merchant does not accept delegation tokens");
		}
		DelegationToken token = this.verifier.verify(authorization.substring(space + 1).trim());
		token.checkBinding(signature.agentId(), signature.keyId());
		return token;
	}

	private static void refuseIfRevoked(@Nullable ErrorCode code) throws AgentAuthException {
		if (code != null) {
			String detail = switch (code) {
				case GRANT_REVOKED -> "The consumer's grant has been revoked";
				case AGENT_SUSPENDED -> "The agent is suspended";
				case AGENT_REVOKED -> "The agent is revoked";
				case KEY_REVOKED -> "The signing key is revoked";
				default -> "The revocation state cannot be read";
			};
			throw new AgentAuthException(code, detail);
		}
	}

}
