// Longer than ~400 lines on purpose: the Lua scripts (text blocks, about a third of the file) stay beside the Java
// that passes their KEYS and ARGV, so that a script and its caller are read and changed together.
package dev.agentauth.merchant.risk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.ClassUtils;

import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.risk.RiskObservation;

/**
 * A {@link RiskFeatureStore} in Redis, shared by all merchant instances. Each request costs one round trip: one
 * Lua script per entity (agent key, sequence = delegation or key, consumer, network, merchant), sent pipelined
 * with EVALSHA (scripts are loaded again after a {@code NOSCRIPT}, e.g. when Redis restarted). All keys of an
 * entity share a hash tag ({@code {k:<kid>}}, ...), so the scripts also run on Redis Cluster. Every key gets a
 * TTL on every write (hashes 10 min to 30 days, HyperLogLogs and the refusal top lists 2 h, the consumer's last
 * 50 amounts 30 days), so nothing grows without bound. A call that has not answered within {@code timeout}
 * throws (the caller fails open); it runs on a virtual thread so the request thread is not held by a hung Redis.
 * With Lettuce, that timeout is also the store's command timeout: its commands are cancelled then, whatever the
 * connection's own command timeout (60 s unless {@code spring.data.redis.timeout} is set).
 *
 * @since 0.1.0
 */
public final class RedisRiskFeatureStore implements RiskFeatureStore, AutoCloseable {

	private static final long KEY_TTL = Duration.ofDays(7).toMillis();

	private static final long HLL_TTL = Duration.ofHours(2).toMillis();

	private static final long AMOUNTS_TTL = Duration.ofDays(30).toMillis();

	private static final long NETWORK_TTL = Duration.ofMinutes(10).toMillis();

	private static final long MERCHANT_TTL = Duration.ofDays(1).toMillis();

	private static final int TOP_MAX = 1000;

	// (re)starts a fixed window with an EWMA of the windows before; returns window start, count, ewma
	private static final String ROLL = """
			local function roll(h, wf, cf, ef, now, size, alpha)
			  local win = now - (now % size)
			  local v = redis.call('HMGET', h, wf, cf, ef)
			  local w = tonumber(v[1])
			  local c = tonumber(v[2]) or 0
			  local e = tonumber(v[3]) or 0
			  if w ~= nil and w ~= win then
			    e = alpha * c + (1 - alpha) * e
			    local gap = (win - w) / size - 1
			    if gap > 0 then e = e * (1 - alpha) ^ math.min(gap, 1000) end
			    c = 0
			  end
			  return win, c, e
			end
			""";

	/** KEYS: key hash, networks HLL, resources HLL. ARGV: now, op (observe|fail), network, resource, alpha. */
	static final RedisScript<List> KEY = script("""
			local h = KEYS[1]
			local now = tonumber(ARGV[1])
			local alpha = tonumber(ARGV[5])
			local fw, fc, fe = roll(h, 'fw', 'fc', 'fe', now, %d, alpha)
			if ARGV[2] == 'fail' then
			  redis.call('HSET', h, 'fw', fw, 'fc', fc + 1, 'fe', fe)
			  redis.call('PEXPIRE', h, %d)
			  return {'0'}
			end
			local rw, rc, re = roll(h, 'rw', 'rc', 're', now, %d, alpha)
			rc = rc + 1
			local hour = now - (now %% %d)
			local v = redis.call('HMGET', h, 'hw', 'nc', 'ne', 'fs', 'cl')
			local hw = tonumber(v[1])
			local nc = tonumber(v[2]) or 0
			local ne = tonumber(v[3]) or 0
			if hw ~= hour then
			  if hw ~= nil then
			    ne = alpha * nc + (1 - alpha) * ne
			    local gap = (hour - hw) / %d - 1
			    if gap > 0 then ne = ne * (1 - alpha) ^ math.min(gap, 1000) end
			  end
			  redis.call('DEL', KEYS[2], KEYS[3])
			end
			if ARGV[3] ~= '' then redis.call('PFADD', KEYS[2], ARGV[3]) end
			nc = redis.call('PFCOUNT', KEYS[2])
			redis.call('PFADD', KEYS[3], ARGV[4])
			local resources = redis.call('PFCOUNT', KEYS[3])
			local fs = tonumber(v[4]) or now
			local cl = tonumber(v[5]) or 0
			redis.call('HSET', h, 'rw', rw, 'rc', rc, 're', re, 'hw', hour, 'nc', nc, 'ne', ne, 'fw', fw, 'fc', fc,
			  'fe', fe, 'fs', fs, 'cl', cl + 1)
			redis.call('PEXPIRE', h, %d)
			redis.call('PEXPIRE', KEYS[2], %d)
			redis.call('PEXPIRE', KEYS[3], %d)
			return {tostring(rc), tostring(re), tostring(nc), tostring(ne), tostring(resources), tostring(fc),
			  tostring(fs), tostring(cl)}
			""".formatted(FAILURE_WINDOW.toMillis(), KEY_TTL, REQUEST_WINDOW.toMillis(), HOUR.toMillis(),
			HOUR.toMillis(), KEY_TTL, HLL_TTL, HLL_TTL));

	/** KEYS: sequence hash. ARGV: now, op (observe|cart|purchase|denied), alpha. */
	static final RedisScript<List> SEQUENCE = script("""
			local h = KEYS[1]
			local now = tonumber(ARGV[1])
			local alpha = tonumber(ARGV[3])
			local pw, pc, pe = roll(h, 'pw', 'pc', 'pe', now, %d, alpha)
			local dw, dc, de = roll(h, 'dw', 'dc', 'de', now, %d, alpha)
			local v = redis.call('HMGET', h, 'lc', 't')
			local lc = v[1] or ''
			local t = tonumber(v[2]) or 0
			local op = ARGV[2]
			if op == 'cart' then lc = ARGV[1] end
			if op == 'purchase' then pc = pc + 1; t = t + 1 end
			if op == 'denied' then dc = dc + 1 end
			redis.call('HSET', h, 'pw', pw, 'pc', pc, 'pe', pe, 'dw', dw, 'dc', dc, 'de', de, 't', t)
			if lc ~= '' then redis.call('HSET', h, 'lc', lc) end
			redis.call('PEXPIRE', h, %d)
			return {lc, tostring(pc), tostring(pe), tostring(t), tostring(dc)}
			""".formatted(HOUR.toMillis(), HOUR.toMillis(), KEY_TTL));

	/** KEYS: consumer hash, agents HLL, amounts list. ARGV: now, op (observe|purchase), agent or amount, amounts? */
	static final RedisScript<List> CONSUMER = script("""
			local now = tonumber(ARGV[1])
			local hour = now - (now %% %d)
			if ARGV[2] == 'purchase' then
			  redis.call('LPUSH', KEYS[3], ARGV[3])
			  redis.call('LTRIM', KEYS[3], 0, %d)
			  redis.call('PEXPIRE', KEYS[3], %d)
			  return {'0'}
			end
			if tonumber(redis.call('HGET', KEYS[1], 'hw')) ~= hour then
			  redis.call('DEL', KEYS[2])
			  redis.call('HSET', KEYS[1], 'hw', hour)
			end
			redis.call('PFADD', KEYS[2], ARGV[3])
			local out = {tostring(redis.call('PFCOUNT', KEYS[2]))}
			redis.call('PEXPIRE', KEYS[1], %d)
			redis.call('PEXPIRE', KEYS[2], %d)
			if ARGV[4] == '1' then
			  for _, a in ipairs(redis.call('LRANGE', KEYS[3], 0, %d)) do out[#out + 1] = a end
			end
			return out
			""".formatted(HOUR.toMillis(), AMOUNTS - 1, AMOUNTS_TTL, HLL_TTL, HLL_TTL, AMOUNTS - 1));

	/** KEYS: network hash. ARGV: now, op (observe|fail), alpha. */
	static final RedisScript<List> NETWORK = script("""
			local h = KEYS[1]
			if ARGV[2] == 'observe' and redis.call('EXISTS', h) == 0 then return {'0'} end
			local w, c, e = roll(h, 'fw', 'fc', 'fe', tonumber(ARGV[1]), %d, tonumber(ARGV[3]))
			if ARGV[2] == 'fail' then c = c + 1 end
			redis.call('HSET', h, 'fw', w, 'fc', c, 'fe', e)
			redis.call('PEXPIRE', h, %d)
			return {tostring(c)}
			""".formatted(FAILURE_WINDOW.toMillis(), NETWORK_TTL));

	/** KEYS: merchant hash. ARGV: now, op (observe|purchase), alpha. */
	static final RedisScript<List> MERCHANT = script("""
			local h = KEYS[1]
			local w, c, e = roll(h, 'mw', 'mc', 'me', tonumber(ARGV[1]), %d, tonumber(ARGV[3]))
			if ARGV[2] == 'purchase' then c = c + 1 end
			redis.call('HSET', h, 'mw', w, 'mc', c, 'me', e)
			redis.call('PEXPIRE', h, %d)
			return {tostring(c), tostring(e)}
			""".formatted(MERCHANT_WINDOW.toMillis(), MERCHANT_TTL));

	/** KEYS: networks zset, agents zset (this hour). ARGV: network or '', agent or ''. */
	static final RedisScript<List> TOP = script("""
			for i = 1, 2 do
			  if ARGV[i] ~= '' then
			    redis.call('ZINCRBY', KEYS[i], 1, ARGV[i])
			    redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -%d)
			    redis.call('PEXPIRE', KEYS[i], %d)
			  end
			end
			return {'0'}
			""".formatted(TOP_MAX + 1, HLL_TTL));

	private static final List<RedisScript<List>> SCRIPTS = List.of(KEY, SEQUENCE, CONSUMER, NETWORK, MERCHANT, TOP);

	private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.RedisFuture",
			RedisRiskFeatureStore.class.getClassLoader());

	private final StringRedisTemplate redis;

	private final String prefix;

	private final Duration timeout;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	/**
	 * @param prefix of every key, e.g. {@code agentauth:risk:}
	 * @param timeout the longest wait for one round trip
	 */
	public RedisRiskFeatureStore(StringRedisTemplate redis, String prefix, Duration timeout) {
		this.redis = Objects.requireNonNull(redis, "redis cannot be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix cannot be null");
		this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("The Redis timeout of the risk store must be positive");
		}
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String body) {
		return new DefaultRedisScript<>(ROLL + body, List.class);
	}

	@Override
	public void observe(RiskObservation o, RiskFeatures.Builder features) {
		String now = Long.toString(o.now().toEpochMilli());
		String alpha = Double.toString(ALPHA);
		boolean checkout = o.endpoint() == RiskFeatures.Endpoint.CHECKOUT;
		List<Object> results = run((connection) -> {
			String key = key("k", o.keyId());
			eval(connection, KEY, List.of(key, key + ":net", key + ":res"), now, "observe",
					(o.network() != null) ? o.network() : "", o.resource(), alpha);
			eval(connection, SEQUENCE, List.of(key("s", o.sequenceKey())), now,
					(o.endpoint() == RiskFeatures.Endpoint.CART) ? "cart" : "observe", alpha);
			if (o.consumer() != null) {
				String consumer = key("c", o.consumer());
				eval(connection, CONSUMER, List.of(consumer, consumer + ":agents", consumer + ":amounts"), now,
						"observe", o.agentId(), checkout ? "1" : "0");
			}
			if (o.network() != null) {
				eval(connection, NETWORK, List.of(key("n", o.network())), now, "observe", alpha);
			}
			eval(connection, MERCHANT, List.of(merchantKey()), now, "observe", alpha);
		});
		int i = 0;
		List<String> key = strings(results.get(i++));
		features.agentRequests(Long.parseLong(key.get(0)), Double.parseDouble(key.get(1)))
			.agentNetworks(Long.parseLong(key.get(2)), Double.parseDouble(key.get(3)))
			.agentResources(Long.parseLong(key.get(4)))
			.keyHistory(Instant.ofEpochMilli(Long.parseLong(key.get(6))), Long.parseLong(key.get(7)));
		long keyFailures = Long.parseLong(key.get(5));
		List<String> sequence = strings(results.get(i++));
		features.lastCart(sequence.get(0).isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(sequence.get(0))));
		if (o.grantId() != null) {
			features.delegationPurchases(Long.parseLong(sequence.get(1)), Double.parseDouble(sequence.get(2)),
					Long.parseLong(sequence.get(3)))
				.deniedAttempts(Long.parseLong(sequence.get(4)));
		}
		if (o.consumer() != null) {
			List<String> consumer = strings(results.get(i++));
			features.consumerAgents(Long.parseLong(consumer.get(0)));
			if (checkout) {
				features.consumerAmounts(consumer.subList(1, consumer.size()).stream().map(Double::valueOf).toList());
			}
		}
		long networkFailures = 0;
		if (o.network() != null) {
			networkFailures = Long.parseLong(strings(results.get(i++)).get(0));
		}
		features.failures(keyFailures, networkFailures);
		List<String> merchant = strings(results.get(i));
		features.merchantPurchases(Long.parseLong(merchant.get(0)), Double.parseDouble(merchant.get(1)));
		features.stateAvailable(true);
	}

	@Override
	public void recordPurchase(@Nullable String grantId, @Nullable String consumer, double amount, Instant now) {
		String millis = Long.toString(now.toEpochMilli());
		String alpha = Double.toString(ALPHA);
		run((connection) -> {
			if (grantId != null) {
				eval(connection, SEQUENCE, List.of(key("s", "g:" + grantId)), millis, "purchase", alpha);
			}
			if (consumer != null) {
				String key = key("c", consumer);
				eval(connection, CONSUMER, List.of(key, key + ":agents", key + ":amounts"), millis, "purchase",
						Double.toString(amount), "0");
			}
			eval(connection, MERCHANT, List.of(merchantKey()), millis, "purchase", alpha);
		});
	}

	@Override
	public void recordRefusal(@Nullable String keyId, @Nullable String agentId, @Nullable String network,
			Instant now) {
		String millis = Long.toString(now.toEpochMilli());
		String alpha = Double.toString(ALPHA);
		run((connection) -> {
			if (keyId != null) {
				String key = key("k", keyId);
				eval(connection, KEY, List.of(key, key + ":net", key + ":res"), millis, "fail", "", "", alpha);
			}
			if (network != null) {
				eval(connection, NETWORK, List.of(key("n", network)), millis, "fail", alpha);
			}
			if (network != null || agentId != null) {
				List<String> top = topKeys(now);
				eval(connection, TOP, top, (network != null) ? network : "", (agentId != null) ? agentId : "");
			}
		});
	}

	@Override
	public void recordDenied(String grantId, Instant now) {
		run((connection) -> eval(connection, SEQUENCE, List.of(key("s", "g:" + grantId)),
				Long.toString(now.toEpochMilli()), "denied", Double.toString(ALPHA)));
	}

	@Override
	public TopFailures topFailures(int n, Instant now) {
		List<String> keys = topKeys(now);
		return call(() -> new TopFailures(top(keys.get(0), n), top(keys.get(1), n)));
	}

	private List<TopFailures.Entry> top(String key, int n) {
		Set<ZSetOperations.TypedTuple<String>> tuples = this.redis.opsForZSet().reverseRangeWithScores(key, 0, n - 1);
		List<TopFailures.Entry> entries = new ArrayList<>();
		if (tuples != null) {
			for (ZSetOperations.TypedTuple<String> tuple : tuples) {
				entries.add(new TopFailures.Entry(String.valueOf(tuple.getValue()),
						(tuple.getScore() != null) ? tuple.getScore().longValue() : 0));
			}
		}
		return entries;
	}

	private List<String> topKeys(Instant now) {
		long hour = now.toEpochMilli() - now.toEpochMilli() % HOUR.toMillis();
		return List.of(this.prefix + "{top}:net:" + hour, this.prefix + "{top}:agent:" + hour);
	}

	private String key(String kind, String id) {
		return this.prefix + "{" + kind + ":" + id + "}";
	}

	private String merchantKey() {
		return this.prefix + "{m}";
	}

	private static void eval(RecordingConnection connection, RedisScript<List> script, List<String> keys,
			String... args) {
		byte[][] keyBytes = new byte[keys.size()][];
		for (int i = 0; i < keyBytes.length; i++) {
			keyBytes[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
		}
		byte[][] argBytes = new byte[args.length][];
		for (int i = 0; i < argBytes.length; i++) {
			argBytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		connection.calls.add(new Call(script, keyBytes, argBytes));
	}

	private static List<String> strings(Object result) {
		if (!(result instanceof List<?> values)) {
			throw new IllegalStateException("Unexpected reply from a risk script: " + result);
		}
		List<String> strings = new ArrayList<>(values.size());
		for (Object value : values) {
			strings.add((value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
					: String.valueOf(value));
		}
		return strings;
	}

	/**
	 * One round trip within the timeout; the scripts are loaded again once after NOSCRIPT. With Lettuce the
	 * scripts go out back to back on the shared connection (its commands are pipelined); with another client
	 * through Spring Data Redis' pipelining (which opens a dedicated connection each time).
	 */
	private List<Object> run(PipelineBody body) {
		RecordingConnection calls = new RecordingConnection();
		body.write(calls);
		long deadline = System.nanoTime() + this.timeout.toNanos();
		return call(() -> {
			try {
				return dispatch(calls.calls, deadline);
			}
			catch (RuntimeException ex) {
				if (!noScript(ex)) {
					throw ex;
				}
				loadScripts();
				return dispatch(calls.calls, deadline);
			}
		});
	}

	@SuppressWarnings("unchecked")
	private List<Object> dispatch(List<Call> calls, long deadline) {
		RedisConnectionFactory factory = this.redis.getRequiredConnectionFactory();
		if (LETTUCE) {
			try (RedisConnection connection = factory.getConnection()) {
				List<Object> results = Lettuce.dispatch(connection.getNativeConnection(), calls, deadline);
				if (results != null) {
					return results;
				}
			}
		}
		return this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (Call call : calls) {
				byte[][] keysAndArgs = new byte[call.keys().length + call.args().length][];
				System.arraycopy(call.keys(), 0, keysAndArgs, 0, call.keys().length);
				System.arraycopy(call.args(), 0, keysAndArgs, call.keys().length, call.args().length);
				connection.scriptingCommands().evalSha(call.script().getSha1(), ReturnType.MULTI, call.keys().length,
						keysAndArgs);
			}
			return null;
		}, this.redis.getStringSerializer());
	}

	/** Lettuce's async API, in a class of its own so that applications on another client never load it. */
	private static final class Lettuce {

		@SuppressWarnings("unchecked")
		static @Nullable List<Object> dispatch(Object nativeConnection, List<Call> calls, long deadline) {
			if (!(nativeConnection instanceof RedisClusterAsyncCommands<?, ?> lettuce)) {
				return null;
			}
			RedisClusterAsyncCommands<byte[], byte[]> async = (RedisClusterAsyncCommands<byte[], byte[]>) lettuce;
			List<RedisFuture<List<Object>>> futures = new ArrayList<>(calls.size());
			for (Call call : calls) {
				futures.add(async.evalsha(call.script().getSha1(), ScriptOutputType.MULTI, call.keys(), call.args()));
			}
			List<Object> results = new ArrayList<>(futures.size());
			boolean answered = false;
			try {
				for (RedisFuture<List<Object>> future : futures) {
					results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
				}
				answered = true;
				return results;
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("A risk script failed: " + ex.getCause().getMessage(), ex.getCause());
			}
			catch (TimeoutException ex) {
				throw new IllegalStateException("Redis did not answer within the risk store's timeout", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Redis", ex);
			}
			finally {
				if (!answered) {
					// the risk store's own command timeout: its calls end here, not at the connection's command
					// timeout (Lettuce's 60 s unless spring.data.redis.timeout is set)
					futures.forEach((future) -> future.cancel(true));
				}
			}
		}

	}

	/** One EVALSHA to send. */
	private record Call(RedisScript<List> script, byte[][] keys, byte[][] args) {
	}

	/** Collects the calls of a {@link PipelineBody}. */
	private static final class RecordingConnection {

		final List<Call> calls = new ArrayList<>(5);

	}

	/** Loads every script (SCRIPT LOAD), e.g. at start-up or after a Redis restart. */
	public void loadScripts() {
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			for (RedisScript<List> script : SCRIPTS) {
				connection.scriptingCommands().scriptLoad(script.getScriptAsString().getBytes(StandardCharsets.UTF_8));
			}
			return null;
		});
	}

	/**
	 * {@link #loadScripts()} within {@code timeout}, e.g. at start-up (which also opens the connection, slower
	 * than a request's round trip), where a hung Redis must not hold the start.
	 */
	public void loadScripts(Duration timeout) {
		call(() -> {
			loadScripts();
			return null;
		}, timeout);
	}

	private static boolean noScript(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
				return true;
			}
			for (Throwable suppressed : t.getSuppressed()) {
				if (noScript(suppressed)) {
					return true;
				}
			}
		}
		return false;
	}

	private <T> T call(Callable<T> task) {
		return call(task, this.timeout);
	}

	private <T> T call(Callable<T> task, Duration timeout) {
		Future<T> future = this.executor.submit(task);
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException("Redis did not answer within " + timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("The risk feature store failed", cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new IllegalStateException("Interrupted while waiting for Redis", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	@FunctionalInterface
	private interface PipelineBody {

		void write(RecordingConnection connection);

	}

}
