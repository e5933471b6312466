package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.agentauth.client.ActorToken;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.test.TokenExchangeForm;

import static dev.agentauth.it.delegation.DelegationFixture.MERCHANT;
import static dev.agentauth.it.delegation.DelegationFixture.OPERATOR;
import static dev.agentauth.it.delegation.DelegationFixture.OPERATOR_SECRET;
import static dev.agentauth.it.delegation.DelegationFixture.REALM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: throughput of our {@code agent-delegation} token exchange against Keycloak's standard token exchange
 * (V2, internal to internal) on the same Keycloak, PostgreSQL and operator client (client_secret_basic), issue 13
 * part 3. Both exchange the consumer's access token for a token with the merchant as audience; ours also verifies a
 * fresh actor token (Ed25519; signed before each round, so the client does no crypto while measuring), looks up the
 * grant, the agent and its key, and stores the actor token's {@code jti}. Rounds alternate between the two; every
 * round starts from a new consent (the realm's access tokens live 300 s).
 *
 * <pre>
 * AGENTAUTH_TEST_KC_DB=postgres ./mvnw -B -ntp -pl integration-tests -am verify \
 *   -Dtest=TokenExchangeComparisonBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dagentauth.bench=true \
 *   [-Dagentauth.bench.seconds=20 -Dagentauth.bench.warmup-seconds=30 -Dagentauth.bench.rounds=3 \
 *    -Dagentauth.bench.concurrency=8 -Dagentauth.bench.only=agent-delegation \
 *    -Dagentauth.keycloak.java-opts="-XX:StartFlightRecording=filename=/tmp/kc.jfr,settings=profile"]
 * </pre>
 *
 * The table is printed and written to {@code target/token-exchange-comparison.txt}.
 */
@EnabledIfSystemProperty(named = "agentauth.bench", matches = "true")
@EnabledIfEnvironmentVariable(named = "AGENTAUTH_TEST_KC_DB", matches = "postgres")
class TokenExchangeComparisonBenchmark {

	private final int seconds = Integer.getInteger("agentauth.bench.seconds", 20);

	private final int warmupSeconds = Integer.getInteger("agentauth.bench.warmup-seconds", 30);

	private final int rounds = Integer.getInteger("agentauth.bench.rounds", 3);

	private final int concurrency = Integer.getInteger("agentauth.bench.concurrency", 8);

	private final String only = System.getProperty("agentauth.bench.only", "");

	private KeycloakServer keycloak;

	private URI issuer;

	private DelegationClient operator;

	private final Queue<String> presigned = new ConcurrentLinkedQueue<>();

	private final AtomicInteger signedDuringRun = new AtomicInteger();

	@Test
	void agentDelegationExchangeAgainstStandardExchange() throws Exception {
		DelegationFixture.start();
		this.keycloak = KeycloakServer.get();
		this.issuer = this.keycloak.uri("/realms/" + REALM);
		this.operator = new DelegationClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
				this.issuer, OPERATOR, OPERATOR_SECRET);
		allowStandardExchange();
		Agent agent = Agent.register("Exchange benchmark");

		List<Setup> setups = new ArrayList<>();
		if (!"standard".equals(this.only)) {
			setups.add(new Setup("agent-delegation", "ours: consumer token + actor token (Ed25519) → delegation token",
					(subject) -> this.operator.postToken(DelegationFixture.exchangeForm(subject, actorToken(agent)))));
		}
		if (!"agent-delegation".equals(this.only)) {
			setups.add(new Setup("standard", "Keycloak standard exchange (V2): consumer token → token for the merchant",
					(subject) -> this.operator.postToken(standardForm(subject))));
		}

		// both work, and give what they should, before anything is measured
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		for (Setup setup : setups) {
			HttpResponse<String> response = setup.exchange.call(consent.accessToken());
			assertThat(response.statusCode()).as(setup.name + ": " + response.body()).isEqualTo(200);
			SignedJWT token = SignedJWT.parse((String) KeycloakServer.json(response.body()).get("access_token"));
			assertThat(token.getJWTClaimsSet().getAudience()).as(setup.name).contains(MERCHANT);
			assertThat(token.getJWTClaimsSet().getClaim("act") != null).as(setup.name)
				.isEqualTo(setup.name.equals("agent-delegation"));
		}

		for (Setup setup : setups) {
			run(setup, consent.accessToken(), this.warmupSeconds, 0);
		}
		List<Result> results = new ArrayList<>();
		int presign = 2_000;
		for (int round = 1; round <= this.rounds; round++) {
			String subject = DelegationFixture.consent(agent, "alice", null).accessToken();
			for (Setup setup : setups) {
				if (setup.name.equals("agent-delegation")) {
					// actor tokens (valid 60 s) signed before the round, so the client does no crypto while measuring
					this.presigned.clear();
					for (int i = 0; i < presign; i++) {
						this.presigned.add(ActorToken.create(agent.key(), agent.id(), this.issuer));
					}
					this.signedDuringRun.set(0);
				}
				Result result = run(setup, subject, this.seconds, round);
				if (setup.name.equals("agent-delegation")) {
					presign = Math.max(presign, (int) (result.exchanges * 1.5));
					if (this.signedDuringRun.get() > 0) {
						System.out.println("  (" + this.signedDuringRun.get() + " actor tokens signed during the round)");
					}
				}
				results.add(result);
				System.out.println(result.line());
			}
		}
		String table = table(setups, results);
		System.out.println(table);
		Files.writeString(Path.of("target/token-exchange-comparison.txt"), table);
		assertThat(results).allSatisfy((result) -> assertThat(result.refused).as(result.setup).isZero());
	}

	/**
	 * The operator client may use the standard exchange, and its tokens name itself and the merchant as audience
	 * (the standard exchange wants the requesting client in the subject token's {@code aud}, and the requested
	 * audience among the audiences its client scopes give).
	 */
	private void allowStandardExchange() {
		String base = "/admin/realms/" + REALM + "/clients";
		String id = this.keycloak.clientUuid(REALM, OPERATOR);
		Map<String, Object> client = KeycloakServer.json(this.keycloak.admin("GET", base + "/" + id, null).body());
		@SuppressWarnings("unchecked")
		Map<String, Object> attributes = (Map<String, Object>) client.get("attributes");
		attributes.put("standard.token.exchange.enabled", "true");
		HttpResponse<String> updated = this.keycloak.admin("PUT", base + "/" + id,
				com.nimbusds.jose.util.JSONObjectUtils.toJSONString(client));
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
		for (String audience : List.of(OPERATOR, MERCHANT)) {
			HttpResponse<String> mapper = this.keycloak.admin("POST", base + "/" + id + "/protocol-mappers/models",
					"{\"name\":\"bench-audience-" + audience + "\",\"protocol\":\"openid-connect\","
							+ "\"protocolMapper\":\"oidc-audience-mapper\",\"config\":{\"included.client.audience\":\""
							+ audience + "\",\"access.token.claim\":\"true\",\"id.token.claim\":\"false\"}}");
			assertThat(mapper.statusCode()).as(mapper.body()).isEqualTo(201);
		}
	}

	/** A pre-signed actor token, or a new one when they ran out. */
	private String actorToken(Agent agent) {
		String token = this.presigned.poll();
		if (token != null) {
			return token;
		}
		this.signedDuringRun.incrementAndGet();
		return ActorToken.create(agent.key(), agent.id(), this.issuer);
	}

	private static Map<String, String> standardForm(String subject) {
		return TokenExchangeForm.subject(subject, DelegationClaims.ACCESS_TOKEN_TYPE)
			.requestedTokenType(DelegationClaims.ACCESS_TOKEN_TYPE)
			.audience(MERCHANT)
			.build();
	}

	/**
	 * {@link #concurrency} threads exchanging for {@code seconds}; latencies of the exchanges that ended in time.
	 * @param round the round's number, 0 for the warm-up
	 */
	private Result run(Setup setup, String subject, int seconds, int round) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		AtomicReference<String> firstRefusal = new AtomicReference<>();
		Duration cpuBefore = this.keycloak.cpuTime();
		long started = System.nanoTime();
		List<long[]> perThread = new ArrayList<>();
		int[] refused = new int[this.concurrency];
		try (ExecutorService pool = Executors.newFixedThreadPool(this.concurrency)) {
			List<Future<long[]>> futures = new ArrayList<>();
			for (int t = 0; t < this.concurrency; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					long[] latencies = new long[1024];
					int n = 0;
					while (System.nanoTime() < deadline) {
						long start = System.nanoTime();
						HttpResponse<String> response = setup.exchange.call(subject);
						long took = System.nanoTime() - start;
						if (response.statusCode() != 200) {
							refused[thread]++;
							firstRefusal.compareAndSet(null, response.statusCode() + " " + response.body());
							continue;
						}
						if (n == latencies.length) {
							latencies = Arrays.copyOf(latencies, n * 2);
						}
						latencies[n++] = took;
					}
					return Arrays.copyOf(latencies, n);
				}));
			}
			for (Future<long[]> future : futures) {
				perThread.add(future.get());
			}
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		Duration cpu = this.keycloak.cpuTime().minus(cpuBefore);
		long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		int refusals = Arrays.stream(refused).sum();
		if (firstRefusal.get() != null) {
			System.out.println(setup.name + ": " + refusals + " refused, first: " + firstRefusal.get());
		}
		return new Result(setup.name, round, all.length, refusals, all.length / elapsed,
				all.length == 0 ? 0 : cpu.toNanos() / 1e3 / all.length, percentile(all, 0.50), percentile(all, 0.99));
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
	}

	private String table(List<Setup> setups, List<Result> results) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"Token exchange, %d threads, %d s per round after %d s of warm-up, %d rounds (Keycloak 26.7.3, "
						+ "PostgreSQL)%n%n| setup | what it does | exchanges/s (median of rounds) | Keycloak CPU µs per "
						+ "exchange | p50 ms | p99 ms | refused |%n|---|---|---|---|---|---|---|%n",
				this.concurrency, this.seconds, this.warmupSeconds, this.rounds));
		Map<String, Double> medians = new LinkedHashMap<>();
		for (Setup setup : setups) {
			List<Result> of = results.stream().filter((r) -> r.setup.equals(setup.name)).toList();
			double throughput = median(of.stream().mapToDouble(Result::perSecond).toArray());
			medians.put(setup.name, throughput);
			out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1f | %.1f | %d |%n", setup.name,
					setup.description, throughput, median(of.stream().mapToDouble(Result::cpuMicros).toArray()),
					median(of.stream().mapToDouble(Result::p50).toArray()),
					median(of.stream().mapToDouble(Result::p99).toArray()),
					of.stream().mapToInt(Result::refused).sum()));
		}
		if (medians.size() == 2) {
			out.append(String.format(Locale.ROOT, "%nagent-delegation / standard: %.2f (goal >= 0.9)%n",
					medians.get("agent-delegation") / medians.get("standard")));
		}
		out.append("\nRounds:\n");
		results.forEach((r) -> out.append(r.line()).append('\n'));
		return out.toString();
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	@FunctionalInterface
	private interface Exchange {

		HttpResponse<String> call(String subjectToken) throws Exception;

	}

	private record Setup(String name, String description, Exchange exchange) {
	}

	private record Result(String setup, int round, int exchanges, int refused, double perSecond, double cpuMicros,
			double p50, double p99) {

		String line() {
			return String.format(Locale.ROOT,
					"round %d %-16s %6d exchanges %7.0f/s  CPU %6.0f µs/exchange  p50 %6.1f ms  p99 %6.1f ms  %d refused",
					this.round, this.setup, this.exchanges, this.perSecond, this.cpuMicros, this.p50, this.p99,
					this.refused);
		}

	}

}
