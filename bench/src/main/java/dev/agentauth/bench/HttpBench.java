package dev.agentauth.bench;

import java.io.BufferedWriter;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

	/** Reads {@code --name value} pairs over {@code options}' defaults; an unknown name or a missing value throws. */
	static void readOptions(String[] args, Map<String, String> options) {
		for (int i = 0; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2)) || i + 1 >= args.length) {
				throw new IllegalArgumentException("unknown option or missing value: " + args[i] + " (options: "
						+ options.keySet() + ")");
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
	}

	static List<String> words(String text) {
		return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
	}

	static void awaitHttp(HttpClient http, String uri) throws InterruptedException {
		awaitHttp(http, uri, 120);
	}

	static void awaitHttp(HttpClient http, String uri, int seconds) throws InterruptedException {
		for (int i = 0; i < seconds * 2; i++) {
			try {
				http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (Exception ex) {
				Thread.sleep(500);
			}
		}
		throw new IllegalStateException(uri + " did not answer within " + seconds + " s");
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

	/**
	 * wrk (Debian's package) against {@code uri} with the given pre-built requests: they are written to a file, one
	 * line of tab-separated headers each, and a Lua script gives each of wrk's {@code threads} its own share. When
	 * {@code once}, more requests sent than built is flagged (nonces and DPoP proofs must not be reused: a replay is
	 * refused). Server CPU is read from {@code serverPid} (-1: none).
	 */
	static Result wrk(URI uri, List<HttpRequest> requests, int threads, int connections, int seconds, long serverPid,
			boolean once) throws Exception {
		Path headers = Files.createTempFile("agentauth-wrk-", ".txt");
		Path script = Files.createTempFile("agentauth-wrk-", ".lua");
		try {
			try (BufferedWriter out = Files.newBufferedWriter(headers)) {
				for (HttpRequest request : requests) {
					StringBuilder line = new StringBuilder();
					request.headers().map().forEach((name, values) -> values
						.forEach((value) -> line.append(line.isEmpty() ? "" : "\t").append(name).append(": ").append(value)));
					out.write(line.append('\n').toString());
				}
			}
			Files.writeString(script, WRK_SCRIPT);
			long cpuBefore = cpuTicks(serverPid);
			Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
					"-s", script.toString(), uri.toString(), "--", headers.toString(), Integer.toString(threads))
				.redirectErrorStream(true)
				.start();
			String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			wrk.waitFor();
			long cpuAfter = cpuTicks(serverPid);
			long total = Long.parseLong(find(output, "(\\d+) requests in"));
			long non2xx = output.contains("Non-2xx") ? Long.parseLong(find(output, "Non-2xx or 3xx responses: (\\d+)")) : 0;
			long errors = 0;
			Matcher socket = Pattern
				.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
				.matcher(output);
			if (socket.find()) {
				for (int g = 1; g <= 4; g++) {
					errors += Long.parseLong(socket.group(g));
				}
			}
			long ok = total - non2xx;
			Result result = new Result(ok / (double) seconds, ok, non2xx + errors,
					(ok == 0 || serverPid < 0) ? -1 : (cpuAfter - cpuBefore) * 10_000.0 / ok,
					micros(find(output, PERCENTILE_50)), micros(find(output, PERCENTILE_99)));
			System.out.println("  " + result + ((once && requests.size() < total) ? " (WARNING: more requests than built)" : ""));
			return result;
		}
		finally {
			Files.deleteIfExists(headers);
			Files.deleteIfExists(script);
		}
	}

	private static final String WRK_SCRIPT = """
			local count = 0
			function setup(thread)
			  thread:set("tid", count)
			  count = count + 1
			end
			function init(args)
			  reqs = {}
			  local i = 0
			  local share = tonumber(args[2])
			  for line in io.lines(args[1]) do
			    if i % share == tid then
			      local headers = {}
			      for field in string.gmatch(line, "[^\t]+") do
			        local name, value = field:match("^([^:]+): (.*)$")
			        headers[name] = value
			      end
			      table.insert(reqs, wrk.format("GET", nil, headers))
			    end
			    i = i + 1
			  end
			  n = 0
			end
			function request()
			  n = n + 1
			  return reqs[(n - 1) % #reqs + 1]
			end
			""";

	private static String find(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("wrk output without " + regex + ":\n" + text);
		}
		return matcher.group(1);
	}

	// the latency distribution's own lines: a "+/- Stdev" column such as "87.50%" must not match
	private static final String PERCENTILE_50 = "(?m)^\\s+50%\\s+(\\S+)\\s*$";

	private static final String PERCENTILE_99 = "(?m)^\\s+99%\\s+(\\S+)\\s*$";

	// wrk prints latencies as 812.00us, 1.20ms or 2.01s
	private static double micros(String value) {
		double number = Double.parseDouble(value.replaceAll("[a-z]+$", ""));
		return value.endsWith("us") ? number : value.endsWith("ms") ? number * 1_000 : number * 1_000_000;
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
