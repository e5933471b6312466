package dev.agentauth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.sun.net.httpserver.HttpServer;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;

/**
 * Not JMH: the proof-of-possession table. The demo's {@code GET /api/v1/products} over loopback (HTTP/1.1, 8
 * client threads) behind each setup, each in its own process started from the demo jar, measured in interleaved
 * rounds (every round runs every setup once, in a new random order, so a slower minute of the machine hits all of
 * them):
 * <ul>
 * <li>{@code jwt}: plain JWT bearer (RS256 token; no proof of possession; context only), profile
 * {@code baseline-jwt};</li>
 * <li>{@code dpop-es256}, {@code dpop-rs256}: Spring Security 7.1's own DPoP ({@code .dPoP()}, profile
 * {@code baseline-dpop}): RS256 token bound by {@code cnf.jkt} + a proof per request (ES256 or RS256, made with
 * Nimbus' {@code DefaultDPoPProofFactory} in its 5-argument form, which sets {@code ath}), jti replay cache;</li>
 * <li>{@code l1-bc}, {@code l1-accp}: Agent Auth layer 1 (Ed25519 RFC 9421 signature + nonce) verified by
 * BouncyCastle or by the Amazon Corretto Crypto Provider ({@code --accp-jar} added to the demo jar's class path
 * through Spring Boot's {@code PropertiesLauncher}, {@code --enable-native-access=ALL-UNNAMED});</li>
 * <li>{@code l2-accp}: layer 1 + 2 with ACCP: the signature also covers {@code Authorization: Agent <delegation
 * token>} (RS256, cached after its first use), bound to the key, checked against the revocation set.</li>
 * </ul>
 * Keys, tokens and the realm's JWKS come from a registry stand-in in this process (no Keycloak). Every request is
 * built before the run that sends it: each signed request has its own nonce and each DPoP proof its own
 * {@code jti}, so the client does the same kind of work for every setup while measuring (none).
 *
 * <pre>
 * ./mvnw -B -ntp -Pbench -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.agentauth.bench.PossessionComparison --seconds 10 --warmup-seconds 30 --rounds 5
 * </pre>
 * Options: {@code --setups} (comma-separated, default all six), {@code --seconds}, {@code --warmup-seconds},
 * {@code --rounds}, {@code --threads}, {@code --agents} (keys per setup, default 8), {@code --first-port} (default
 * 8091; one port per setup), {@code --jar} (the demo jar), {@code --accp-jar}, {@code --jvm-args} (for every
 * server; {@code {side}} becomes the setup's name), {@code --agent-args} (application arguments for the
 * three Agent Auth setups only, e.g. {@code --logging.level.agentauth.audit=warn}), {@code --variants} (more Agent
 * Auth setups in the same run: {@code "name=base:args;..."}, base {@code l1-bc}, {@code l1-accp} or {@code l2-accp},
 * e.g. {@code "redis=l1-bc:--agentauth.replay.store=redis --spring.data.redis.port=31010"}), {@code --wrk-seconds} (when
 * above 0, the rounds are repeated with wrk as the load generator; {@code --wrk-connections}, default 8), {@code --ring-rate} (the most requests per second
 * a warm-up ring is built for, default 20,000, capped at 5,000; measured rounds build 1.5x what the setup sent in
 * its previous run, and at least --ring-rate, a fifth of it for RS256 proofs).
 */
public final class PossessionComparison {

	private static final List<String> ALL = List.of("jwt", "dpop-es256", "dpop-rs256", "l1-bc", "l1-accp",
			"l2-accp");

	private static final String MERCHANT = "bench-merchant";

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("setups", String.join(",", ALL));
		options.put("seconds", "10");
		options.put("warmup-seconds", "20");
		options.put("rounds", "3");
		options.put("threads", "8");
		options.put("agents", "8");
		options.put("first-port", "8091");
		options.put("jar", "demo/target/demo-0.1.0-SNAPSHOT.jar");
		options.put("accp-jar", Path.of(System.getProperty("user.home"), ".m2", "repository", "software", "amazon",
				"cryptools", "AmazonCorrettoCryptoProvider", "2.5.0", "AmazonCorrettoCryptoProvider-2.5.0-linux-x86_64.jar")
			.toString());
		options.put("jvm-args", "");
		options.put("ring-rate", "20000");
		options.put("agent-args", "");
		options.put("wrk-seconds", "0");
		options.put("wrk-connections", "8");
		options.put("variants", "");
		HttpBench.readOptions(args, options);
		Map<String, String> variants = variants(options.get("variants"));
		List<String> names = new ArrayList<>(List.of(options.get("setups").split(",")));
		for (String name : names) {
			if (!ALL.contains(name)) {
				throw new IllegalArgumentException("--setups: " + name + " is not one of " + ALL);
			}
		}
		names.addAll(variants.keySet());
		int seconds = Integer.parseInt(options.get("seconds"));
		int warmup = Integer.parseInt(options.get("warmup-seconds"));
		int rounds = Integer.parseInt(options.get("rounds"));
		int threads = Integer.parseInt(options.get("threads"));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		// the realm key signs the bearer and DPoP access tokens and the delegation tokens
		RSAKey realmKey = new RSAKeyGenerator(2048).keyID("realm").generate();
		Map<String, String> registeredKeys = new ConcurrentHashMap<>();
		HttpServer registry = HttpBench.registryStandIn(registeredKeys, 300,
				new JWKSet(realmKey.toPublicJWK()).toString());
		String issuer = "http://127.0.0.1:" + registry.getAddress().getPort() + "/realms/bench";

		Map<String, Setup> setups = new LinkedHashMap<>();
		int port = Integer.parseInt(options.get("first-port"));
		try {
			for (String name : names) {
				setups.put(name, start(name, variants.get(name), port++, options, realmKey, issuer, registeredKeys));
			}
			for (Setup setup : setups.values()) {
				HttpBench.awaitHttp(http, setup.uri().toString());
			}
			System.out.printf("threads=%d, warm-up %d s per setup, then %d interleaved round(s) of %d s per setup%n",
					threads, warmup, rounds, seconds);
			// warm-up rings are built for at most 5,000 req/s (RS256 proofs take ~1 ms each to make) and may wrap
			// (replays, refused); the measured rounds then build 1.5x what the setup sent in its previous run, at least
			// --ring-rate (a fifth of it for RS256 proofs)
			for (Setup setup : setups.values()) {
				System.out.println("warm-up " + setup.name());
				setup.fill(warmup, Math.min(5_000, Integer.parseInt(options.get("ring-rate"))));
				setup.sent(HttpBench.run(http, setup.requests(), threads, warmup, setup.process().pid()), warmup);
			}
			Map<String, List<HttpBench.Result>> results = new LinkedHashMap<>();
			for (int round = 1; round <= rounds; round++) {
				for (Setup setup : shuffled(setups, round)) {
					setup.fill(seconds, setup.nextRate());
					System.out.println("round " + round + " " + setup.name());
					HttpBench.Result result = HttpBench.run(http, setup.requests(), threads, seconds,
							setup.process().pid());
					results.computeIfAbsent(setup.name(), (k) -> new ArrayList<>()).add(result);
					setup.checkNotWrapped();
					setup.sent(result, seconds);
				}
			}
			print("Java harness (java.net.http, " + threads + " threads)", results);
			int wrkSeconds = Integer.parseInt(options.get("wrk-seconds"));
			if (wrkSeconds > 0) {
				Map<String, List<HttpBench.Result>> wrkResults = new LinkedHashMap<>();
				int connections = Integer.parseInt(options.get("wrk-connections"));
				for (int round = 1; round <= rounds; round++) {
					for (Setup setup : shuffled(setups, round)) {
						System.out.println("wrk round " + round + " " + setup.name());
						HttpBench.Result result = wrk(setup, wrkSeconds, connections);
						wrkResults.computeIfAbsent(setup.name(), (k) -> new ArrayList<>()).add(result);
						setup.sent(result, wrkSeconds);
					}
				}
				print("wrk (2 threads, " + connections + " connections)", wrkResults);
			}
		}
		finally {
			for (Setup setup : setups.values()) {
				HttpBench.stop(setup.process());
			}
			registry.stop(0);
		}
	}

	/** The setups in a new random order for each round (printed, so the raw output shows it). */
	private static List<Setup> shuffled(Map<String, Setup> setups, int round) {
		List<Setup> order = new ArrayList<>(setups.values());
		java.util.Collections.shuffle(order);
		System.out.println("round " + round + " order: " + order.stream().map(Setup::name).toList());
		return order;
	}

	/**
	 * {@code --variants "name=base:args;name=base:args"}: more Agent Auth setups, each a base setup ({@code l1-bc},
	 * {@code l1-accp} or {@code l2-accp}) with extra application arguments, e.g. the nonce store in Redis.
	 */
	private static Map<String, String> variants(String option) {
		Map<String, String> variants = new LinkedHashMap<>();
		for (String variant : option.split(";")) {
			if (variant.isBlank()) {
				continue;
			}
			int equals = variant.indexOf('=');
			int colon = variant.indexOf(':', equals + 1);
			if (equals < 1 || colon < 0 || !List.of("l1-bc", "l1-accp", "l2-accp")
				.contains(variant.substring(equals + 1, colon).trim())) {
				throw new IllegalArgumentException("--variants: name=base:args with base l1-bc, l1-accp or l2-accp, not "
						+ variant);
			}
			variants.put(variant.substring(0, equals).trim(), variant.substring(equals + 1).trim());
		}
		return variants;
	}

	/** The same setup driven by wrk ({@link HttpBench#wrk}); each request of its ring is sent once. */
	private static HttpBench.Result wrk(Setup setup, int seconds, int connections) throws Exception {
		setup.fill(seconds, setup.nextRate());
		List<HttpRequest> requests = (setup.ring() != null) ? setup.ring().built() : List.of(setup.requests().apply(0));
		return HttpBench.wrk(setup.uri(), requests, 2, connections, seconds, setup.process().pid(),
				setup.ring() != null);
	}

	// medians over the rounds, and the ratios the issue's goals name
	private static void print(String title, Map<String, List<HttpBench.Result>> results) {
		System.out.println();
		System.out.println(title);
		System.out.println("| setup | req/s (median of rounds; all rounds) | server CPU µs/request | p50 µs | p99 µs |");
		System.out.println("|---|---|---|---|---|");
		Map<String, Double> medians = new LinkedHashMap<>();
		results.forEach((name, list) -> {
			double rate = median(list.stream().mapToDouble(HttpBench.Result::rate).toArray());
			medians.put(name, rate);
			StringBuilder all = new StringBuilder();
			list.forEach((r) -> all.append(all.isEmpty() ? "" : " / ").append(String.format("%.0f", r.rate())));
			System.out.printf("| %s | %.0f (%s) | %.0f | %.0f | %.0f |%n", name, rate, all,
					median(list.stream().mapToDouble(HttpBench.Result::cpuMicrosPerRequest).toArray()),
					median(list.stream().mapToDouble(HttpBench.Result::p50Micros).toArray()),
					median(list.stream().mapToDouble(HttpBench.Result::p99Micros).toArray()));
		});
		ratio(medians, "l1-accp", "jwt", "goal >= 1.0");
		ratio(medians, "l1-accp", "dpop-es256", "goal >= 2.0");
		ratio(medians, "l1-bc", "jwt", "goal >= 0.85");
		ratio(medians, "l2-accp", "jwt", "context");
		ratio(medians, "l1-accp", "dpop-rs256", "context");
	}

	private static void ratio(Map<String, Double> medians, String a, String b, String goal) {
		if (medians.containsKey(a) && medians.containsKey(b)) {
			System.out.printf("%s / %s = %.2f (%s)%n", a, b, medians.get(a) / medians.get(b), goal);
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static Setup start(String name, String variant, int port, Map<String, String> options, RSAKey realmKey,
			String issuer, Map<String, String> registeredKeys) throws Exception {
		URI uri = URI.create("http://localhost:" + port + "/api/v1/products");
		List<String> jvm = new ArrayList<>(HttpBench.words(options.get("jvm-args")));
		List<String> launch = List.of("-jar", options.get("jar"));
		List<String> app = new ArrayList<>(List.of("--server.port=" + port));
		String base = name;
		if (variant != null) {
			base = variant.substring(0, variant.indexOf(':'));
			app.addAll(HttpBench.words(variant.substring(variant.indexOf(':') + 1)));
		}
		int agents = Integer.parseInt(options.get("agents"));
		int ringRate = Integer.parseInt(options.get("ring-rate"));
		String publicKey = Base64.getEncoder().encodeToString(realmKey.toRSAPublicKey().getEncoded());
		switch (base) {
			case "jwt" -> {
				app.addAll(List.of("--spring.profiles.active=baseline-jwt", "--demo.baseline.public-key=" + publicKey));
				HttpRequest bearer = HttpRequest.newBuilder(uri)
					.header("Authorization", "Bearer " + accessToken(realmKey, null))
					.GET()
					.build();
				return new Setup(name, uri, HttpBench.startJava(name, jvm, launch, app), null, (i) -> bearer, ringRate);
			}
			case "dpop-es256", "dpop-rs256" -> {
				app.addAll(List.of("--spring.profiles.active=baseline-dpop", "--demo.baseline.public-key=" + publicKey));
				boolean ec = name.equals("dpop-es256");
				List<DefaultDPoPProofFactory> proofs = new ArrayList<>();
				List<DPoPAccessToken> tokens = new ArrayList<>();
				for (int a = 0; a < agents; a++) {
					JWK key = ec ? new ECKeyGenerator(Curve.P_256).generate() : new RSAKeyGenerator(2048).generate();
					proofs.add(new DefaultDPoPProofFactory(key, ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256));
					tokens.add(new DPoPAccessToken(accessToken(realmKey, key.computeThumbprint().toString())));
				}
				HttpBench.Ring ring = new HttpBench.Ring((i) -> {
					DPoPAccessToken token = tokens.get(i % agents);
					return HttpRequest.newBuilder(uri)
						.header("Authorization", token.toAuthorizationHeader())
						.header("DPoP", proofs.get(i % agents)
							.createDPoPJWT(new JWTID(), "GET", uri, new Date(), token)
							.serialize())
						.GET()
						.build();
				}, 400_000);
				return new Setup(name, uri, HttpBench.startJava(name, jvm, launch, app), ring, ring,
						ec ? ringRate : ringRate / 5);
			}
			default -> {
				// l1-bc, l1-accp, l2-accp: the demo merchant with agent signatures, keys from the stand-in
				boolean accp = !base.equals("l1-bc");
				boolean delegated = base.equals("l2-accp");
				app.addAll(HttpBench.words(options.get("agent-args")));
				app.addAll(List.of("--agentauth.registry.issuer-uri=" + issuer,
						"--agentauth.crypto.provider=" + (accp ? "accp" : "bouncycastle"),
						"--agentauth.merchant-id=" + MERCHANT));
				if (accp) {
					jvm.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dloader.path=" + options.get("accp-jar")));
					launch = List.of("-cp", options.get("jar"), "org.springframework.boot.loader.launch.PropertiesLauncher");
				}
				if (delegated) {
					app.addAll(List.of("--agentauth.revocation.client-id=" + MERCHANT,
							"--agentauth.revocation.client-secret=bench"));
				}
				List<AgentRequestSigner> signers = new ArrayList<>();
				List<HttpRequest> unsigned = new ArrayList<>();
				for (int a = 0; a < agents; a++) {
					AgentKeyPair key = AgentKeyPair.generateEd25519();
					String agentId = name + "-agent-" + a;
					registeredKeys.put(key.thumbprint(), new RegisteredKey(agentId, AgentStatus.ACTIVE, "bench",
							KeyStatus.ACTIVE, null, null, key.publicKey()).toJson());
					signers.add(new AgentRequestSigner(key.signingKey(), Clock.systemUTC(), Duration.ofSeconds(60),
							false));
					HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
					if (delegated) {
						request.header("Authorization",
								"Agent " + delegationToken(realmKey, issuer, agentId, key.thumbprint(), a));
					}
					unsigned.add(request.build());
				}
				HttpBench.Ring ring = new HttpBench.Ring(
						(i) -> signers.get(i % agents).sign(unsigned.get(i % agents), null), 400_000);
				return new Setup(name, uri, HttpBench.startJava(name, jvm, launch, app), ring, ring, ringRate);
			}
		}
	}

	// an RS256 access token for the Spring peers; bound to a DPoP key by cnf.jkt when jkt is given
	private static String accessToken(RSAKey realmKey, String jkt) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("consumer")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(2))));
		if (jkt != null) {
			claims.claim("cnf", Map.of("jkt", jkt));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("realm").build(),
				claims.build());
		jwt.sign(new RSASSASigner(realmKey));
		return jwt.serialize();
	}

	// a delegation token as the realm issues it (docs/protocol.md): audience the merchant, bound to the agent's key
	private static String delegationToken(RSAKey realmKey, String issuer, String agentId, String thumbprint, int n)
			throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject("consumer-" + n)
			.audience(MERCHANT)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(2))))
			.jwtID("bench-jti-" + n)
			.claim("azp", "bench-operator")
			.claim("scope", "products:read checkout:create")
			.claim("act", Map.of("sub", agentId))
			.claim("cnf", Map.of("jkt", thumbprint))
			.claim("agent_grant", "bench-grant-" + n)
			.claim("authorization_details", List.of(Map.of("type", "agent_delegation", "max_amount",
					Map.of("value", "50.00", "currency", "EUR"))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("realm").build(), claims);
		jwt.sign(new RSASSASigner(realmKey));
		return jwt.serialize();
	}

	private static final class Setup {

		private final String name;

		private final URI uri;

		private final Process process;

		private final HttpBench.Ring ring;

		private final IntFunction<HttpRequest> requests;

		private int nextRate;

		// the least a measured ring is built for: --ring-rate, a fifth of it for RS256 proofs (~1 ms each to make)
		private final int minRate;

		Setup(String name, URI uri, Process process, HttpBench.Ring ring, IntFunction<HttpRequest> requests,
				int minRate) {
			this.name = name;
			this.uri = uri;
			this.process = process;
			this.ring = ring;
			this.requests = requests;
			this.minRate = minRate;
		}

		String name() {
			return this.name;
		}

		URI uri() {
			return this.uri;
		}

		Process process() {
			return this.process;
		}

		IntFunction<HttpRequest> requests() {
			return this.requests;
		}

		HttpBench.Ring ring() {
			return this.ring;
		}

		void fill(int seconds, int rate) {
			if (this.ring != null) {
				this.ring.fill(seconds, rate);
			}
		}

		// what the setup sent per second (ok or not) in a run, with a margin, and at least the setup's floor:
		// the next ring's rate (a first run may be slow while the server is still compiling)
		void sent(HttpBench.Result result, int seconds) {
			this.nextRate = (int) Math.max(this.minRate, 1.5 * (result.ok() + result.failed()) / seconds);
		}

		int nextRate() {
			return this.nextRate;
		}

		void checkNotWrapped() {
			if (this.ring != null) {
				this.ring.checkNotWrapped();
			}
		}

	}

}
