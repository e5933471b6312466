package dev.agentauth.merchant.replay;

import java.time.Instant;
import java.util.Objects;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.replay.NonceStore;

/**
 * Uses a shared store and, only while it is unavailable, a local one ({@code agentauth.replay.redis-failure=
 * allow-local}). This trades cross-instance replay protection for availability during a Redis outage.
 *
 * @since 0.1.0
 */
public final class LocalFallbackNonceStore implements NonceStore {

	private final NonceStore shared;

	private final NonceStore local;

	public LocalFallbackNonceStore(NonceStore shared, NonceStore local) {
		this.shared = Objects.requireNonNull(shared, "shared cannot be null");
		this.local = Objects.requireNonNull(local, "local cannot be null");
	}

	@Override
	public void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException {
		try {
			this.shared.consume(keyId, nonce, expiresAt);
		}
		catch (AgentAuthException ex) {
			if (ex.errorCode() != ErrorCode.NONCE_STORE_UNAVAILABLE) {
				throw ex;
			}
			this.local.consume(keyId, nonce, expiresAt);
		}
	}

	@Override
	public void consume(String keyId, String nonce, Instant createdAt, Instant expiresAt) throws AgentAuthException {
		try {
			this.shared.consume(keyId, nonce, createdAt, expiresAt);
		}
		catch (AgentAuthException ex) {
			if (ex.errorCode() != ErrorCode.NONCE_STORE_UNAVAILABLE) {
				throw ex;
			}
			this.local.consume(keyId, nonce, createdAt, expiresAt);
		}
	}

}
