package dev.agentauth.merchant.delegation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.BudgetStore;

/**
 * A {@link BudgetStore} in Redis: one atomic script checks and adds, so instances sharing Redis can never
 * together spend more than a budget. Keys {@code agentauth:budget:{grant}:{period}:{start}}.
 *
 * @since 0.1.0
 */
public final class RedisBudgetStore implements BudgetStore, AutoCloseable {

	private static final DefaultRedisScript<Long> RESERVE = new DefaultRedisScript<>("""
			local total = tonumber(redis.call('GET', KEYS[1]) or '0')
			if total + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
			redis.call('INCRBY', KEYS[1], ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return 1
			""", Long.class);

	private static final DefaultRedisScript<Long> RELEASE = new DefaultRedisScript<>("""
			local total = tonumber(redis.call('GET', KEYS[1]) or '0')
			local left = math.max(0, total - tonumber(ARGV[1]))
			if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[1], left, 'KEEPTTL') end
			return left
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	private final @Nullable RedisReplicaWait replicaWait;

	public RedisBudgetStore(StringRedisTemplate redis, String prefix) {
		this(redis, prefix, null);
	}

	/**
	 * @param replicaWait when not {@code null}, reservations wait for replicas through it
	 */
	public RedisBudgetStore(StringRedisTemplate redis, String prefix, @Nullable RedisReplicaWait replicaWait) {
		this.redis = Objects.requireNonNull(redis, "redis cannot be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix cannot be null");
		this.replicaWait = replicaWait;
	}

	@Override
	public boolean tryReserve(String key, long units, long limit, Duration ttl) throws AgentAuthException {
		if (this.replicaWait != null) {
			return tryReserveReplicated(this.replicaWait, key, units, limit, ttl);
		}
		try {
			Long result = this.redis.execute(RESERVE, List.of(this.prefix + key), Long.toString(units),
					Long.toString(limit), Long.toString(Math.max(1, ttl.toMillis())));
			if (result == null) {
				throw unavailable();
			}
			return result == 1L;
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw unavailable();
		}
	}

	@Override
	public void release(String key, long units) throws AgentAuthException {
		try {
			this.redis.execute(RELEASE, List.of(this.prefix + key), Long.toString(units));
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw unavailable();
		}
	}

	private boolean tryReserveReplicated(RedisReplicaWait wait, String key, long units, long limit, Duration ttl)
			throws AgentAuthException {
		RedisReplicaWait.Result result;
		try {
			result = wait.eval(RESERVE.getScriptAsString(), this.prefix + key, Long.toString(units),
					Long.toString(limit), Long.toString(Math.max(1, ttl.toMillis())));
		}
		catch (RedisReplicaWait.ReplicaWaitException ex) {
			throw unavailable();
		}
		if (!result.acknowledged()) {
			if (result.value() == 1L) {
				try {
					release(key, units);
				}
				catch (AgentAuthException ex) {
					// still reserved on the primary: the budget is spent without a purchase, never overspent
				}
			}
			throw new AgentAuthException(ErrorCode.SPEND_STORE_UNAVAILABLE,
					"No Redis replica acknowledged the spend reservation in time");
		}
		return result.value() == 1L;
	}

	@Override
	public void close() {
		if (this.replicaWait != null) {
			this.replicaWait.close();
		}
	}

	private static AgentAuthException unavailable() {
		return new AgentAuthException(ErrorCode.SPEND_STORE_UNAVAILABLE, "The spend limit store cannot be reached");
	}

}
