package dev.agentauth.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;

/**
 * Not JMH: a bounded load loop over loopback comparing the demo merchant's {@code GET /api/v1/products} with
 * agent signatures (a running demo: {@code ./demo.sh --keep-running}) against the same endpoint behind plain
 * Spring Security JWT bearer auth (the demo jar in profile {@code baseline-jwt}, started here). Signed requests
 * are pre-signed before the run (each has its own nonce), so the client does the same work in both runs.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.agentauth.bench.HttpThroughputComparison
 * </pre>
 */
public final class HttpThroughputComparison {

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>(Map.of("keycloak", "http://localhost:8080", "realm",
				"agentic-commerce", "signed", "http://localhost:8081", "baseline-port", "8082", "baseline-jar",
				"demo/target/demo-0.1.0-SNAPSHOT.jar", "seconds", "20", "warmup-seconds", "5", "threads", "8",
				"ring", "200000"));
		options.putIfAbsent("agents", "8");
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].substring(2), args[i + 1]);
		}
		int seconds = Integer.parseInt(options.get("seconds"));
		int warmup = Integer.parseInt(options.get("warmup-seconds"));
		int threads = Integer.parseInt(options.get("threads"));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		// baseline: RS256 bearer token checked by Spring Security's resource server
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair rsa = generator.generateKeyPair();
		String baselineUri = "http://localhost:" + options.get("baseline-port");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process baseline = new ProcessBuilder(java.toString(), "-jar", options.get("baseline-jar"),
				"--spring.profiles.active=baseline-jwt", "--server.port=" + options.get("baseline-port"),
				"--demo.baseline.public-key=" + Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()))
			.redirectErrorStream(true)
			.redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "agentauth-baseline-merchant.log").toFile())
			.start();
		try {
			awaitHttp(http, baselineUri + "/api/v1/products");
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("alice")
				.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
				.build());
			jwt.sign(new RSASSASigner((RSAPrivateKey) rsa.getPrivate()));
			HttpRequest bearer = HttpRequest.newBuilder(URI.create(baselineUri + "/api/v1/products"))
				.header("Authorization", "Bearer " + jwt.serialize())
				.GET()
				.build();

			// agent-signed: register an agent, pre-sign a ring of GETs (fresh nonce each)
			// several agents: the merchant's in-memory nonce store caps nonces per key (50,000 by default, kept for
			// the signature lifetime + skew), which one agent at full loopback speed would reach within the run
			int agents = Integer.parseInt(options.get("agents"));
			List<AgentRequestSigner> signers = new ArrayList<>();
			for (int a = 0; a < agents; a++) {
				AgentKeyPair key = AgentKeyPair.generateEd25519();
				register(http, options, key);
				signers.add(new AgentRequestSigner(key));
			}
			int ringSize = Integer.parseInt(options.get("ring"));
			List<HttpRequest> ring = new ArrayList<>(ringSize);
			HttpRequest unsigned = HttpRequest.newBuilder(URI.create(options.get("signed") + "/api/v1/products"))
				.GET()
				.build();
			for (int i = 0; i < ringSize; i++) {
				ring.add(signers.get(i % agents).sign(unsigned, null));
			}
			AtomicInteger next = new AtomicInteger();
			IntFunction<HttpRequest> signed = (ignored) -> ring.get(next.getAndIncrement() % ringSize);

			System.out.printf("threads=%d, warm-up %d s, measured %d s per run%n", threads, warmup, seconds);
			run(http, signed, threads, warmup);
			double signedRate = run(http, signed, threads, seconds);
			if (next.get() >= ringSize) {
				System.out.println("WARNING: the signed ring wrapped; later requests were replays (refused)");
			}
			run(http, (ignored) -> bearer, threads, warmup);
			double baselineRate = run(http, (ignored) -> bearer, threads, seconds);
			System.out.printf("agent-signed:  %.0f req/s%nJWT bearer:    %.0f req/s%nratio:         %.2f%n",
					signedRate, baselineRate, signedRate / baselineRate);
		}
		finally {
			baseline.destroy();
		}
	}

	private static double run(HttpClient http, IntFunction<HttpRequest> requests, int threads, int seconds)
			throws InterruptedException {
		LongAdder ok = new LongAdder();
		LongAdder failed = new LongAdder();
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(Thread.ofPlatform().start(() -> {
				while (System.nanoTime() < end) {
					try {
						HttpResponse<Void> response = http.send(requests.apply(0), HttpResponse.BodyHandlers.discarding());
						(response.statusCode() == 200 ? ok : failed).increment();
					}
					catch (Exception ex) {
						failed.increment();
					}
				}
			}));
		}
		for (Thread worker : workers) {
			worker.join();
		}
		double rate = ok.sum() / (double) seconds;
		System.out.printf("  %d ok, %d not ok in %d s -> %.0f req/s%n", ok.sum(), failed.sum(), seconds, rate);
		return rate;
	}

	private static void register(HttpClient http, Map<String, String> options, AgentKeyPair key) throws Exception {
		String keycloak = options.get("keycloak");
		HttpResponse<String> token = http.send(HttpRequest
			.newBuilder(URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
					+ URLEncoder.encode("admin", StandardCharsets.UTF_8) + "&password=admin"))
			.build(), HttpResponse.BodyHandlers.ofString());
		String adminToken = (String) JSONObjectUtils.parse(token.body()).get("access_token");
		HttpResponse<String> created = http.send(HttpRequest
			.newBuilder(URI.create(keycloak + "/admin/realms/" + options.get("realm") + "/agents"))
			.header("Authorization", "Bearer " + adminToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"name\":\"http-bench\",\"keys\":[{\"jwk\":" + key.publicJwkJson() + "}]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (created.statusCode() != 201) {
			throw new IllegalStateException("agent registration failed: " + created.statusCode() + " " + created.body());
		}
	}

	private static void awaitHttp(HttpClient http, String uri) throws InterruptedException {
		for (int i = 0; i < 120; i++) {
			try {
				http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (Exception ex) {
				Thread.sleep(500);
			}
		}
		throw new IllegalStateException(uri + " did not answer within 60 s");
	}

}
