package dev.agentauth.merchant.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real Redis Cluster on this machine for tests: three primaries and three replicas ({@code redis-server
 * --cluster-enabled yes} on free ports, {@code redis-cli --cluster create --cluster-replicas 1}), with a short
 * {@code cluster-node-timeout} so a failover takes seconds. Nothing is persisted. {@link #close()} kills them all.
 */
public final class LocalRedisCluster implements AutoCloseable {

	private final Path dir;

	private final Map<Integer, Process> nodes = new LinkedHashMap<>();

	private LocalRedisCluster(Path dir) {
		this.dir = dir;
	}

	/** Whether {@code redis-server} and {@code redis-cli} are on this machine. */
	public static boolean available() {
		return Files.isExecutable(Path.of("/usr/bin/redis-server")) && Files.isExecutable(Path.of("/usr/bin/redis-cli"));
	}

	public static LocalRedisCluster start() throws Exception {
		LocalRedisCluster cluster = new LocalRedisCluster(Files.createTempDirectory("redis-cluster"));
		try {
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			for (int i = 0; i < 6; i++) {
				int port = freePort();
				cluster.startNode(port);
				create.add("127.0.0.1:" + port);
			}
			for (int port : cluster.nodes.keySet()) {
				cluster.awaitPing(port);
			}
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			run(create);
			cluster.awaitState();
			cluster.awaitReplicasInSync();
			return cluster;
		}
		catch (Exception ex) {
			cluster.close();
			throw ex;
		}
	}

	/** Ports of all nodes, primaries and replicas. */
	public List<Integer> ports() {
		return List.copyOf(this.nodes.keySet());
	}

	/** A Lettuce cluster connection factory like a merchant's ({@code spring.data.redis.cluster.nodes}). */
	public LettuceConnectionFactory connectionFactory() {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration(
				this.nodes.keySet().stream().map((port) -> "127.0.0.1:" + port).toList());
		ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.enablePeriodicRefresh(Duration.ofSeconds(1))
			.build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofMillis(500))
			.clientOptions(ClusterClientOptions.builder().topologyRefreshOptions(refresh).build())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** The port of the primary that serves {@code key}'s slot now. */
	public int primaryOf(String key) throws Exception {
		int any = this.nodes.keySet().iterator().next();
		String slot = run(List.of("redis-cli", "-p", Integer.toString(any), "cluster", "keyslot", key)).trim();
		int wanted = Integer.parseInt(slot);
		for (String line : run(List.of("redis-cli", "-p", Integer.toString(any), "cluster", "nodes")).split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String[] range = fields[i].split("-");
				int from = Integer.parseInt(range[0]);
				int to = (range.length > 1) ? Integer.parseInt(range[1]) : from;
				if (wanted >= from && wanted <= to) {
					return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
				}
			}
		}
		throw new IllegalStateException("No primary serves slot " + wanted);
	}

	/** The port of a replica of the primary on {@code primaryPort}. */
	public int replicaOf(int primaryPort) throws Exception {
		String nodes = run(List.of("redis-cli", "-p", Integer.toString(primaryPort), "cluster", "nodes"));
		String primaryId = nodes.lines().filter((line) -> line.contains(":" + primaryPort + "@")).findFirst()
			.orElseThrow().split(" ")[0];
		for (String line : nodes.split("\n")) {
			String[] fields = line.split(" ");
			if (fields.length > 3 && fields[2].contains("slave") && fields[3].equals(primaryId)
					&& !fields[2].contains("fail")) {
				return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
			}
		}
		throw new IllegalStateException("No replica of " + primaryPort + ":\n" + nodes);
	}

	/** SIGSTOP a node: it keeps its sockets but answers nothing (a stalled replica) until {@link #resume(int)}. */
	public void pause(int port) throws Exception {
		signal("-STOP", port);
	}

	/** SIGCONT a node paused by {@link #pause(int)}. */
	public void resume(int port) throws Exception {
		signal("-CONT", port);
	}

	private void signal(String signal, int port) throws Exception {
		run(List.of("kill", signal, Long.toString(this.nodes.get(port).pid())));
	}

	/** SIGKILL a node (no shutdown, no save). */
	public void kill(int port) throws InterruptedException {
		Process process = this.nodes.get(port);
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
	}

	/** Waits until every live node reports {@code cluster_state:ok} (after a failover, too). */
	public void awaitState() throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (true) {
			boolean ok = true;
			for (Map.Entry<Integer, Process> node : this.nodes.entrySet()) {
				if (node.getValue().isAlive() && !run(List.of("redis-cli", "-p", Integer.toString(node.getKey()),
						"cluster", "info")).contains("cluster_state:ok")) {
					ok = false;
				}
			}
			if (ok) {
				return;
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("The Redis Cluster did not reach cluster_state:ok within 30 s");
			}
			Thread.sleep(100);
		}
	}

	/**
	 * Waits until the primary that served {@code deadPort}'s slots has been replaced: every live node says
	 * {@code cluster_state:ok} and none names {@code deadPort} as a serving primary.
	 */
	public void awaitFailover(int deadPort) throws Exception {
		Instant deadline = Instant.now().plusSeconds(60);
		while (true) {
			int any = this.nodes.entrySet().stream().filter((node) -> node.getValue().isAlive()).findFirst()
				.orElseThrow().getKey();
			String nodes = run(List.of("redis-cli", "-p", Integer.toString(any), "cluster", "nodes"));
			boolean replaced = nodes.lines().noneMatch((line) -> line.contains(":" + deadPort + "@")
					&& line.contains("master") && !line.contains("fail"));
			if (replaced) {
				try {
					awaitState();
					return;
				}
				catch (IllegalStateException ex) {
					// not yet
				}
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("No replica took over from " + deadPort + " within 60 s:\n" + nodes);
			}
			Thread.sleep(100);
		}
	}

	// a replica that never completed its first sync cannot fail over ("disconnected from master for longer than
	// allowed"): wait for every link before a test kills anything
	private void awaitReplicasInSync() throws Exception {
		Instant deadline = Instant.now().plusSeconds(60);
		for (int port : this.nodes.keySet()) {
			while (true) {
				String info = run(List.of("redis-cli", "-p", Integer.toString(port), "info", "replication"));
				if (info.contains("role:master") || info.contains("master_link_status:up")) {
					break;
				}
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("Replica " + port + " did not sync within 60 s:\n" + info);
				}
				Thread.sleep(100);
			}
		}
	}

	@Override
	public void close() {
		this.nodes.values().forEach(Process::destroyForcibly);
		try (var files = Files.walk(this.dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temp dir left behind
		}
	}

	private void startNode(int port) throws IOException {
		Path nodeDir = Files.createDirectories(this.dir.resolve(Integer.toString(port)));
		Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
				"--save", "", "--appendonly", "no", "--dir", nodeDir.toString(), "--maxmemory-policy", "noeviction")
			.redirectErrorStream(true)
			.redirectOutput(nodeDir.resolve("redis.log").toFile())
			.start();
		this.nodes.put(port, process);
	}

	private void awaitPing(int port) throws Exception {
		Instant deadline = Instant.now().plusSeconds(10);
		while (!run(List.of("redis-cli", "-p", Integer.toString(port), "ping")).contains("PONG")) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("redis-server on port " + port + " did not start");
			}
			Thread.sleep(50);
		}
	}

	private static String run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not finish");
		}
		return output;
	}

	// the cluster bus listens on port + 10000, so both must be free and below 65536
	private static int freePort() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10000);
			if (free(port) && free(port + 10000)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port pair for a Redis Cluster node");
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
