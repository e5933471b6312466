package dev.agentauth.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskPolicy;
import dev.agentauth.core.risk.RiskRules;
import dev.agentauth.merchant.risk.RedisRiskFeatureStore;
import dev.agentauth.merchant.risk.RiskEvaluator;

/**
 * The Redis risk store's time bound, shown: one risk evaluation (the starter's {@code RiskEvaluator} over
 * {@link RedisRiskFeatureStore} with the shipped {@code agentauth.risk.redis-timeout} of 50 ms and Lettuce's own
 * command timeout left at its 60 s default) is timed against a Redis of its own while it answers, while it is
 * stopped with {@code SIGSTOP} (connected, never answering: the worst case, where nothing but the store's own bound
 * ends the wait), and after {@code SIGCONT}. Prints the latency percentiles and how many decisions were degraded
 * per phase, raw.
 *
 * <pre>
 * ./mvnw -B -ntp -Pbench -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.agentauth.bench.RiskStoreTimeBound --rounds 5
 * </pre>
 */
public final class RiskStoreTimeBound {

	private static final Duration BOUND = Duration.ofMillis(50);

	private RiskStoreTimeBound() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(Map.of("rounds", "5", "answering", "2000", "stalled", "40"));
		HttpBench.readOptions(args, options);
		int rounds = Integer.parseInt(options.get("rounds"));
		int answering = Integer.parseInt(options.get("answering"));
		int stalled = Integer.parseInt(options.get("stalled"));
		if (!Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
			throw new IllegalStateException("redis-server is not installed (Debian package redis-server)");
		}
		int port = freePort();
		Process redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		LettuceConnectionFactory connections = null;
		try {
			awaitPort(port);
			connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
			connections.afterPropertiesSet();
			connections.start();
			RedisRiskFeatureStore store = new RedisRiskFeatureStore(new StringRedisTemplate(connections),
					"agentauth-bound:" + UUID.randomUUID() + ":", BOUND);
			store.loadScripts(Duration.ofSeconds(5));
			RiskEvaluator evaluator = new RiskEvaluator(new RiskEngine(RiskRules.defaults(), RiskPolicy.DEFAULT),
					store, Clock.systemUTC());
			MockHttpServletRequest cart = new MockHttpServletRequest("POST", "/api/v1/cart");
			cart.setRemoteAddr("203.0.113.7");
			String keyId = UUID.randomUUID().toString();
			System.out.printf(Locale.ROOT, "# risk store time bound %d ms, Redis on port %d, %s, load average %s%n",
					BOUND.toMillis(), port, Runtime.version(), loadAverage());
			phase("warm-up", evaluator, cart, keyId, answering);
			for (int round = 1; round <= rounds; round++) {
				phase("round " + round + " answering", evaluator, cart, keyId, answering);
				signal(redis, "STOP");
				try {
					phase("round " + round + " stopped", evaluator, cart, keyId, stalled);
				}
				finally {
					signal(redis, "CONT");
				}
				phase("round " + round + " resumed", evaluator, cart, keyId, answering);
			}
		}
		finally {
			if (connections != null) {
				connections.destroy();
			}
			signal(redis, "CONT");
			redis.destroy();
			redis.waitFor();
		}
	}

	private static void phase(String name, RiskEvaluator evaluator, MockHttpServletRequest cart, String keyId,
			int evaluations) {
		long[] nanos = new long[evaluations];
		int degraded = 0;
		for (int i = 0; i < evaluations; i++) {
			long start = System.nanoTime();
			RiskDecision decision = evaluator.evaluate(cart, "bench-agent", keyId, List.of(), null);
			nanos[i] = System.nanoTime() - start;
			if (decision.degraded()) {
				degraded++;
			}
		}
		Arrays.sort(nanos);
		System.out.printf(Locale.ROOT,
				"%-22s n=%5d degraded=%5d  p50=%8.3f ms  p90=%8.3f ms  p99=%8.3f ms  max=%8.3f ms  load=%s%n", name,
				evaluations, degraded, millis(nanos, 0.50), millis(nanos, 0.90), millis(nanos, 0.99),
				nanos[nanos.length - 1] / 1e6, loadAverage());
	}

	private static double millis(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private static void signal(Process process, String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void awaitPort(int port) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IllegalStateException("redis-server did not start on port " + port);
	}

}
