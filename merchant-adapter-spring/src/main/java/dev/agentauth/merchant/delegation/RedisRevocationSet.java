package dev.agentauth.merchant.delegation;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationSet;

/**
 * A {@link RevocationSet} in Redis, shared by the merchant's instances ({@code agentauth.state.store=redis}):
 * {@code agentauth:revoked:{grant|agent|key}:{id}} = {@code <code>@<epoch ms>} with a TTL of the retention.
 * One {@code MGET} per request. Redis unreachable: {@code revocation_feed_unavailable} (fail closed).
 * <p>
 * {@code <prefix>complete} (no TTL) says the set holds every retained event: the feed sets it after a replay. A
 * Redis that restarted without persistence, or a new one, lacks it: requests are then refused with
 * {@code revocation_feed_unavailable} (a revoked grant must not pass because Redis forgot it) and the feed asks
 * Keycloak for a replay of every retained event, after which the marker is set again.
 * <p>
 * With a {@link RedisReplicaWait} ({@code agentauth.state.redis-replicas}), {@link #apply} returns only once enough
 * replicas acknowledged the entry and throws otherwise, so the feed does not acknowledge the event and applies it
 * again: a failover to a replica cannot forget a revocation the feed had already acknowledged.
 *
 * @since 0.1.0
 */
public final class RedisRevocationSet implements RevocationSet, AutoCloseable {

	/** Suspend/revoke keep the newest state (a revocation is never lifted); activation lifts an older suspension. */
	private static final DefaultRedisScript<Long> PUT = new DefaultRedisScript<>("""
			local current = redis.call('GET', KEYS[1])
			if current and string.sub(current, 1, 13) == 'AGENT_REVOKED' then return 0 end
			if ARGV[1] == 'ACTIVATE' then
			  if current and string.sub(current, 1, 15) == 'AGENT_SUSPENDED' then
			    local at = tonumber(string.match(current, '@(%d+)$'))
			    if at <= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
			  end
			  return 1
			end
			if current then
			  local at = tonumber(string.match(current, '@(%d+)$'))
			  if at > tonumber(ARGV[2]) then return 0 end
			end
			redis.call('SET', KEYS[1], ARGV[1] .. '@' .. ARGV[2], 'PX', ARGV[3])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final Duration retention;

	private final Clock clock;

	private final String prefix;

	private final @Nullable RedisReplicaWait replicaWait;

	public RedisRevocationSet(StringRedisTemplate redis, String prefix, Duration retention, Clock clock) {
		this(redis, prefix, retention, clock, null);
	}

	/**
	 * @param replicaWait when not {@code null}, every entry waits for replicas through it
	 */
	public RedisRevocationSet(StringRedisTemplate redis, String prefix, Duration retention, Clock clock,
			@Nullable RedisReplicaWait replicaWait) {
		this.replicaWait = replicaWait;
		this.redis = Objects.requireNonNull(redis, "redis cannot be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix cannot be null");
		this.retention = Objects.requireNonNull(retention, "retention cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public void apply(RevocationEvent event) {
		String key;
		String value;
		switch (event.type()) {
			case GRANT_REVOKED -> {
				key = "grant:";
				value = ErrorCode.GRANT_REVOKED.name();
			}
			case KEY_REVOKED -> {
				key = "key:";
				value = ErrorCode.KEY_REVOKED.name();
			}
			case AGENT_REVOKED -> {
				key = "agent:";
				value = ErrorCode.AGENT_REVOKED.name();
			}
			case AGENT_SUSPENDED -> {
				key = "agent:";
				value = ErrorCode.AGENT_SUSPENDED.name();
			}
			default -> {
				key = "agent:";
				value = "ACTIVATE";
			}
		}
		long ttl = Math.max(1, Duration.between(this.clock.instant(), event.issuedAt().plus(this.retention)).toMillis());
		String redisKey = this.prefix + key + event.subject();
		String at = Long.toString(event.issuedAt().toEpochMilli());
		if (this.replicaWait == null) {
			this.redis.execute(PUT, List.of(redisKey), value, at, Long.toString(ttl));
			return;
		}
		RedisReplicaWait.Result result;
		try {
			result = this.replicaWait.eval(PUT.getScriptAsString(), redisKey, value, at, Long.toString(ttl));
		}
		catch (RedisReplicaWait.ReplicaWaitException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		if (!result.acknowledged()) {
			throw new IllegalStateException("Only " + result.replicas() + " Redis replicas acknowledged the revocation of "
					+ event.subject() + " in time; it is applied again with the next poll");
		}
	}

	@Override
	public void close() {
		if (this.replicaWait != null) {
			this.replicaWait.close();
		}
	}

	@Override
	public @Nullable ErrorCode check(String agentId, String keyId, @Nullable String grantId) {
		List<String> values;
		try {
			values = this.redis.opsForValue().multiGet(Arrays.asList(this.prefix + "agent:" + agentId,
					this.prefix + "key:" + keyId, this.prefix + "grant:" + ((grantId != null) ? grantId : "-"),
					completeKey()));
		}
		catch (DataAccessException | IllegalStateException ex) {
			return ErrorCode.REVOCATION_FEED_UNAVAILABLE;
		}
		if (values == null || values.size() < 4 || values.get(3) == null) {
			// unreachable, or Redis lost the set (or it was never filled): refuse until the feed has replayed
			return ErrorCode.REVOCATION_FEED_UNAVAILABLE;
		}
		for (String value : values.subList(0, 3)) {
			if (value != null) {
				return ErrorCode.valueOf(value.substring(0, value.indexOf('@')));
			}
		}
		return null;
	}

	@Override
	public boolean needsReplay() {
		return !Boolean.TRUE.equals(this.redis.hasKey(completeKey()));
	}

	@Override
	public void replayed() {
		this.redis.opsForValue().set(completeKey(), Long.toString(this.clock.instant().getEpochSecond()));
	}

	private String completeKey() {
		return this.prefix + "complete";
	}

}
