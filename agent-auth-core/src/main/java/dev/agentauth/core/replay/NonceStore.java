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

	/**
	 * Records {@code nonce} like {@link #consume(String, String, Instant)}, knowing when the signature was
	 * created. A store that can lose its memory while merchants keep running (Redis restarted without
	 * persistence) uses it to refuse signatures created before it could have remembered them, since their nonces
	 * may have been used and forgotten; the verifier calls this form. The default ignores {@code createdAt}.
	 * @throws AgentAuthException as {@link #consume(String, String, Instant)}, and {@code nonce_store_unavailable}
	 * for a signature created before the store's memory began
	 */
	default void consume(String keyId, String nonce, Instant createdAt, Instant expiresAt) throws AgentAuthException {
		consume(keyId, nonce, expiresAt);
	}

}
