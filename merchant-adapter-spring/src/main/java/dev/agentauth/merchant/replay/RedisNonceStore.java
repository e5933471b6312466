package dev.agentauth.merchant.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.replay.NonceStore;

/**
 * A {@link NonceStore} in Redis, shared by all merchant instances: {@code SET agentauth:nonce:{keyid}:{nonce} 1
 * NX PX <ttl>}. Redis unreachable (or slower than its command timeout) means {@code nonce_store_unavailable};
 * keep {@code spring.data.redis.timeout} short.
 *
 * @since 0.1.0
 */
public final class RedisNonceStore implements NonceStore {

	private final StringRedisTemplate redis;

	private final Clock clock;

	private String keyPrefix = "agentauth:nonce:";

	public RedisNonceStore(StringRedisTemplate redis, Clock clock) {
		this.redis = Objects.requireNonNull(redis, "redis cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** Prefix of the Redis keys. Default {@code agentauth:nonce:}. */
	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix cannot be null");
	}

	@Override
	public void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException {
		Duration ttl = Duration.between(this.clock.instant(), expiresAt);
		if (ttl.toMillis() < 1) {
			ttl = Duration.ofMillis(1);
		}
		Boolean stored;
		try {
			stored = this.redis.opsForValue().setIfAbsent(this.keyPrefix + keyId + ":" + nonce, "1", ttl);
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE, "The nonce store cannot be reached");
		}
		if (stored == null) {
			throw new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE, "The nonce store gave no answer");
		}
		if (!stored) {
			throw new AgentAuthException(ErrorCode.NONCE_REPLAYED, "The nonce was already used");
		}
	}

}
