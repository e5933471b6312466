package dev.agentauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What the HTTP load harnesses ({@link HttpThroughputComparison}, {@link PossessionComparison}) share: merchant
 * processes, a registry stand-in, the load loop with server CPU and latency, and a ring of pre-built requests.
 */
final class HttpBench {

	private HttpBench() {
	}

	/** One measured run: successful requests per second, server CPU per request (µs, or -1), latency in µs. */
	record Result(double rate, long ok, long failed, double cpuMicrosPerRequest, double p50Micros,
			double p99Micros) {

		@Override
		public String toString() {
			return String.format("%d ok, %d not ok -> %.0f req/s%s, p50 %.0f µs, p99 %.0f µs", this.ok, this.failed,
					this.rate, (this.cpuMicrosPerRequest < 0) ? ""
							: String.format(", server CPU %.0f µs per request", this.cpuMicrosPerRequest),
					this.p50Micros, this.p99Micros);
		}

	}

	/**
	 * Starts a Java process: {@code jvmArgs} ({@code {side}} replaced by {@code side}, e.g. for a JFR file name),
	 * then {@code launch} (e.g. {@code -jar demo.jar}), then the application's arguments. Output goes to
	 * {@code $TMPDIR/agentauth-<side>-merchant.log}.
	 */
	static Process startJava(String side, List<String> jvmArgs, List<String> launch, List<String> appArgs)
			throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString()));
		for (String arg : jvmArgs) {
			command.add(arg.replace("{side}", side));
		}
		command.addAll(launch);
		command.addAll(appArgs);
		Path log = Path.of(System.getProperty("java.io.tmpdir"), "agentauth-" + side + "-merchant.log");
		System.out.println(side + ": " + String.join(" ", command) + " (log: " + log + ")");
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** SIGTERM and wait, so a JFR recording is written on exit. */
	static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

	static List<String> words(String text) {
		return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
	}

	static void awaitHttp(HttpClient http, String uri) throws InterruptedException {
		for (int i = 0; i < 240; i++) {
			try {
				http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (Exception ex) {
				Thread.sleep(500);
			}
		}
		throw new IllegalStateException(uri + " did not answer within 120 s");
	}

	/**
	 * A stand-in for the realm {@code bench} at {@code http://127.0.0.1:<port>/realms/bench}: agent keys from
	 * {@code keys} (by thumbprint, {@code Cache-Control: max-age}), and for layer 2 the realm's JWKS
	 * ({@code realmJwks}), a client-credentials token endpoint that gives every caller a token, and a revocation
	 * feed (RFC 8936 poll) that has no events and answers a long poll after 5 s, as Keycloak's does when idle.
	 */
	static HttpServer registryStandIn(Map<String, String> keys, int maxAge, String realmJwks) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/realms/bench/agents/keys/", (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			String json = keys.get(path.substring(path.lastIndexOf('/') + 1));
			exchange.getResponseHeaders().add("Cache-Control", "max-age=" + maxAge);
			respond(exchange, (json != null) ? 200 : 404, (json != null) ? json : "{}");
		});
		server.createContext("/realms/bench/protocol/openid-connect/certs",
				(exchange) -> respond(exchange, 200, realmJwks));
		server.createContext("/realms/bench/protocol/openid-connect/token", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			respond(exchange, 200, "{\"access_token\":\"bench\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
		});
		server.createContext("/realms/bench/agents/events", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				Map<String, Object> poll = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				if (!Boolean.TRUE.equals(poll.get("returnImmediately"))) {
					Thread.sleep(5_000);
				}
			}
			catch (Exception ex) {
				// a bad poll gets the empty answer too
			}
			respond(exchange, 200, "{\"sets\":{},\"moreAvailable\":false}");
		});
		server.start();
		return server;
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/**
	 * {@code threads} client threads send {@code requests} for {@code seconds}; a 200 counts as ok. Server CPU per
	 * request comes from {@code /proc/<pid>/stat} (utime + stime) when {@code serverPid} is known (Linux); latency
	 * percentiles from a histogram of 10 µs buckets up to 1 s.
	 */
	static Result run(HttpClient http, IntFunction<HttpRequest> requests, int threads, int seconds, long serverPid)
			throws InterruptedException {
		long cpuBefore = cpuTicks(serverPid);
		LongAdder ok = new LongAdder();
		LongAdder failed = new LongAdder();
		int buckets = 100_001;
		int[][] histograms = new int[threads][buckets];
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int[] histogram = histograms[t];
			workers.add(Thread.ofPlatform().start(() -> {
				while (System.nanoTime() < end) {
					long start = System.nanoTime();
					try {
						HttpResponse<Void> response = http.send(requests.apply(0),
								HttpResponse.BodyHandlers.discarding());
						(response.statusCode() == 200 ? ok : failed).increment();
					}
					catch (Exception ex) {
						failed.increment();
					}
					histogram[(int) Math.min(buckets - 1, (System.nanoTime() - start) / 10_000)]++;
				}
			}));
		}
		for (Thread worker : workers) {
			worker.join();
		}
		long cpuAfter = cpuTicks(serverPid);
		long[] merged = new long[buckets];
		long total = 0;
		for (int[] histogram : histograms) {
			for (int i = 0; i < buckets; i++) {
				merged[i] += histogram[i];
				total += histogram[i];
			}
		}
		double cpu = (cpuBefore < 0 || cpuAfter < 0 || ok.sum() == 0) ? -1
				: (cpuAfter - cpuBefore) * 10_000.0 / ok.sum();
		Result result = new Result(ok.sum() / (double) seconds, ok.sum(), failed.sum(), cpu,
				percentile(merged, total, 0.50), percentile(merged, total, 0.99));
		System.out.println("  " + result);
		return result;
	}

	// the upper edge of the bucket holding the given fraction of all samples, in µs
	private static double percentile(long[] histogram, long total, double fraction) {
		long target = (long) Math.ceil(total * fraction);
		long seen = 0;
		for (int i = 0; i < histogram.length; i++) {
			seen += histogram[i];
			if (seen >= target && target > 0) {
				return (i + 1) * 10.0;
			}
		}
		return Double.NaN;
	}

	// utime + stime in clock ticks (USER_HZ, 100 on Linux), or -1
	static long cpuTicks(long pid) {
		if (pid < 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Builds one request (each with its own nonce or proof); called on all cores when a ring is filled. */
	@FunctionalInterface
	interface RequestFactory {

		HttpRequest create(int index) throws Exception;

	}

	/**
	 * Pre-built requests, rebuilt before each measured run so none is near its expiry and the client does no
	 * signing while measuring.
	 */
	static final class Ring implements IntFunction<HttpRequest> {

		private final RequestFactory factory;

		private final HttpRequest[] requests;

		private final AtomicInteger next = new AtomicInteger();

		private int filled;

		Ring(RequestFactory factory, int size) {
			this.factory = factory;
			this.requests = new HttpRequest[size];
		}

		/**
		 * Enough for a run of the given length at up to {@code rate} req/s, at most the ring size; built on all
		 * cores (RSA signatures take ~1 ms each).
		 */
		void fill(int seconds, int rate) {
			this.filled = (int) Math.min(this.requests.length, (long) seconds * rate);
			IntStream.range(0, this.filled).parallel().forEach((i) -> {
				try {
					this.requests[i] = this.factory.create(i);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			this.next.set(0);
		}

		/** The requests built by the last {@link #fill}. */
		List<HttpRequest> built() {
			return java.util.Arrays.asList(this.requests).subList(0, this.filled);
		}

		/** Warns when the run used more requests than were built (the rest were replays, refused). */
		void checkNotWrapped() {
			if (this.next.get() >= this.filled) {
				System.out.println("WARNING: the ring wrapped; later requests were replays (refused)");
			}
		}

		@Override
		public HttpRequest apply(int ignored) {
			return this.requests[Math.floorMod(this.next.getAndIncrement(), this.filled)];
		}

	}

}
