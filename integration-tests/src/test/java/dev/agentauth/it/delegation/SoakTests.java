package dev.agentauth.it.delegation;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.faults.LoadLoop;
import dev.agentauth.it.faults.LoadLoop.Outcome;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;

import static dev.agentauth.it.delegation.KeycloakFaultTests.outcome;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak and bounds (issue 14, part 3): sustained signed load (layer 1 and layer 2 with nonces) on a demo merchant
 * process with a small heap and caches smaller than the set of agents and tokens it sees, sampling heap after a
 * full GC, file descriptors, threads and throughput. CI runs {@code agentauth.soak.seconds} = 20; the published
 * run is 600 s (docs/reliability.md, plot with {@code -Dagentauth.soak.plot=<file.svg>}).
 */
@Tag("soak")
class SoakTests {

	private static final int SECONDS = Integer.getInteger("agentauth.soak.seconds", 20);

	private static final byte[] CART = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":1}]}"
		.getBytes(StandardCharsets.UTF_8);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	record Sample(double seconds, double heapMb, int fds, int threads, double requestsPerSecond) {
	}

	@BeforeAll
	static void start() {
		DelegationFixture.start();
	}

	@Test
	void sustainedSignedLoadKeepsHeapFilesAndThreadsBoundedWithCachesAtTheirBounds() throws Exception {
		MerchantServer merchant = MerchantServer.start("merchant-soak", KeycloakServer.get()
			.uri("/realms/" + DelegationFixture.REALM), List.of("-Xmx256m"),
				List.of("--management.endpoints.web.exposure.include=health,metrics",
						// smaller than what the load uses, so both caches evict all the time
						"--agentauth.registry.cache-size=8", "--agentauth.delegation.token-cache-size=2"));
		try {
			List<Agent> agents = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				agents.add(Agent.register("Soak " + i));
			}
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Consent consent = DelegationFixture.consent(agents.get(i), "alice", null);
				tokens.add((String) DelegationFixture.operator.exchange(agents.get(i).key(), agents.get(i).id(),
						consent.accessToken(), DelegationFixture.MERCHANT, null, null).get("access_token"));
			}
			AtomicInteger next = new AtomicInteger();
			List<Sample> samples = new ArrayList<>();
			Instant start = Instant.now();
			try (LoadLoop load = LoadLoop.start(2, () -> {
				int n = next.getAndIncrement();
				Agent agent = agents.get(n % agents.size());
				if (n % 3 == 0) {
					int delegated = (n / 3) % tokens.size();
					return outcome(DelegatedCheckoutTests.products(merchant, agents.get(delegated), tokens.get(delegated)));
				}
				return outcome((n % 3 == 1) ? signedGet(merchant, agent) : signedCart(merchant, agent));
			})) {
				long interval = Math.max(2, SECONDS / 30);
				int lastCount = 0;
				while (Duration.between(start, Instant.now()).getSeconds() < SECONDS) {
					Thread.sleep(interval * 1000);
					int count = load.outcomes().values().stream().mapToInt(Integer::intValue).sum();
					samples.add(sample(merchant, Duration.between(start, Instant.now()).toMillis() / 1000.0,
							(count - lastCount) / (double) interval));
					lastCount = count;
				}
				load.close();
				Map<String, Integer> outcomes = load.outcomes();
				Sample first = samples.get(Math.min(1, samples.size() - 1));
				Sample last = samples.get(samples.size() - 1);
				System.out.printf(Locale.ROOT, "Soak %d s: %s; heap after full GC %.1f -> %.1f MB, fds %d -> %d,"
						+ " threads %d -> %d, %.0f req/s at the end%n", SECONDS, outcomes, first.heapMb(), last.heapMb(),
						first.fds(), last.fds(), first.threads(), last.threads(), last.requestsPerSecond());
				writeCsvAndPlot(samples);
				// the key cache is smaller than the agent set on purpose, so most requests ask Keycloak; a lookup
				// slower than the registry timeout is refused closed (503), which a busy machine shows rarely
				int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
				assertThat(outcomes.keySet()).as("every request of the soak")
					.allMatch((outcome) -> outcome.equals("200") || outcome.equals("503 registry_unavailable"));
				assertThat(outcomes.getOrDefault("503 registry_unavailable", 0)).as("registry timeouts")
					.isLessThanOrEqualTo(Math.max(1, total / 1000));
				assertThat(merchant.isAlive()).isTrue();
				assertThat(last.fds()).as("file descriptors").isLessThan(first.fds() + 50);
				assertThat(last.threads()).as("threads").isLessThan(first.threads() + 50);
			}
		}
		finally {
			merchant.stop();
		}
	}

	@Test
	void aFullNonceStoreRefusesWithNonceStoreFullAndTheProcessKeepsServing() throws Exception {
		MerchantServer merchant = MerchantServer.start("merchant-nonce-bound", KeycloakServer.get()
			.uri("/realms/" + DelegationFixture.REALM), List.of("-Xmx128m"),
				List.of("--agentauth.replay.max-entries-per-key=40", "--agentauth.replay.max-entries=60"));
		try {
			Agent busy = Agent.register("Fills its nonce bound");
			Agent other = Agent.register("Another agent");
			List<String> answers = new ArrayList<>();
			for (int i = 0; i < 45; i++) {
				answers.add(outcome(signedCart(merchant, busy)).toString());
			}
			assertThat(answers.subList(0, 40)).containsOnly("200");
			assertThat(answers.subList(40, 45)).containsOnly("503 nonce_store_full");
			for (int i = 0; i < 20; i++) {
				answers.add(outcome(signedCart(merchant, other)).toString());
			}
			assertThat(answers.subList(45, 65)).as("another key until the global bound (60)")
				.containsOnly("200");
			assertThat(outcome(signedCart(merchant, other))).hasToString("503 nonce_store_full");
			// agent-client signs every request with a nonce, reads too: the full store refuses those as well
			assertThat(outcome(signedGet(merchant, busy))).hasToString("503 nonce_store_full");
			assertThat(merchant.isAlive()).isTrue();
			HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(merchant.uri("/api/v1/products")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(outcome(unsigned)).as("still answering").hasToString("401 signature_missing");
		}
		finally {
			merchant.stop();
		}
	}

	private static Sample sample(MerchantServer merchant, double seconds, double rate) throws Exception {
		Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(merchant.pid()), "GC.run").redirectErrorStream(true)
			.start();
		gc.getInputStream().readAllBytes();
		gc.waitFor(30, TimeUnit.SECONDS);
		double heap = metric(merchant, "jvm.memory.used?tag=area:heap") / (1024 * 1024);
		int threads = (int) metric(merchant, "jvm.threads.live");
		int fds;
		try (var entries = Files.list(Path.of("/proc", Long.toString(merchant.pid()), "fd"))) {
			fds = (int) entries.count();
		}
		return new Sample(seconds, heap, fds, threads, rate);
	}

	private static double metric(MerchantServer merchant, String name) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(merchant.uri("/actuator/metrics/" + name))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<?> measurements = (List<?>) KeycloakServer.json(response.body()).get("measurements");
		return ((Number) ((Map<?, ?>) measurements.get(0)).get("value")).doubleValue();
	}

	static HttpResponse<String> signedGet(MerchantServer merchant, Agent agent) throws Exception {
		return http.send(merchant.signedProducts(agent.key(), null), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> signedCart(MerchantServer merchant, Agent agent) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(merchant.uri("/api/v1/cart"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(CART))
			.build();
		return http.send(new AgentRequestSigner(agent.key()).sign(request, CART), HttpResponse.BodyHandlers.ofString());
	}

	/** target/soak.csv, and an SVG of heap after GC and throughput over time (to -Dagentauth.soak.plot). */
	private static void writeCsvAndPlot(List<Sample> samples) throws IOException {
		StringBuilder csv = new StringBuilder("seconds,heap_mb_after_gc,fds,threads,requests_per_second\n");
		for (Sample s : samples) {
			csv.append(String.format(Locale.ROOT, "%.1f,%.1f,%d,%d,%.1f%n", s.seconds(), s.heapMb(), s.fds(),
					s.threads(), s.requestsPerSecond()));
		}
		Files.writeString(Path.of("target", "soak.csv"), csv);
		Path plot = Path.of(System.getProperty("agentauth.soak.plot", "target/soak.svg"));
		Files.writeString(plot, svg(samples));
	}

	static String svg(List<Sample> samples) {
		int width = 720;
		int height = 300;
		int left = 60;
		int right = 60;
		int top = 30;
		int bottom = 40;
		double maxT = samples.stream().mapToDouble(Sample::seconds).max().orElse(1);
		double maxHeap = Math.max(1, samples.stream().mapToDouble(Sample::heapMb).max().orElse(1) * 1.25);
		double maxRate = Math.max(1, samples.stream().mapToDouble(Sample::requestsPerSecond).max().orElse(1) * 1.25);
		StringBuilder heap = new StringBuilder();
		StringBuilder rate = new StringBuilder();
		for (Sample s : samples) {
			double x = left + (width - left - right) * s.seconds() / maxT;
			heap.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, top + (height - top - bottom) * (1 - s.heapMb() / maxHeap)));
			rate.append(String.format(Locale.ROOT, "%.1f,%.1f ", x,
					top + (height - top - bottom) * (1 - s.requestsPerSecond() / maxRate)));
		}
		int base = height - bottom;
		return String.format(Locale.ROOT, """
				<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">
				<rect width="100%%" height="100%%" fill="white"/>
				<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>
				<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>
				<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>
				<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="%s"/>
				<polyline fill="none" stroke="#ff7f0e" stroke-width="2" points="%s"/>
				<text x="%d" y="%d" fill="#1f77b4">heap after full GC (MB), 0-%.0f</text>
				<text x="%d" y="%d" text-anchor="end" fill="#ff7f0e">signed requests/s, 0-%.0f</text>
				<text x="%d" y="%d" text-anchor="middle">seconds (0-%.0f)</text>
				</svg>
				""", width, height, left, top, left, base, left, base, width - right, base, width - right, top,
				width - right, base, heap, rate, left, top - 10, maxHeap, width - right, top - 10, maxRate,
				width / 2, height - 10, maxT);
	}

}
