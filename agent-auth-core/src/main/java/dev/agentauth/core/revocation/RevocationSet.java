package dev.agentauth.core.revocation;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.ErrorCode;

/**
 * What a merchant has learnt from the revocation feed: revoked grants, suspended or revoked agents, revoked
 * keys. Entries are kept until the longest delegation token could have expired.
 *
 * @since 0.1.0
 */
public interface RevocationSet {

	/** Applies one event (an activation lifts a suspension). */
	void apply(RevocationEvent event);

	/**
	 * Why a request with this agent, key and (optional) grant must be refused, or null.
	 * @return {@code grant_revoked}, {@code agent_suspended}, {@code agent_revoked} or {@code key_revoked}
	 */
	@Nullable ErrorCode check(String agentId, String keyId, @Nullable String grantId);

}
