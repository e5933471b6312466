package dev.agentauth.core.replay;

import java.time.Instant;

import dev.agentauth.core.AgentAuthException;

/**
 * Remembers nonces for as long as the signatures that carry them are valid, so a replay is refused.
 * Implementations are bounded and fail closed.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface NonceStore {

	/**
	 * Records {@code nonce} for {@code keyId} until {@code expiresAt}. Call only after the signature verified.
	 * @throws AgentAuthException {@code nonce_replayed} if already seen, {@code nonce_store_full} if the store is
	 * at capacity (it never evicts a live nonce), {@code nonce_store_unavailable} if it cannot be reached
	 */
	void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException;

}
