package dev.agentauth.merchant.delegation;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Runs a one-key Lua script on the Redis primary that holds its key and then, on the same connection, waits until
 * {@code replicas} replicas have acknowledged it ({@code WAIT replicas timeout}). Redis replicates asynchronously:
 * without the wait, a write the primary acknowledged can be missing on the replica promoted after the primary died.
 * <p>
 * {@code WAIT} counts the writes of the connection it is sent on, and Lua scripts cannot call it, so the script and
 * the {@code WAIT} go over a connection of their own: a dedicated one made from the Lettuce client of Spring's
 * connection factory (same nodes, credentials and TLS), not the shared connection, which {@code WAIT} would block
 * for everything else. On Redis Cluster the script is sent to the primary that serves the key's slot (a node
 * connection of a dedicated cluster connection); one primary with replicas, or Sentinel, uses the client's own
 * address. Writes through it are serialised per node, which is meant for rare writes (budget reservations,
 * revocation entries), not for nonces.
 *
 * @since 0.1.0
 */
public final class RedisReplicaWait implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisReplicaWait.class);

	private final Supplier<AbstractRedisClient> clients;

	private final int replicas;

	private final Duration timeout;

	private final Duration commandTimeout;

	private @Nullable StatefulConnection<String, String> connection;

	private volatile boolean warned;

	/**
	 * @param client the Lettuce client ({@link RedisClient} or {@link RedisClusterClient})
	 * @param replicas how many replicas must acknowledge each write (at least 1)
	 * @param timeout how long to wait for them ({@code WAIT}'s timeout)
	 * @param commandTimeout how long the script itself may take
	 */
	public RedisReplicaWait(AbstractRedisClient client, int replicas, Duration timeout, Duration commandTimeout) {
		this(supplier(Objects.requireNonNull(client, "client cannot be null")), replicas, timeout, commandTimeout);
	}

	private RedisReplicaWait(Supplier<AbstractRedisClient> clients, int replicas, Duration timeout,
			Duration commandTimeout) {
		this.clients = clients;
		if (replicas < 1) {
			throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
		}
		this.replicas = replicas;
		this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive (WAIT 0 would wait forever), was " + timeout);
		}
		this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout cannot be null");
	}

	/**
	 * The Lettuce client behind Spring's connection factory.
	 * @throws IllegalStateException when the factory is not Lettuce's (Jedis has no shared client to borrow)
	 */
	public static RedisReplicaWait of(RedisConnectionFactory factory, int replicas, Duration timeout) {
		if (!(factory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException("agentauth.state.redis-replicas needs Lettuce (Spring Boot's default Redis "
					+ "client); the connection factory is " + factory.getClass().getName());
		}
		// the client exists once the factory has started, which may be after this store is created
		return new RedisReplicaWait(lettuce::getRequiredNativeClient, replicas, timeout,
				lettuce.getClientConfiguration().getCommandTimeout());
	}

	private static Supplier<AbstractRedisClient> supplier(AbstractRedisClient client) {
		if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
			throw new IllegalArgumentException("Unsupported Lettuce client " + client.getClass().getName());
		}
		return () -> client;
	}

	/** How many replicas must acknowledge each write. */
	public int replicas() {
		return this.replicas;
	}

	/**
	 * Runs {@code script} with one key on the primary that holds it, then waits for the replicas.
	 * @return the script's integer result and whether enough replicas acknowledged within the timeout
	 * @throws ReplicaWaitException when Redis cannot be reached, the script fails or does not answer in time
	 */
	public Result eval(String script, String key, String... args) throws ReplicaWaitException {
		try {
			RedisAsyncCommands<String, String> commands = commandsFor(key);
			String[] keys = { key };
			long value;
			try {
				value = get(commands.<Long>evalsha(commands.digest(script), ScriptOutputType.INTEGER, keys, args),
						this.commandTimeout);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof RedisNoScriptException)) {
					throw ex;
				}
				value = get(commands.<Long>eval(script, ScriptOutputType.INTEGER, keys, args), this.commandTimeout);
			}
			long acknowledged = get(commands.waitForReplication(this.replicas, this.timeout.toMillis()),
					this.timeout.plus(this.commandTimeout));
			Result result = new Result(value, (int) acknowledged, acknowledged >= this.replicas);
			if (!result.acknowledged() && !this.warned) {
				this.warned = true;
				log.warn("Redis: {} of {} replicas acknowledged a write within {} ms (agentauth.state.redis-replicas); "
						+ "such writes are refused until replicas keep up", acknowledged, this.replicas,
						this.timeout.toMillis());
			}
			else if (result.acknowledged() && this.warned) {
				this.warned = false;
				log.info("Redis replicas acknowledge writes again");
			}
			return result;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ReplicaWaitException("Interrupted", ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			failed();
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			throw new ReplicaWaitException("Redis write with replica acknowledgement failed: " + cause, cause);
		}
	}

	private static <T> T get(java.util.concurrent.Future<T> future, Duration timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		T value = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (value == null) {
			throw new ExecutionException(new IllegalStateException("Redis answered nothing"));
		}
		return value;
	}

	private synchronized RedisAsyncCommands<String, String> commandsFor(String key) {
		if (this.connection == null || !this.connection.isOpen()) {
			AbstractRedisClient client = this.clients.get();
			if (client instanceof RedisClusterClient cluster) {
				this.connection = cluster.connect(StringCodec.UTF8);
			}
			else if (client instanceof RedisClient single) {
				this.connection = single.connect(StringCodec.UTF8);
			}
			else {
				throw new IllegalStateException("Unsupported Lettuce client " + client.getClass().getName());
			}
		}
		if (this.connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			RedisClusterNode primary = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
			if (primary == null) {
				throw new IllegalStateException("No Redis Cluster primary serves the slot of " + key);
			}
			StatefulRedisConnection<String, String> node = cluster.getConnection(primary.getUri().getHost(),
					primary.getUri().getPort());
			return node.async();
		}
		return ((StatefulRedisConnection<String, String>) this.connection).async();
	}

	// after a failover the primary that served a slot is gone (or answers MOVED): learn the new topology now
	private void failed() {
		try {
			if (this.clients.get() instanceof RedisClusterClient cluster) {
				cluster.refreshPartitionsAsync();
			}
		}
		catch (RuntimeException ex) {
			// no client yet, or shut down: nothing to refresh
		}
	}

	@Override
	public synchronized void close() {
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
		}
	}

	/**
	 * What a script returned and how many replicas acknowledged it.
	 * @param value the script's result
	 * @param replicas replicas that acknowledged within the timeout
	 * @param acknowledged whether that is as many as required
	 */
	public record Result(long value, int replicas, boolean acknowledged) {
	}

	/** Redis could not be reached, or the script failed. */
	public static final class ReplicaWaitException extends Exception {

		private static final long serialVersionUID = 1L;

		ReplicaWaitException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
