package dev.agentauth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;

/**
 * Not JMH: a bounded load loop over loopback comparing the demo merchant's {@code GET /api/v1/products} with
 * agent signatures against the same endpoint behind plain Spring Security JWT bearer auth (the demo jar in
 * profile {@code baseline-jwt}, started here). Signed requests are pre-signed before the run (each has its own
 * nonce), so the client does the same work in both runs.
 * <p>
 * Registry: {@code --registry keycloak} (default) registers the agents in a running demo Keycloak and drives the
 * running demo merchant ({@code ./demo.sh --keep-running}); {@code --registry stub} serves the keys from a
 * registry stand-in in this process ({@code Cache-Control: max-age} of {@code --key-max-age} seconds, default 2
 * like the demo) and starts the signed merchant from the demo jar too, so both servers are started the same way
 * and {@code --jvm-args} (split on spaces; {@code {side}} becomes {@code signed} or {@code baseline}, e.g. for a
 * JFR file name) apply to both. {@code --signed-args} adds application arguments to the signed merchant only.
 * Each run also prints the server's CPU time per request (from {@code /proc/<pid>/stat}; with
 * {@code --registry keycloak} only if {@code --signed-pid} names the demo merchant's process).
 * {@code --agent-alg} picks the agents' key type ({@code ed25519}, the default; {@code rsa-pss-sha512} with
 * 2048-bit keys; {@code ecdsa-p256-sha256}); {@code --ring-rate} (default 20,000) is the request rate the pre-signed
 * ring is sized for (lower it for slow signers); {@code --signature-lifetime} (seconds, default 60 like
 * agent-client) must cover the time it takes to sign the ring (use 300, the policy's maximum, for RSA, and more
 * {@code --agents}: nonces are kept for the lifetime plus skew, at most 200,000 per key).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.agentauth.bench.HttpThroughputComparison --registry stub
 * </pre>
 */
public final class HttpThroughputComparison {

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>(Map.of("keycloak", "http://localhost:8080", "realm",
				"agentic-commerce", "signed", "http://localhost:8081", "baseline-port", "8082", "baseline-jar",
				"demo/target/demo-0.1.0-SNAPSHOT.jar", "seconds", "20", "warmup-seconds", "5", "threads", "8",
				"ring", "400000"));
		options.putIfAbsent("agents", "8");
		options.putIfAbsent("registry", "keycloak");
		options.putIfAbsent("signed-port", "8083");
		options.putIfAbsent("key-max-age", "2");
		options.putIfAbsent("jvm-args", "");
		options.putIfAbsent("signed-args", "");
		options.putIfAbsent("agent-alg", "ed25519");
		options.putIfAbsent("ring-rate", "20000");
		options.putIfAbsent("signature-lifetime", "60");
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
		boolean stub = "stub".equals(options.get("registry"));
		Map<String, String> registeredKeys = new ConcurrentHashMap<>();
		HttpServer registry = null;
		Process signedServer = null;
		if (stub) {
			registry = HttpBench.registryStandIn(registeredKeys, Integer.parseInt(options.get("key-max-age")), "{\"keys\":[]}");
			options.put("signed", "http://localhost:" + options.get("signed-port"));
			List<String> app = new ArrayList<>(List.of("--server.port=" + options.get("signed-port"),
					"--agentauth.registry.issuer-uri=http://127.0.0.1:" + registry.getAddress().getPort()
							+ "/realms/bench"));
			app.addAll(HttpBench.words(options.get("signed-args")));
			signedServer = startMerchant(options, "signed", app);
		}
		Process baseline = startMerchant(options, "baseline", List.of("--spring.profiles.active=baseline-jwt",
				"--server.port=" + options.get("baseline-port"),
				"--demo.baseline.public-key=" + Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded())));
		try {
			HttpBench.awaitHttp(http, baselineUri + "/api/v1/products");
			if (stub) {
				HttpBench.awaitHttp(http, options.get("signed") + "/api/v1/products");
			}
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("alice")
				.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
				.build());
			jwt.sign(new RSASSASigner((RSAPrivateKey) rsa.getPrivate()));
			HttpRequest bearer = HttpRequest.newBuilder(URI.create(baselineUri + "/api/v1/products"))
				.header("Authorization", "Bearer " + jwt.serialize())
				.GET()
				.build();

			// agent-signed: register the agents; the ring of GETs is signed before each run (fresh nonce each)
			// several agents: the merchant's in-memory nonce store caps nonces per key (200,000 by default, kept
			// for the signature lifetime + skew), so no single key nears that bound during the runs
			int agents = Integer.parseInt(options.get("agents"));
			List<AgentRequestSigner> signers = new ArrayList<>();
			for (int a = 0; a < agents; a++) {
				AgentKeyPair key = agentKey(options.get("agent-alg"));
				if (stub) {
					registeredKeys.put(key.thumbprint(), new RegisteredKey("http-bench-" + a, AgentStatus.ACTIVE,
							"http-bench", KeyStatus.ACTIVE, null, null, key.publicKey()).toJson());
				}
				else {
					register(http, options, key);
				}
				signers.add(new AgentRequestSigner(key.signingKey(), Clock.systemUTC(),
						Duration.ofSeconds(Long.parseLong(options.get("signature-lifetime"))), false));
			}
			int ringSize = Integer.parseInt(options.get("ring"));
			HttpRequest unsigned = HttpRequest.newBuilder(URI.create(options.get("signed") + "/api/v1/products"))
				.GET()
				.build();
			HttpBench.Ring ring = new HttpBench.Ring((i) -> signers.get(i % signers.size()).sign(unsigned, null), ringSize);
			int ringRate = Integer.parseInt(options.get("ring-rate"));
			long signedPid = (signedServer != null) ? signedServer.pid()
					: Long.parseLong(options.getOrDefault("signed-pid", "-1"));
			int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));

			System.out.printf("threads=%d, warm-up %d s per side, then %d round(s) of %d s signed + %d s JWT%n", threads,
					warmup, rounds, seconds, seconds);
			ring.fill(warmup, ringRate);
			HttpBench.run(http, ring, threads, warmup, signedPid);
			HttpBench.run(http, (ignored) -> bearer, threads, warmup, baseline.pid());
			List<Double> ratios = new ArrayList<>();
			for (int round = 1; round <= rounds; round++) {
				ring.fill(seconds, ringRate);
				double signedRate = HttpBench.run(http, ring, threads, seconds, signedPid).rate();
				ring.checkNotWrapped();
				double baselineRate = HttpBench.run(http, (ignored) -> bearer, threads, seconds, baseline.pid()).rate();
				System.out.printf("round %d: agent-signed %.0f req/s, JWT bearer %.0f req/s, ratio %.2f%n", round,
						signedRate, baselineRate, signedRate / baselineRate);
				ratios.add(signedRate / baselineRate);
			}
			ratios.sort(null);
			System.out.printf("median ratio: %.2f (min %.2f, max %.2f)%n", ratios.get(ratios.size() / 2),
					ratios.get(0), ratios.get(ratios.size() - 1));
		}
		finally {
			HttpBench.stop(baseline);
			if (signedServer != null) {
				HttpBench.stop(signedServer);
			}
			if (registry != null) {
				registry.stop(0);
			}
		}
	}

	// the demo jar as a process; --jvm-args go before -jar ({side} replaced), app arguments after it
	private static Process startMerchant(Map<String, String> options, String side, List<String> appArgs)
			throws IOException {
		return HttpBench.startJava(side, HttpBench.words(options.get("jvm-args")),
				List.of("-jar", options.get("baseline-jar")), appArgs);
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

	// --agent-alg: ed25519 (the default and recommended algorithm), rsa-pss-sha512 (2048-bit), ecdsa-p256-sha256
	static AgentKeyPair agentKey(String algorithm) throws Exception {
		return switch (algorithm) {
			case "ed25519" -> AgentKeyPair.generateEd25519();
			case "rsa-pss-sha512" -> AgentKeyPair.fromJwk(new RSAKeyGenerator(2048).generate());
			case "ecdsa-p256-sha256" -> AgentKeyPair.fromJwk(new ECKeyGenerator(Curve.P_256).generate());
			default -> throw new IllegalArgumentException("--agent-alg: ed25519, rsa-pss-sha512 or ecdsa-p256-sha256");
		};
	}

}
