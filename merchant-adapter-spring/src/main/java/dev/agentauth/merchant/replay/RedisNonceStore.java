package dev.agentauth.merchant.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.replay.NonceStore;

/**
 * A {@link NonceStore} in Redis, shared by all merchant instances: {@code SET agentauth:nonce:{keyid}:{nonce} 1
 * NX PX <ttl>}. Redis unreachable (or slower than its command timeout) means {@code nonce_store_unavailable};
 * keep {@code spring.data.redis.timeout} short.
 * <p>
 * <b>Memory epoch.</b> A Redis that restarts without persistence (or loses its data to a failover) forgets the nonces
 * it held while the merchants keep running, so a request replayed within its signature's lifetime would pass. The
 * store therefore keeps {@code <prefix>epoch}, the time (epoch seconds) since which Redis remembers nonces: written at
 * start-up ({@link #start()}, {@code SET NX}, the second before the start) and, when it is found missing, set to the
 * current second by the first request that notices (in the same Lua script as the nonce). A signature created at or
 * before the epoch second is refused with {@code nonce_store_unavailable} (503 with {@code Retry-After}: sign again),
 * because its nonce may have been used and forgotten. Run Redis with {@code maxmemory-policy noeviction} (see
 * docs/operations.md): an evicted nonce would be a replay window, an evicted epoch a burst of refusals. The script
 * touches two keys, so this store needs one Redis primary (with replicas or Sentinel), not Redis Cluster.
 *
 * @since 0.1.0
 */
public final class RedisNonceStore implements NonceStore {

	/**
	 * KEYS[1] nonce, KEYS[2] epoch; ARGV[1] ttl ms, ARGV[2] now (epoch s), ARGV[3] signature created (epoch s).
	 * 1 = stored, 0 = replayed, -1 = created at or before the epoch.
	 */
	private static final DefaultRedisScript<Long> CONSUME = new DefaultRedisScript<>("""
			local epoch = redis.call('GET', KEYS[2])
			if not epoch then
			  redis.call('SET', KEYS[2], ARGV[2])
			  epoch = ARGV[2]
			end
			if tonumber(ARGV[3]) <= tonumber(epoch) then return -1 end
			if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
			return 0
			""", Long.class);

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

	/**
	 * Records the start of the nonce memory unless Redis already has one ({@code SET <prefix>epoch <now - 1> NX}:
	 * at start-up nothing was consumed in this second yet, so signatures made in it pass); best effort: when Redis
	 * is down now, the first request after it comes back sets the epoch to its own second.
	 */
	public void start() {
		try {
			this.redis.opsForValue().setIfAbsent(epochKey(),
					Long.toString(this.clock.instant().getEpochSecond() - 1));
		}
		catch (DataAccessException | IllegalStateException ex) {
			// the first consume that reaches Redis sets it
		}
	}

	@Override
	public void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException {
		Duration ttl = ttl(expiresAt);
		Boolean stored;
		try {
			stored = this.redis.opsForValue().setIfAbsent(this.keyPrefix + keyId + ":" + nonce, "1", ttl);
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw unavailable();
		}
		if (stored == null) {
			throw new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE, "The nonce store gave no answer");
		}
		if (!stored) {
			throw new AgentAuthException(ErrorCode.NONCE_REPLAYED, "The nonce was already used");
		}
	}

	@Override
	public void consume(String keyId, String nonce, Instant createdAt, Instant expiresAt) throws AgentAuthException {
		Long result;
		try {
			result = this.redis.execute(CONSUME, List.of(this.keyPrefix + keyId + ":" + nonce, epochKey()),
					Long.toString(ttl(expiresAt).toMillis()), Long.toString(this.clock.instant().getEpochSecond()),
					Long.toString(createdAt.getEpochSecond()));
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw unavailable();
		}
		if (result == null) {
			throw new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE, "The nonce store gave no answer");
		}
		if (result < 0) {
			throw new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE,
					"The nonce store's memory began after this signature was created; sign the request again");
		}
		if (result == 0) {
			throw new AgentAuthException(ErrorCode.NONCE_REPLAYED, "The nonce was already used");
		}
	}

	private String epochKey() {
		return this.keyPrefix + "epoch";
	}

	private Duration ttl(Instant expiresAt) {
		Duration ttl = Duration.between(this.clock.instant(), expiresAt);
		return (ttl.toMillis() < 1) ? Duration.ofMillis(1) : ttl;
	}

	private static AgentAuthException unavailable() {
		return new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE, "The nonce store cannot be reached");
	}

}
