package dev.agentauth.merchant.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.replay.NonceStore;

/**
 * A {@link NonceStore} in Redis, shared by all merchant instances: {@code SET <prefix>{g<n>}:<keyid>:<nonce> 1 NX
 * PX <ttl>}. Redis unreachable (or slower than its command timeout) means {@code nonce_store_unavailable}; keep
 * {@code spring.data.redis.timeout} short. Works on one Redis primary (with replicas or Sentinel) and on Redis
 * Cluster alike.
 * <p>
 * <b>Memory epoch.</b> A Redis that restarts without persistence, or a replica promoted before it received the last
 * writes, has forgotten nonces while the merchants keep running, so a request replayed within its signature's
 * lifetime would pass. The store therefore keeps an epoch: the second since which Redis remembers nonces, and the
 * replication id ({@code master_replid}) of the Redis that holds it. It is written at start-up ({@link #start()},
 * {@code SET NX}, the second before the start) and re-written by the first request that finds it missing <i>or</i>
 * finds that the Redis serving it has another replication id (a restart or a failover gives a new one). A signature
 * created at or before the epoch second is refused with {@code nonce_store_unavailable} (503 with
 * {@code Retry-After}: sign again), because its nonce may have been used and forgotten. Run Redis with
 * {@code maxmemory-policy noeviction} (see docs/operations.md).
 * <p>
 * <b>Redis Cluster.</b> A nonce and the epoch it is checked against must be in one hash slot. Key ids are spread
 * over {@value #GROUPS} groups by a stable hash; each group's keys share the hash tag {@code {g<n>}} and the group has
 * its own epoch, so every script touches one slot.
 * <p>
 * A failure is logged once per distinct cause (then at debug level), so an operator can tell why requests get 503.
 *
 * @since 0.1.0
 */
public final class RedisNonceStore implements NonceStore {

	/** Hash-tag groups of key ids: enough to spread over any cluster, few enough to write every epoch at start. */
	static final int GROUPS = 256;

	private static final Logger log = LoggerFactory.getLogger(RedisNonceStore.class);

	/**
	 * KEYS[1] nonce, KEYS[2] its group's epoch ({@code <epoch second>:<master_replid>}); ARGV[1] ttl ms, ARGV[2]
	 * now (epoch s), ARGV[3] signature created (epoch s). 1 = stored, 0 = replayed, -1 = created at or before the
	 * epoch. INFO is read to detect a Redis that is not the one that wrote the epoch (restart, failover).
	 */
	private static final DefaultRedisScript<Long> CONSUME = new DefaultRedisScript<>("""
			local id = string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') or ''
			local current = redis.call('GET', KEYS[2])
			local epoch = nil
			if current then
			  local e, r = string.match(current, '^(%d+):(%w*)$')
			  if r == id then epoch = e end
			end
			if not epoch then
			  redis.call('SET', KEYS[2], ARGV[2] .. ':' .. id)
			  epoch = ARGV[2]
			end
			if tonumber(ARGV[3]) <= tonumber(epoch) then return -1 end
			if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
			return 0
			""", Long.class);

	/** KEYS[1] a group's epoch; ARGV[1] the second before start-up. SET NX with this Redis's replication id. */
	private static final DefaultRedisScript<Long> START = new DefaultRedisScript<>("""
			local id = string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') or ''
			if redis.call('SET', KEYS[1], ARGV[1] .. ':' .. id, 'NX') then return 1 end
			return 0
			""", Long.class);

	private final AtomicReference<String> lastFailure = new AtomicReference<>();

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
		String before = Long.toString(this.clock.instant().getEpochSecond() - 1);
		try {
			for (int group = 0; group < GROUPS; group++) {
				this.redis.execute(START, List.of(epochKey(group)), before);
			}
		}
		catch (DataAccessException | IllegalStateException ex) {
			// the first consume that reaches Redis sets it
			logFailure(ex);
		}
	}

	@Override
	public void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException {
		Duration ttl = ttl(expiresAt);
		Boolean stored;
		try {
			stored = this.redis.opsForValue().setIfAbsent(nonceKey(keyId, nonce), "1", ttl);
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw unavailable(ex);
		}
		recovered();
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
			result = this.redis.execute(CONSUME, List.of(nonceKey(keyId, nonce), epochKey(group(keyId))),
					Long.toString(ttl(expiresAt).toMillis()), Long.toString(this.clock.instant().getEpochSecond()),
					Long.toString(createdAt.getEpochSecond()));
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw unavailable(ex);
		}
		recovered();
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

	/** The group of a key id: a stable hash ({@link String#hashCode()} is specified), so every instance agrees. */
	static int group(String keyId) {
		return Math.floorMod(keyId.hashCode(), GROUPS);
	}

	String nonceKey(String keyId, String nonce) {
		return this.keyPrefix + "{g" + group(keyId) + "}:" + keyId + ":" + nonce;
	}

	String epochKey(int group) {
		return this.keyPrefix + "{g" + group + "}:epoch";
	}

	private Duration ttl(Instant expiresAt) {
		Duration ttl = Duration.between(this.clock.instant(), expiresAt);
		return (ttl.toMillis() < 1) ? Duration.ofMillis(1) : ttl;
	}

	private AgentAuthException unavailable(RuntimeException ex) {
		logFailure(ex);
		return new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE, "The nonce store cannot be reached");
	}

	private void recovered() {
		if (this.lastFailure.get() != null && this.lastFailure.getAndSet(null) != null) {
			log.info("The Redis nonce store works again");
		}
	}

	// once per distinct cause: a CROSSSLOT error or a refused command must be visible to the operator, not a
	// silent stream of 503s; a flapping network is not a log flood
	private void logFailure(RuntimeException ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String cause = root.getClass().getName() + ": " + root.getMessage();
		if (!cause.equals(this.lastFailure.getAndSet(cause))) {
			log.warn("The Redis nonce store failed; signed requests that need a nonce get 503 nonce_store_unavailable "
					+ "until it works again. Cause: {}", cause);
		}
		else {
			log.debug("The Redis nonce store failed again: {}", cause);
		}
	}

}
