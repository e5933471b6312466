package dev.agentauth.bench;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;

/**
 * What the gateway adds: the same {@code GET /api/v1/products} on a trivial upstream (the JDK's HTTP server, in
 * this process), called directly (unsigned) and through {@code agent-auth-gateway.jar} (a process; signed with
 * Ed25519, every request its own nonce, pre-signed so the client does no signing while measuring). Keys come from
 * a registry stand-in in this process. Prints latency percentiles of one sequential client (added p50 is the
 * figure the issue asks for) and the throughput of {@code --threads} clients, interleaved direct / gateway.
 *
 * <pre>
 * ./mvnw -B -ntp -q -Pbench -pl bench,agent-auth-gateway -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.agentauth.bench.GatewayOverhead --seconds 10 --rounds 3
 * </pre>
 */
public final class GatewayOverhead {

	private GatewayOverhead() {
	}

	public static void main(String[] args) throws Exception {
		try {
			measure(args);
		}
		finally {
			// the upstream's executor threads would keep the JVM alive
			System.exit(0);
		}
	}

	private static void measure(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>(Map.of("gateway-jar",
				"agent-auth-gateway/target/agent-auth-gateway-0.1.0-SNAPSHOT.jar", "seconds", "10", "rounds", "3",
				"threads", "8", "latency-requests", "3000", "warmup-seconds", "20", "agents", "8"));
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].substring(2), args[i + 1]);
		}
		int seconds = Integer.parseInt(options.get("seconds"));
		int threads = Integer.parseInt(options.get("threads"));
		int latencyRequests = Integer.parseInt(options.get("latency-requests"));

		Map<String, String> keys = new ConcurrentHashMap<>();
		HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
		upstream.setExecutor(Executors.newFixedThreadPool(8));
		byte[] products = "[{\"sku\":\"tea-001\",\"price\":\"7.50\"}]".getBytes(StandardCharsets.UTF_8);
		upstream.createContext("/realms/bench/agents/keys/", (exchange) -> {
			String json = keys.get(exchange.getRequestURI().getPath().substring("/realms/bench/agents/keys/".length()));
			byte[] body = (json != null) ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
			exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
			exchange.sendResponseHeaders((json != null) ? 200 : 404, (json != null) ? body.length : -1);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.createContext("/api/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, products.length);
			exchange.getResponseBody().write(products);
			exchange.close();
		});
		upstream.start();
		int upstreamPort = upstream.getAddress().getPort();
		int gatewayPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			gatewayPort = socket.getLocalPort();
		}
		URI direct = URI.create("http://127.0.0.1:" + upstreamPort + "/api/v1/products");
		URI viaGateway = URI.create("http://127.0.0.1:" + gatewayPort + "/api/v1/products");

		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", options.get("gateway-jar"), "--server.port=" + gatewayPort,
				"--agentauth.registry.issuer-uri=http://127.0.0.1:" + upstreamPort + "/realms/bench",
				"--agentauth.protected-paths=/api/**", "--logging.level.agentauth.audit=warn",
				"--spring.cloud.gateway.server.webmvc.routes[0].id=shop",
				"--spring.cloud.gateway.server.webmvc.routes[0].uri=http://127.0.0.1:" + upstreamPort,
				"--spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/api/**"));
		Path log = Path.of(options.getOrDefault("log", "bench/target/gateway-overhead.log")).toAbsolutePath();
		java.nio.file.Files.createDirectories(log.getParent());
		System.out.println("gateway log: " + log);
		Process gateway = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(gateway::destroy));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpBench.awaitHttp(http, viaGateway.toString());

		List<AgentRequestSigner> agents = new ArrayList<>();
		for (int i = 0; i < Integer.parseInt(options.get("agents")); i++) {
			AgentKeyPair key = AgentKeyPair.generateEd25519();
			RegisteredKey registered = new RegisteredKey("agent-" + i, AgentStatus.ACTIVE, "bench", KeyStatus.ACTIVE,
					null, null, key.signingKey().publicKey());
			keys.put(registered.keyId(), registered.toJson());
			agents.add(new AgentRequestSigner(key));
		}
		try {
			System.out.println("warm-up " + options.get("warmup-seconds") + " s each side");
			int warmup = Integer.parseInt(options.get("warmup-seconds"));
			throughput(http, () -> unsigned(direct), threads, warmup);
			throughput(http, signedRing(agents, viaGateway, warmup * 6000), threads, warmup);
			for (int round = 1; round <= Integer.parseInt(options.get("rounds")); round++) {
				long[] directLatency = latency(http, () -> unsigned(direct), latencyRequests);
				long[] gatewayLatency = latency(http, signedRing(agents, viaGateway, latencyRequests), latencyRequests);
				double directRate = throughput(http, () -> unsigned(direct), threads, seconds);
				double gatewayRate = throughput(http, signedRing(agents, viaGateway, seconds * 6000), threads, seconds);
				System.out.printf(
						"round %d: latency (1 client) direct p50 %.2f ms p90 %.2f p99 %.2f | gateway p50 %.2f ms p90 %.2f p99 %.2f"
								+ " | added p50 %.2f ms%n  throughput (%d clients) direct %.0f req/s, gateway %.0f req/s (%.2f)%n",
						round, ms(directLatency, 50), ms(directLatency, 90), ms(directLatency, 99), ms(gatewayLatency, 50),
						ms(gatewayLatency, 90), ms(gatewayLatency, 99), ms(gatewayLatency, 50) - ms(directLatency, 50),
						threads, directRate, gatewayRate, gatewayRate / directRate);
			}
		}
		finally {
			gateway.destroy();
			gateway.waitFor();
			upstream.stop(0);
		}
	}

	private static HttpRequest unsigned(URI uri) {
		return HttpRequest.newBuilder(uri).GET().build();
	}

	// pre-signed GETs, each with its own nonce, handed out in order (the client signs nothing while measuring)
	private static java.util.function.Supplier<HttpRequest> signedRing(List<AgentRequestSigner> agents, URI uri,
			int size) throws Exception {
		HttpRequest[] ring = new HttpRequest[size];
		for (int i = 0; i < size; i++) {
			ring[i] = agents.get(i % agents.size()).sign(HttpRequest.newBuilder(uri).GET().build(), null);
		}
		AtomicInteger next = new AtomicInteger();
		return () -> {
			int i = next.getAndIncrement();
			if (i >= ring.length) {
				throw new IllegalStateException("pre-signed ring exhausted; raise its size");
			}
			return ring[i];
		};
	}

	private static long[] latency(HttpClient http, java.util.function.Supplier<HttpRequest> requests, int count)
			throws Exception {
		long[] nanos = new long[count];
		for (int i = 0; i < count; i++) {
			HttpRequest request = requests.get();
			long start = System.nanoTime();
			HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			nanos[i] = System.nanoTime() - start;
			if (response.statusCode() != 200) {
				throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body()));
			}
		}
		Arrays.sort(nanos);
		return nanos;
	}

	private static double ms(long[] sorted, int percentile) {
		return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
	}

	private static double throughput(HttpClient http, java.util.function.Supplier<HttpRequest> requests, int threads,
			int seconds) throws Exception {
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			pool.submit(() -> {
				while (System.nanoTime() < end) {
					try {
						HttpResponse<Void> response = http.send(requests.get(), HttpResponse.BodyHandlers.discarding());
						(response.statusCode() == 200 ? ok : failed).incrementAndGet();
					}
					catch (Exception ex) {
						failed.incrementAndGet();
					}
				}
				return null;
			});
		}
		pool.shutdown();
		pool.awaitTermination(seconds + 30L, java.util.concurrent.TimeUnit.SECONDS);
		if (failed.get() > 0) {
			System.out.println("  (" + failed.get() + " requests failed)");
		}
		return ok.get() / (double) seconds;
	}

}
