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

	/**
	 * Whether the set does not hold what the feed delivered so far (a shared store that lost its data, or one
	 * that was never filled), so the feed must ask for every retained event again. Checked before each poll.
	 */
	default boolean needsReplay() {
		return false;
	}

	/** Called by the feed once a replay has delivered every retained event into this set. */
	default void replayed() {
	}

}
