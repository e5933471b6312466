package dev.agentauth.merchant.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.merchant.delegation.RedisBudgetStore;
import dev.agentauth.merchant.delegation.RedisReplicaWait;
import dev.agentauth.merchant.delegation.RedisRevocationSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code agentauth.state.redis-replicas}: budget reservations and revocation entries wait ({@code WAIT}) for a
 * replica before they count, on a real Redis Cluster (3 + 3) and on one primary with and without a replica. A
 * stalled replica makes them refused (fail closed), and a reservation acknowledged before its primary is killed is
 * still there on the promoted replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisReplicaWaitTests {

	private static final Duration TTL = Duration.ofMinutes(5);

	private static LocalRedisCluster cluster;

	private static LettuceConnectionFactory factory;

	@BeforeAll
	static void startCluster() throws Exception {
		assumeThat(LocalRedisCluster.available()).as("redis-server and redis-cli installed").isTrue();
		cluster = LocalRedisCluster.start();
		factory = cluster.connectionFactory();
	}

	@AfterAll
	static void stopCluster() {
		if (factory != null) {
			factory.destroy();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	@Order(1)
	void reservationsAndRevocationsWaitForAReplicaInEverySlot() throws Exception {
		try (RedisBudgetStore budgets = budgets(factory, "agentauth-wait:budget:");
				RedisRevocationSet revocations = revocations(factory)) {
			revocations.replayed();
			for (int i = 0; i < 30; i++) {
				String grant = "grant-" + UUID.randomUUID();
				assertThat(budgets.tryReserve(grant, 600, 1000, TTL)).isTrue();
				assertThat(budgets.tryReserve(grant, 600, 1000, TTL)).as("over the limit").isFalse();
				assertThat(budgets.tryReserve(grant, 400, 1000, TTL)).isTrue();
				String agent = "agent-" + UUID.randomUUID();
				revocations.apply(revoked(grant, agent));
				assertThat(revocations.check(agent, "kid", grant)).isEqualTo(ErrorCode.GRANT_REVOKED);
			}
		}
	}

	@Test
	@Order(2)
	void aStalledReplicaMakesReservationsAndRevocationsFailClosed() throws Exception {
		String grant = "grant-" + UUID.randomUUID();
		String agent = "agent-" + UUID.randomUUID();
		int primary = cluster.primaryOf("agentauth-wait:budget:" + grant);
		int replica = cluster.replicaOf(primary);
		// the replica is paused for less than cluster-node-timeout (1 s): short waits while it is
		Duration shortWait = Duration.ofMillis(300);
		try (RedisBudgetStore budgets = budgets(factory, "agentauth-wait:budget:");
				RedisRevocationSet revocations = revocations(factory);
				RedisBudgetStore impatientBudgets = new RedisBudgetStore(new StringRedisTemplate(factory),
						"agentauth-wait:budget:", RedisReplicaWait.of(factory, 1, shortWait));
				RedisRevocationSet impatientRevocations = new RedisRevocationSet(new StringRedisTemplate(factory),
						"agentauth-wait:revoked:shop:", Duration.ofDays(1), Clock.systemUTC(),
						RedisReplicaWait.of(factory, 1, shortWait))) {
			revocations.replayed();
			assertThat(budgets.tryReserve(grant, 100, 1000, TTL)).isTrue();
			String revocationKey = "agentauth-wait:revoked:shop:grant:" + grant;
			boolean revocationOnSamePrimary = cluster.primaryOf(revocationKey) == primary;
			cluster.pause(replica);
			try {
				assertThatExceptionOfType(AgentAuthException.class)
					.isThrownBy(() -> impatientBudgets.tryReserve(grant, 100, 1000, TTL))
					.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SPEND_STORE_UNAVAILABLE));
				if (revocationOnSamePrimary) {
					assertThatIllegalStateException().isThrownBy(() -> impatientRevocations.apply(revoked(grant, agent)))
						.withMessageContaining("replicas acknowledged");
				}
			}
			finally {
				cluster.resume(replica);
			}
			// the refused reservation was released: the rest of the budget is still there
			assertThat(budgets.tryReserve(grant, 900, 1000, TTL)).isTrue();
			revocations.apply(revoked(grant, agent));
			assertThat(revocations.check(agent, "kid", grant)).isEqualTo(ErrorCode.GRANT_REVOKED);
		}
	}

	/**
	 * Reservations and revocations acknowledged by a replica, then their primary SIGKILLed at once: after the
	 * failover the promoted replica has every one of them (no budget can be spent twice, no revocation is lost).
	 * Runs last: the promoted replica has no replica left.
	 */
	@Test
	@Order(6)
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void whatWasAcknowledgedSurvivesTheFailoverOfItsPrimary() throws Exception {
		String prefix = "agentauth-wait-failover:budget:";
		String victim = "grant-" + UUID.randomUUID();
		int primary = cluster.primaryOf(prefix + victim);
		List<String> grants = new ArrayList<>();
		try (RedisBudgetStore budgets = budgets(factory, prefix);
				RedisRevocationSet revocations = revocations(factory)) {
			revocations.replayed();
			for (int i = 0; grants.size() < 15; i++) {
				String grant = (i == 0) ? victim : "grant-" + UUID.randomUUID();
				if (cluster.primaryOf(prefix + grant) != primary) {
					continue;
				}
				assertThat(budgets.tryReserve(grant, 1000, 1000, TTL)).isTrue();
				revocations.apply(revoked(grant, "agent-" + grant));
				grants.add(grant);
			}
			cluster.kill(primary);
			cluster.awaitFailover(primary);
			// the promoted replica has no replica of its own now (WAIT would refuse): read what it holds
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			Instant deadline = Instant.now().plusSeconds(30);
			for (String grant : grants) {
				assertThat(retried(deadline, () -> redis.opsForValue().get(prefix + grant)))
					.as("budget of " + grant + " after the failover").isEqualTo("1000");
				assertThat(retried(deadline, () -> revocations.check("agent-" + grant, "kid", grant)))
					.isEqualTo(ErrorCode.GRANT_REVOKED);
			}
		}
	}

	// the client learns the new topology within a second or two: retry the failures of that moment
	private static <T> T retried(Instant deadline, java.util.function.Supplier<T> read) throws InterruptedException {
		while (true) {
			try {
				T value = read.get();
				if (value != ErrorCode.REVOCATION_FEED_UNAVAILABLE || Instant.now().isAfter(deadline)) {
					return value;
				}
			}
			catch (RuntimeException ex) {
				if (Instant.now().isAfter(deadline)) {
					throw ex;
				}
			}
			Thread.sleep(100);
		}
	}

	/**
	 * One primary without replicas: with {@code redis-replicas=0} (the default) nothing waits and the store works;
	 * with 1 every reservation is refused, since no replica can acknowledge it (fail closed, never silently open).
	 */
	@Test
	@Order(4)
	void aSinglePrimaryWithoutReplicasWorksWithoutWaitingAndFailsClosedWhenAReplicaIsRequired() throws Exception {
		try (StandaloneRedis single = StandaloneRedis.start(null)) {
			LettuceConnectionFactory connections = single.connectionFactory();
			try (RedisBudgetStore plain = new RedisBudgetStore(new StringRedisTemplate(connections), "b:");
					RedisBudgetStore waiting = budgets(connections, "b:")) {
				assertThat(plain.tryReserve("g1", 10, 100, TTL)).isTrue();
				assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> waiting.tryReserve("g2", 10, 100, TTL))
					.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SPEND_STORE_UNAVAILABLE));
				assertThat(plain.tryReserve("g2", 100, 100, TTL)).as("the refused reservation was released").isTrue();
			}
			finally {
				connections.destroy();
			}
		}
	}

	/** One primary with one replica (the Sentinel layout): writes wait for it and are refused while it stalls. */
	@Test
	@Order(5)
	void aPrimaryWithAReplicaWaitsForIt() throws Exception {
		try (StandaloneRedis primary = StandaloneRedis.start(null);
				StandaloneRedis replica = StandaloneRedis.start(primary.port)) {
			replica.awaitSync();
			LettuceConnectionFactory connections = primary.connectionFactory();
			try (RedisBudgetStore budgets = budgets(connections, "b:")) {
				assertThat(budgets.tryReserve("g1", 10, 100, TTL)).isTrue();
				assertThat(replica.get("b:g1")).isEqualTo("10");
				replica.pause();
				try {
					assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> budgets.tryReserve("g1", 10, 100, TTL))
						.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SPEND_STORE_UNAVAILABLE));
				}
				finally {
					replica.resume();
				}
				assertThat(budgets.tryReserve("g1", 90, 100, TTL)).isTrue();
			}
			finally {
				connections.destroy();
			}
		}
	}

	/**
	 * Not an assertion: how long a reservation takes with and without the wait on this cluster, printed for
	 * docs/operations.md. {@code -Dagentauth.replicaWait.rounds=5 -Dagentauth.replicaWait.reservations=5000} for a
	 * longer run.
	 */
	@Test
	@Order(3)
	void costOfWaitingPerReservation() throws Exception {
		int rounds = Integer.getInteger("agentauth.replicaWait.rounds", 1);
		int count = Integer.getInteger("agentauth.replicaWait.reservations", 300);
		try (RedisBudgetStore plain = new RedisBudgetStore(new StringRedisTemplate(factory), "agentauth-cost:");
				RedisBudgetStore waiting = budgets(factory, "agentauth-cost:")) {
			for (int round = 0; round < rounds; round++) {
				for (RedisBudgetStore store : List.of(plain, waiting)) {
					long started = System.nanoTime();
					for (int i = 0; i < count; i++) {
						store.tryReserve("grant-" + (i % 97), 1, Long.MAX_VALUE / 2, TTL);
					}
					long nanos = System.nanoTime() - started;
					System.out.printf("replica-wait cost: round %d %s: %d reservations, %.1f µs each, %.0f/s%n", round,
							(store == plain) ? "no wait" : "WAIT 1", count, nanos / 1000.0 / count,
							count * 1e9 / nanos);
				}
			}
		}
	}

	// generous: on a crowded CI machine a healthy replica may take more than the default 250 ms to acknowledge;
	// a paused replica never does, whatever the timeout
	private static final Duration WAIT = Duration.ofSeconds(2);

	private static RedisBudgetStore budgets(LettuceConnectionFactory connections, String prefix) {
		return new RedisBudgetStore(new StringRedisTemplate(connections), prefix,
				RedisReplicaWait.of(connections, 1, WAIT));
	}

	private static RedisRevocationSet revocations(LettuceConnectionFactory connections) {
		return new RedisRevocationSet(new StringRedisTemplate(connections), "agentauth-wait:revoked:shop:",
				Duration.ofDays(1), Clock.systemUTC(), RedisReplicaWait.of(connections, 1, WAIT));
	}

	private static RevocationEvent revoked(String grant, String agent) {
		return new RevocationEvent(UUID.randomUUID().toString(), RevocationEventType.GRANT_REVOKED, grant, agent,
				Instant.now());
	}

	/** A plain {@code redis-server} on a free port, optionally a replica of another. */
	private static final class StandaloneRedis implements AutoCloseable {

		private final int port;

		private final Process process;

		private final Path dir;

		private StandaloneRedis(int port, Process process, Path dir) {
			this.port = port;
			this.process = process;
			this.dir = dir;
		}

		static StandaloneRedis start(Integer primaryPort) throws Exception {
			Path dir = Files.createTempDirectory("redis-single");
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
			if (primaryPort != null) {
				command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
			}
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
			StandaloneRedis redis = new StandaloneRedis(port, process, dir);
			Instant deadline = Instant.now().plusSeconds(10);
			while (!redis.cli("ping").contains("PONG")) {
				if (Instant.now().isAfter(deadline)) {
					redis.close();
					throw new IllegalStateException("redis-server on " + port + " did not start");
				}
				Thread.sleep(50);
			}
			return redis;
		}

		LettuceConnectionFactory connectionFactory() {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", this.port));
			factory.afterPropertiesSet();
			factory.start();
			return factory;
		}

		void awaitSync() throws Exception {
			Instant deadline = Instant.now().plusSeconds(30);
			while (!cli("info", "replication").contains("master_link_status:up")) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("replica on " + this.port + " did not sync");
				}
				Thread.sleep(50);
			}
		}

		String get(String key) throws Exception {
			return cli("get", key).trim();
		}

		void pause() throws Exception {
			new ProcessBuilder("kill", "-STOP", Long.toString(this.process.pid())).start().waitFor();
		}

		void resume() throws Exception {
			new ProcessBuilder("kill", "-CONT", Long.toString(this.process.pid())).start().waitFor();
		}

		private String cli(String... args) throws Exception {
			List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(this.port)));
			command.addAll(List.of(args));
			Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			cli.waitFor(10, TimeUnit.SECONDS);
			return output;
		}

		@Override
		public void close() {
			this.process.destroyForcibly();
			try (var files = Files.walk(this.dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// a temp dir left behind
			}
		}

	}

}
