package dev.agentauth.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;

/**
 * The ways to put Agent Auth in front of an API, measured from outside with wrk against the same fast upstream
 * (nginx answering a fixed body), signed GETs (Ed25519, each request its own nonce, pre-signed), interleaved
 * rounds in one run with the setups' order shuffled per round:
 * <ul>
 * <li>{@code direct}: the upstream itself, unsigned (the floor);</li>
 * <li>{@code merchant}: the demo merchant verifying in-app (the starter inside the application; what the gateway is
 * compared with);</li>
 * <li>{@code gateway}: {@code agent-auth-gateway.jar} as the proxy in front of the upstream (plus
 * {@code --gateway-args}, e.g. {@code --spring.http.clients.imperative.factory=http-components} to try another
 * HTTP client put on its class path);</li>
 * <li>variants ({@code --variants}, e.g. {@code "apache=-Dloader.path=lib/httpclient5
 * --spring.http.clients.imperative.factory=http-components;no-client-obs=--management.observations.enable.http.client.requests=false"}):
 * more gateway jars in the same run, each with the {@code --gateway-args} and its own words after {@code name=};
 * words starting with {@code -D} or {@code -X} go to its JVM, and a {@code -Dloader.path=} (jars or a folder of
 * them, e.g. another HTTP client) starts it with Spring Boot's {@code PropertiesLauncher} so they join its class
 * path;</li>
 * <li>{@code nginx-auth}: nginx with the shipped {@code deploy/nginx/agent-auth-gateway.conf} in front of the same
 * upstream, asking a gateway jar's verify endpoint through {@code auth_request}.</li>
 * </ul>
 * Each round measures throughput ({@code --seconds}, 2 wrk threads, {@code --connections}) and latency with one
 * connection ({@code --latency-seconds}); "added" latency is a setup's minus {@code direct}'s in the same round.
 * Every Java server runs with the same arguments ({@code --app-args}, default none: the shipped defaults, risk in
 * shadow mode and the audit line on) and JVM options ({@code --jvm-args}; {@code {side}} becomes the setup's name,
 * e.g. for a JFR file). Needs {@code wrk} and {@code /usr/sbin/nginx}.
 *
 * <pre>
 * ./mvnw -B -ntp -q -Pbench -pl bench,agent-auth-gateway,demo -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.agentauth.bench.GatewayComparison --rounds 5
 * </pre>
 */
public final class GatewayComparison {

	private static final List<String> ALL = List.of("direct", "merchant", "gateway", "nginx-auth");

	private static final String PATH = "/api/v1/products";

	private GatewayComparison() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("setups", String.join(",", ALL));
		options.put("rounds", "5");
		options.put("seconds", "8");
		options.put("latency-seconds", "4");
		options.put("warmup-seconds", "30");
		options.put("connections", "8");
		options.put("agents", "8");
		options.put("gateway-jar", "agent-auth-gateway/target/agent-auth-gateway-0.1.0-SNAPSHOT.jar");
		options.put("merchant-jar", "demo/target/demo-0.1.0-SNAPSHOT.jar");
		options.put("nginx-conf", "deploy/nginx/agent-auth-gateway.conf");
		options.put("jvm-args", "");
		options.put("app-args", "");
		options.put("gateway-args", "");
		options.put("variants", "");
		options.put("max-rate", "15000");
		HttpBench.readOptions(args, options);
		List<String> names = new ArrayList<>(List.of(options.get("setups").split(",")));
		if (!ALL.containsAll(names)) {
			throw new IllegalArgumentException("--setups: one of " + ALL);
		}
		Map<String, List<String>> variants = variants(options.get("variants"));
		names.addAll(variants.keySet());
		int rounds = Integer.parseInt(options.get("rounds"));
		int seconds = Integer.parseInt(options.get("seconds"));
		int latencySeconds = Integer.parseInt(options.get("latency-seconds"));
		int warmup = Integer.parseInt(options.get("warmup-seconds"));
		int connections = Integer.parseInt(options.get("connections"));
		int maxRate = Integer.parseInt(options.get("max-rate"));

		Map<String, String> keys = new ConcurrentHashMap<>();
		HttpServer registry = HttpBench.registryStandIn(keys, 300, "{\"keys\":[]}");
		String issuer = "http://127.0.0.1:" + registry.getAddress().getPort() + "/realms/bench";
		List<Process> processes = new ArrayList<>();
		Path work = Files.createTempDirectory("agentauth-gateway-bench-");
		try {
			int upstreamPort = freePort();
			processes.add(nginx(work.resolve("upstream"), upstreamConfig(upstreamPort)));
			List<AgentKeyPair> agentKeys = new ArrayList<>();
			for (int a = 0; a < Integer.parseInt(options.get("agents")); a++) {
				AgentKeyPair key = AgentKeyPair.generateEd25519();
				keys.put(key.thumbprint(), new RegisteredKey("bench-agent-" + a, AgentStatus.ACTIVE, "bench",
						KeyStatus.ACTIVE, null, null, key.publicKey()).toJson());
				agentKeys.add(key);
			}
			List<String> jvm = HttpBench.words(options.get("jvm-args"));
			List<String> app = HttpBench.words(options.get("app-args"));
			Map<String, Setup> setups = new LinkedHashMap<>();
			for (String name : names) {
				int port = name.equals("direct") ? upstreamPort : freePort();
				URI uri = URI.create("http://127.0.0.1:" + port + PATH);
				List<String> common = new ArrayList<>(List.of("--server.port=" + port,
						"--agentauth.registry.issuer-uri=" + issuer, "--agentauth.signature.public-base-uri=http://127.0.0.1:" + port));
				common.addAll(app);
				Process process = switch (name) {
					case "direct" -> null;
					case "merchant" -> HttpBench.startJava(name, jvm, List.of("-jar", options.get("merchant-jar")),
							common);
					case "gateway" -> {
						common.addAll(route(upstreamPort));
						common.addAll(HttpBench.words(options.get("gateway-args")));
						yield HttpBench.startJava(name, jvm, List.of("-jar", options.get("gateway-jar")), common);
					}
					case "nginx-auth" -> {
						// nginx-auth: nginx on `port` asks a gateway jar's verify endpoint on another port
						int verifyPort = freePort();
						List<String> verify = new ArrayList<>(common);
						verify.set(0, "--server.port=" + verifyPort);
						verify.add("--agentauth.gateway.verify.enabled=true");
						Process gateway = HttpBench.startJava(name, jvm, List.of("-jar", options.get("gateway-jar")),
								verify);
						processes.add(gateway);
						processes.add(nginx(work.resolve("front"),
								frontConfig(Path.of(options.get("nginx-conf")), port, verifyPort, upstreamPort)));
						yield gateway;
					}
					default -> {
						// a variant of the gateway
						common.addAll(route(upstreamPort));
						common.addAll(HttpBench.words(options.get("gateway-args")));
						List<String> variantJvm = new ArrayList<>(jvm);
						List<String> launch = new ArrayList<>(List.of("-jar", options.get("gateway-jar")));
						for (String word : variants.get(name)) {
							if (word.startsWith("-D") || word.startsWith("-X")) {
								variantJvm.add(word);
								if (word.startsWith("-Dloader.path=")) {
									launch = new ArrayList<>(List.of("-cp", options.get("gateway-jar"),
											"org.springframework.boot.loader.launch.PropertiesLauncher"));
								}
							}
							else {
								common.add(word);
							}
						}
						yield HttpBench.startJava(name, variantJvm, launch, common);
					}
				};
				if (process != null && !name.equals("nginx-auth")) {
					processes.add(process);
				}
				setups.put(name, new Setup(name, uri, process, name.equals("direct") ? List.of()
						: agentKeys.stream()
							.map((key) -> new AgentRequestSigner(key.signingKey(), Clock.systemUTC(), Duration.ofSeconds(60), false))
							.toList()));
			}
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			for (Setup setup : setups.values()) {
				// a busy machine may need minutes to start four JVMs
				HttpBench.awaitHttp(http, setup.uri().toString(), 600);
			}
			System.out.println("warm-up: " + warmup + " s each");
			for (Setup setup : setups.values()) {
				setup.run(warmup, 2, connections, maxRate);
			}
			Map<String, List<HttpBench.Result>> throughput = new LinkedHashMap<>();
			Map<String, List<HttpBench.Result>> latency = new LinkedHashMap<>();
			List<Setup> order = new ArrayList<>(setups.values());
			for (int round = 1; round <= rounds; round++) {
				Collections.shuffle(order);
				System.out.println("round " + round + ": " + order.stream().map(Setup::name).toList());
				for (Setup setup : order) {
					System.out.println(" " + setup.name() + " throughput (" + connections + " connections)");
					throughput.computeIfAbsent(setup.name(), (k) -> new ArrayList<>())
						.add(setup.run(seconds, 2, connections, maxRate));
					System.out.println(" " + setup.name() + " latency (1 connection)");
					latency.computeIfAbsent(setup.name(), (k) -> new ArrayList<>())
						.add(setup.run(latencySeconds, 1, 1, maxRate / 2));
				}
			}
			print(names, rounds, throughput, latency);
		}
		finally {
			for (Process process : processes) {
				HttpBench.stop(process);
			}
			registry.stop(0);
		}
	}

	// "name=words;name=words" in the order given
	private static Map<String, List<String>> variants(String text) {
		Map<String, List<String>> variants = new LinkedHashMap<>();
		for (String variant : text.split(";")) {
			if (variant.isBlank()) {
				continue;
			}
			int equals = variant.indexOf('=');
			String name = (equals < 0) ? "" : variant.substring(0, equals).trim();
			if (name.isEmpty() || ALL.contains(name) || variants.containsKey(name)) {
				throw new IllegalArgumentException("--variants: name=words;name=words, each name new: " + variant);
			}
			variants.put(name, HttpBench.words(variant.substring(equals + 1)));
		}
		return variants;
	}

	private static List<String> route(int upstreamPort) {
		String prefix = "--spring.cloud.gateway.server.webmvc.routes[0].";
		return List.of(prefix + "id=shop", prefix + "uri=http://127.0.0.1:" + upstreamPort,
				prefix + "predicates[0]=Path=/api/**");
	}

	private static void print(List<String> names, int rounds, Map<String, List<HttpBench.Result>> throughput,
			Map<String, List<HttpBench.Result>> latency) {
		System.out.println();
		System.out.println("| round | " + String.join(" | ", names) + " |");
		System.out.println("|---|" + "---|".repeat(names.size()));
		for (int r = 0; r < rounds; r++) {
			StringBuilder row = new StringBuilder("| " + (r + 1) + " |");
			for (String name : names) {
				HttpBench.Result t = throughput.get(name).get(r);
				HttpBench.Result l = latency.get(name).get(r);
				row.append(String.format(" %.0f req/s%s; 1 conn p50 %.0f µs p99 %.0f µs |", t.rate(),
						(t.cpuMicrosPerRequest() < 0) ? "" : String.format(" (%.0f µs CPU/req)", t.cpuMicrosPerRequest()),
						l.p50Micros(), l.p99Micros()));
			}
			System.out.println(row);
		}
		System.out.println();
		System.out.println("per round: throughput ratio to merchant; added latency over direct (1 connection, p50 / p99 µs)");
		for (String name : names) {
			if (name.equals("direct")) {
				continue;
			}
			StringBuilder line = new StringBuilder(name + ":");
			double[] ratios = new double[rounds];
			for (int r = 0; r < rounds; r++) {
				ratios[r] = throughput.containsKey("merchant")
						? throughput.get(name).get(r).rate() / throughput.get("merchant").get(r).rate() : Double.NaN;
				double addedP50 = latency.containsKey("direct")
						? latency.get(name).get(r).p50Micros() - latency.get("direct").get(r).p50Micros() : Double.NaN;
				double addedP99 = latency.containsKey("direct")
						? latency.get(name).get(r).p99Micros() - latency.get("direct").get(r).p99Micros() : Double.NaN;
				line.append(String.format(" [%.2fx, +%.0f / +%.0f µs]", ratios[r], addedP50, addedP99));
			}
			double[] sorted = ratios.clone();
			Arrays.sort(sorted);
			line.append(String.format(" median ratio %.2fx", sorted[sorted.length / 2]));
			System.out.println(line);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	// the fast upstream: nginx answering a fixed JSON body, one worker (as the shipped front)
	private static String upstreamConfig(int port) {
		return """
				worker_processes 1;
				events { worker_connections 1024; }
				http {
				    access_log off;
				    server {
				        listen 127.0.0.1:%d;
				        keepalive_requests 1000000;
				        location / {
				            default_type application/json;
				            return 200 '[{"sku":"tea-001","price":"7.50"}]';
				        }
				    }
				}
				""".formatted(port);
	}

	// the shipped example with its ports swapped, as NginxAuthRequestTests runs it, without an access log
	private static String frontConfig(Path shipped, int port, int gatewayPort, int shopPort) throws IOException {
		return Files.readString(shipped)
			.replace("listen 8000;", "listen 127.0.0.1:" + port + ";")
			.replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + gatewayPort + ";")
			.replace("server 127.0.0.1:9000;", "server 127.0.0.1:" + shopPort + ";")
			.replace("http {", "http {\n    access_log off;");
	}

	private static Process nginx(Path prefix, String config) throws IOException {
		Files.createDirectories(prefix.resolve("logs"));
		Path conf = prefix.resolve("nginx.conf");
		Files.writeString(conf, config.replace("http {", "http {\n    client_body_temp_path " + prefix.resolve("body")
				+ ";\n    proxy_temp_path " + prefix.resolve("proxy") + ";\n    fastcgi_temp_path " + prefix.resolve("fcgi")
				+ ";\n    uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n    scgi_temp_path " + prefix.resolve("scgi") + ";"));
		return new ProcessBuilder("/usr/sbin/nginx", "-p", prefix.toString(), "-c", conf.toString(), "-e",
				prefix.resolve("logs/error.log").toString(), "-g",
				"daemon off; master_process on; pid " + prefix.resolve("nginx.pid") + ";")
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("logs/stdout.log").toFile())
			.start();
	}

	/** One way in front of the upstream: its URL, its Java process (CPU), the agents that sign for it. */
	private record Setup(String name, URI uri, Process process, List<AgentRequestSigner> signers) {

		private HttpRequest signed(int i) {
			try {
				return this.signers.get(i % this.signers.size()).sign(HttpRequest.newBuilder(this.uri).GET().build(), null);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		// signs enough fresh requests for `seconds` at up to `rate` req/s (on all cores), then runs wrk
		HttpBench.Result run(int seconds, int threads, int connections, int rate) throws Exception {
			List<HttpRequest> requests;
			if (this.signers.isEmpty()) {
				requests = List.of(HttpRequest.newBuilder(this.uri).GET().build());
			}
			else {
				requests = IntStream.range(0, seconds * rate)
					.parallel()
					.mapToObj(this::signed)
					.toList();
			}
			return HttpBench.wrk(this.uri, requests, threads, connections, seconds,
					(this.process != null) ? this.process.pid() : -1, !this.signers.isEmpty());
		}

	}

}
