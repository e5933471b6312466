package dev.agentauth.it.cluster;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.agentauth.client.ActorToken;
import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.it.faults.LoadLoop;
import dev.agentauth.it.keycloak.KeycloakCluster;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.TokenExchangeForm;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our provider on a two-node Keycloak cluster (production mode, embedded Infinispan, JDBC-ping on PostgreSQL)
 * behind nginx. Every test sends its requests to alternating nodes: what one node changed, the other must know.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakClusterTests {

	private static final String REALM = "agentic-commerce";

	private static final String OPERATOR = "demo-agent-operator";

	private static final String MERCHANT = "demo-merchant";

	private static final URI REDIRECT = URI.create("http://localhost:8090/callback");

	private static final String LIMITS = "[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\","
			+ "\"currency\":\"EUR\"},\"merchants\":[\"demo-merchant\"]}]";

	/** How long a change made on one node may take to be seen on the other (docs/operations.md). */
	private static final Duration BOUND = Duration.ofSeconds(5);

	private static KeycloakCluster cluster;

	private static KeycloakServer a;

	private static KeycloakServer b;

	private static String issuer;

	@BeforeAll
	static void startCluster() {
		cluster = KeycloakCluster.start(2);
		a = cluster.node(0);
		b = cluster.node(1);
		issuer = cluster.proxy().uri("/realms/" + REALM).toString();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void agentRegisteredOnOneNodeAndSuspendedOnTheOtherIsSuspendedOnEveryNode() throws Exception {
		Agent agent = register(a, "Cluster registry");
		for (KeycloakServer node : List.of(a, b)) {
			assertThat(status(node, agent)).isEqualTo("active");
		}
		assertThat(b.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id() + "/suspend", null).statusCode())
			.isEqualTo(200);
		Instant suspended = Instant.now();
		for (KeycloakServer node : List.of(a, b)) {
			Duration left = BOUND.minus(Duration.between(suspended, Instant.now()));
			String seen = Eventually.poll(left.isPositive() ? left : Duration.ofMillis(1), Duration.ofMillis(50),
					() -> status(node, agent), "suspended"::equals);
			assertThat(seen).as("seen within the bound").isEqualTo("suspended");
		}
	}

	@Test
	void anActorTokenUsedOnOneNodeIsRefusedOnTheOther() throws Exception {
		Agent agent = register(b, "Cluster actor token");
		DelegationClient viaA = client(a);
		DelegationClient viaB = client(b);
		String subject = consent(viaA, agent, "alice");
		String actor = ActorToken.create(agent.key(), agent.id(), URI.create(issuer));
		HttpResponse<String> first = viaA.postToken(exchangeForm(subject, actor));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		HttpResponse<String> replayed = viaB.postToken(exchangeForm(subject, actor));
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(400);
		assertThat(KeycloakServer.json(replayed.body())).containsEntry("error", "invalid_grant");
		assertThat(replayed.body()).contains("already used");
	}

	@Test
	void aSuspensionOnOneNodeReachesAMerchantLongPollingTheOther() throws Exception {
		Agent agent = register(a, "Cluster feed");
		String merchantToken = a.clientToken(REALM, MERCHANT, "demo-merchant-secret");
		String receiver = "cluster-" + UUID.randomUUID();
		drain(b, merchantToken, receiver);
		CompletableFuture<Map<String, Object>> waiting = CompletableFuture
			.supplyAsync(() -> poll(b, merchantToken, receiver, List.of(), false));
		// gives the long poll time to reach node b and wait there (nothing the test can observe)
		Thread.sleep(500);
		assertThat(a.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id() + "/suspend", null).statusCode())
			.isEqualTo(200);
		Map<String, Object> polled = waiting.get(60, TimeUnit.SECONDS);
		assertThat(subjects(polled)).contains(agent.id());
	}

	/**
	 * The auto-suspend policy "high from 2 merchants" counts reports that arrived at different nodes: one after the
	 * other, and at the same moment (each node's transaction must see the other's report, or the agent is never
	 * suspended).
	 */
	@Test
	void reportsFromTwoMerchantsToTwoNodesSuspendTheAgent() throws Exception {
		String realm = "signals-" + UUID.randomUUID().toString().substring(0, 8);
		List<Map<String, Object>> clients = new java.util.ArrayList<>();
		List<Map<String, Object>> users = new java.util.ArrayList<>();
		for (String client : List.of("merchant-a", "merchant-b")) {
			clients.add(Map.of("clientId", client, "enabled", true, "publicClient", false, "secret", client + "-secret",
					"serviceAccountsEnabled", true, "standardFlowEnabled", false));
			users.add(Map.of("username", "service-account-" + client, "enabled", true, "serviceAccountClientId", client,
					"realmRoles", List.of("agent-merchant")));
		}
		Map<String, Object> representation = new LinkedHashMap<>();
		representation.put("realm", realm);
		representation.put("enabled", true);
		representation.put("roles", Map.of("realm", List.of(Map.of("name", "agent-merchant"))));
		representation.put("clients", clients);
		representation.put("users", users);
		representation.put("attributes", Map.of("agentauth.signals.auto-suspend", "high-from-2-merchants",
				"agentauth.signals.window", "PT1H", "agentauth.signals.rate-limit", "600"));
		HttpResponse<String> created = a.admin("POST", "/admin/realms", JSONObjectUtils.toJSONString(representation));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String realmIssuer = cluster.proxy().uri("/realms/" + realm).toString();
		String tokenA = a.clientToken(realm, "merchant-a", "merchant-a-secret");
		String tokenB = b.clientToken(realm, "merchant-b", "merchant-b-secret");

		List<String> sequential = new java.util.ArrayList<>();
		List<String> simultaneous = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			(i == 0 ? sequential : simultaneous).add(signalAgent(realm, "Signal " + i));
		}
		for (String agent : sequential) {
			assertThat(push(a, realm, tokenA, SignalSets.riskLevelChange("merchant-a", realmIssuer, Instant.now(), agent,
					null, RiskLevel.HIGH, "velocity.burst"))).isEqualTo(202);
			assertThat(agentStatus(b, realm, agent)).isEqualTo("active");
			assertThat(push(b, realm, tokenB, SignalSets.riskLevelChange("merchant-b", realmIssuer, Instant.now(), agent,
					null, RiskLevel.HIGH, "checkout.without_cart"))).isEqualTo(202);
			assertThat(agentStatus(a, realm, agent)).isEqualTo("suspended");
		}
		for (String agent : simultaneous) {
			CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> push(a, realm, tokenA,
					SignalSets.riskLevelChange("merchant-a", realmIssuer, Instant.now(), agent, null, RiskLevel.HIGH, "x")));
			CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> push(b, realm, tokenB,
					SignalSets.riskLevelChange("merchant-b", realmIssuer, Instant.now(), agent, null, RiskLevel.HIGH, "y")));
			assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(202);
			assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(202);
		}
		for (String agent : simultaneous) {
			assertThat(agentStatus(a, realm, agent)).as("reports of two merchants at the same moment, on two nodes")
				.isEqualTo("suspended");
		}
		a.admin("DELETE", "/admin/realms/" + realm, null);
	}

	/**
	 * An agent provider's scheduled fetch runs once per cluster, not once per node: both nodes look for due providers
	 * every check-interval, and only the node holding Keycloak's cluster-wide task lock fetches. The key set answers
	 * slowly (0.8 s), so two nodes fetching the same round would overlap and be seen as two fetches well under
	 * min-refresh apart.
	 */
	@Test
	void anAgentProvidersScheduledFetchRunsOncePerClusterNotOncePerNode() throws Exception {
		List<Instant> fetches = java.util.Collections.synchronizedList(new ArrayList<>());
		byte[] jwks = JSONObjectUtils.toJSONString(Map.of("keys", List.of(Map.of("kty", "OKP", "crv", "Ed25519", "kid",
				"cluster-fetch-1", "x", KeycloakServer.json(AgentKeyPair.generateEd25519().publicJwkJson()).get("x"))))).getBytes(StandardCharsets.UTF_8);
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		server.createContext("/jwks", (exchange) -> {
			fetches.add(Instant.now());
			try {
				Thread.sleep(800);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
			exchange.getResponseHeaders().add("Cache-Control", "max-age=1");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		server.start();
		String alias = "cluster-fetch-" + UUID.randomUUID().toString().substring(0, 8);
		String providers = "/admin/realms/" + REALM + "/agent-providers";
		try {
			HttpResponse<String> created = a.admin("POST", providers, "{\"alias\":\"" + alias
					+ "\",\"displayName\":\"Cluster fetch\",\"type\":\"jwks\",\"url\":\"http://127.0.0.1:"
					+ server.getAddress().getPort() + "/jwks\",\"profile\":\"visa-tap\"}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			// max-age=1 is raised to min-refresh: one fetch every min-refresh (plus up to one check-interval)
			Thread.sleep(Duration.ofSeconds(6L * KeycloakCluster.PROVIDER_MIN_REFRESH_SECONDS).toMillis());
		}
		finally {
			a.admin("DELETE", providers + "/" + alias, null);
			server.stop(0);
		}
		List<Instant> seen = List.copyOf(fetches);
		assertThat(seen).as("the creation's fetch and scheduled ones").hasSizeGreaterThanOrEqualTo(3);
		for (int i = 1; i < seen.size(); i++) {
			assertThat(Duration.between(seen.get(i - 1), seen.get(i)))
				.as("fetch %d came %s after the one before: %s", i, Duration.between(seen.get(i - 1), seen.get(i)), seen)
				.isGreaterThanOrEqualTo(Duration.ofSeconds(KeycloakCluster.PROVIDER_MIN_REFRESH_SECONDS - 1));
		}
	}

	/**
	 * Not a test (runs only with {@code -Dagentauth.bench=true}): key lookups/s and token exchanges/s sent to one
	 * node directly against both nodes behind the proxy, in interleaved rounds of one run (five by default,
	 * {@code -Dagentauth.bench.rounds}), each after a warm-up. One machine: no speed-up is expected; the figure shows
	 * what the cluster and the proxy cost. Raw lines go to stdout ({@code bench:}).
	 * <pre>
	 * AGENTAUTH_TEST_KC_DB=postgres ./mvnw -B -ntp -pl integration-tests -am verify -Dagentauth.bench=true \
	 *   -Dtest='KeycloakClusterTests#oneNodeAgainstTwoBehindTheProxy' -Dsurefire.failIfNoSpecifiedTests=false
	 * </pre>
	 */
	@Test
	@Order(0)
	@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "agentauth.bench", matches = "true")
	void oneNodeAgainstTwoBehindTheProxy() throws Exception {
		int rounds = Integer.getInteger("agentauth.bench.rounds", 5);
		Duration window = Duration.ofSeconds(Long.getLong("agentauth.bench.seconds", 10));
		int threads = 8;
		List<Agent> agents = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			agents.add(register(a, "bench-" + i));
		}
		DelegationClient proxyClient = client(cluster.proxy());
		Map<String, KeycloakServer> targets = new LinkedHashMap<>();
		targets.put("one-node", a);
		targets.put("two-nodes-proxy", cluster.proxy());
		System.out.printf("bench: cluster of %d nodes, %d threads, %d s windows, %d rounds, load %s%n", cluster.size(),
				threads, window.toSeconds(), rounds, java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
		for (int round = 0; round <= rounds; round++) {
			// fresh consumer tokens each round (they live 5 minutes)
			List<String> subjects = new ArrayList<>();
			for (Agent agent : agents) {
				subjects.add(consent(proxyClient, agent, "alice"));
			}
			List<String> order = new ArrayList<>(targets.keySet());
			java.util.Collections.shuffle(order);
			for (String name : order) {
				KeycloakServer target = targets.get(name);
				DelegationClient via = client(target);
				double lookups = rate(threads, window, (i) -> {
					HttpResponse<String> lookup = target.send(java.net.http.HttpRequest
						.newBuilder(target.uri("/realms/" + REALM + "/agents/keys/" + agents.get(i).key().thumbprint()))
						.build());
					return lookup.statusCode() == 200;
				});
				double exchanges = rate(threads, window, (i) -> via
					.postToken(exchangeForm(subjects.get(i), ActorToken.create(agents.get(i).key(), agents.get(i).id(),
							URI.create(issuer))))
					.statusCode() == 200);
				System.out.printf("bench: round %d%s %s lookups/s %.0f exchanges/s %.0f%n", round,
						(round == 0) ? " (warm-up)" : "", name, lookups, exchanges);
			}
		}
	}

	interface Call {

		boolean ok(int thread) throws Exception;

	}

	/** Successful calls per second of {@code threads} threads calling for {@code window}; a failure fails the run. */
	private static double rate(int threads, Duration window, Call call) throws Exception {
		long end = System.nanoTime() + window.toNanos();
		List<CompletableFuture<Long>> counts = new ArrayList<>();
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			int thread = t;
			counts.add(CompletableFuture.supplyAsync(() -> {
				long done = 0;
				try {
					while (System.nanoTime() < end) {
						if (!call.ok(thread)) {
							throw new IllegalStateException("a call failed");
						}
						done++;
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return done;
			}, executor));
		}
		long total = 0;
		try {
			for (CompletableFuture<Long> count : counts) {
				total += count.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		return total / (double) window.toSeconds();
	}

	/**
	 * SIGKILL of a node under load: two merchants (each following the revocation feed through the proxy) answer an
	 * agent's signed and delegated requests, the agent exchanges tokens through the proxy, and key lookups run
	 * through it too. The merchants keep answering (cached keys, then lookups and the feed on the survivor); an
	 * agent suspended and a grant revoked while the node is down are refused by both merchants; the node restarts,
	 * rejoins and knows both. The figures are printed for docs/reliability.md.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void aNodeKilledUnderLoadFromTwoMerchantsAndAnAgentLosesNoRevocationAndRejoins() throws Exception {
		KeycloakServer proxy = cluster.proxy();
		URI realm = proxy.uri("/realms/" + REALM);
		Agent agent = register(a, "Cluster fault agent");
		Agent victim = register(b, "Cluster fault victim");
		DelegationClient viaProxy = new DelegationClient(HttpClient.newHttpClient(), realm, OPERATOR,
				"demo-operator-secret");
		String subject = consent(client(a), agent, "alice");
		String revokedSubject = consent(client(b), agent, "bob");
		String token = exchanged(viaProxy, agent, subject);
		String revokedToken = exchanged(viaProxy, agent, revokedSubject);
		String revokedGrant = SignedJWT.parse(revokedSubject).getJWTClaimsSet().getStringClaim(DelegationClaims.AGENT_GRANT);

		List<MerchantServer> merchants = startMerchants(realm);
		HttpClient http = HttpClient.newHttpClient();
		try {
			for (MerchantServer merchant : merchants) {
				// every key and token seen once, so the merchants hold them when the node dies
				assertThat(awaitOutcome(http, merchant, agent.key(), token, "200")).isEqualTo("200");
				assertThat(awaitOutcome(http, merchant, victim.key(), null, "200")).isEqualTo("200");
				assertThat(awaitOutcome(http, merchant, agent.key(), revokedToken, "200")).isEqualTo("200");
			}
			List<LoadLoop> loads = new ArrayList<>();
			for (MerchantServer merchant : merchants) {
				java.util.concurrent.atomic.AtomicBoolean delegated = new java.util.concurrent.atomic.AtomicBoolean();
				loads.add(LoadLoop.start(1, () -> outcome(http.send(merchant.signedProducts(agent.key(),
						delegated.getAndSet(!delegated.get()) ? token : null, Duration.ofSeconds(30)),
						HttpResponse.BodyHandlers.ofString()))));
			}
			LoadLoop exchanges = LoadLoop.start(1, () -> outcome(viaProxy.postToken(exchangeForm(subject,
					ActorToken.create(agent.key(), agent.id(), URI.create(issuer))))));
			LoadLoop lookups = LoadLoop.start(1, () -> new LoadLoop.Outcome(proxy.send(java.net.http.HttpRequest
				.newBuilder(proxy.uri("/realms/" + REALM + "/agents/keys/" + agent.key().thumbprint()))
				.timeout(Duration.ofSeconds(30))
				.build()).statusCode(), null));
			Map<String, Integer> exchangesBefore;
			Instant killed;
			long suspendedAfterMillis;
			long revokedAfterMillis;
			long exchangeRecoveredAfterMillis;
			try {
				// load runs before the node dies: this sleep lets it
				Thread.sleep(2000);
				exchangesBefore = exchanges.outcomes();
				cluster.kill(0);
				killed = Instant.now();
				Instant exchangeOk = Eventually.poll(Duration.ofSeconds(30), Duration.ofMillis(20), () -> {
					try {
						HttpResponse<String> response = viaProxy.postToken(exchangeForm(subject,
								ActorToken.create(agent.key(), agent.id(), URI.create(issuer))));
						return (response.statusCode() == 200) ? Instant.now() : null;
					}
					catch (java.io.IOException ex) {
						return null;
					}
				}, java.util.Objects::nonNull);
				assertThat(exchangeOk).as("a token exchange through the proxy after the kill").isNotNull();
				exchangeRecoveredAfterMillis = Duration.between(killed, exchangeOk).toMillis();
				// while node a is down: suspend the victim and revoke bob's grant on node b
				assertThat(b.admin("POST", "/admin/realms/" + REALM + "/agents/" + victim.id() + "/suspend", null)
					.statusCode()).isEqualTo(200);
				Instant suspended = Instant.now();
				for (MerchantServer merchant : merchants) {
					assertThat(awaitOutcome(http, merchant, victim.key(), null, "403 agent_suspended"))
						.as("the suspension made while a node is down, at " + merchant.uri("/"))
						.isEqualTo("403 agent_suspended");
				}
				suspendedAfterMillis = Duration.between(suspended, Instant.now()).toMillis();
				HttpResponse<String> revoked = b.admin("DELETE", "/admin/realms/" + REALM + "/agents/grants/" + revokedGrant,
						null);
				assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
				Instant revokedAt = Instant.now();
				for (MerchantServer merchant : merchants) {
					assertThat(awaitOutcome(http, merchant, agent.key(), revokedToken, "401 grant_revoked"))
						.as("the grant revoked while a node is down, at " + merchant.uri("/"))
						.isEqualTo("401 grant_revoked");
				}
				revokedAfterMillis = Duration.between(revokedAt, Instant.now()).toMillis();
			}
			finally {
				for (LoadLoop load : loads) {
					load.close();
				}
				exchanges.close();
				lookups.close();
			}
			System.out.printf("Keycloak node killed under load: merchant 1 %s (p50 %.1f ms, p99 %.1f ms), merchant 2 %s "
					+ "(p50 %.1f ms, p99 %.1f ms); token exchanges %s (before the kill %s, p99 %.1f ms), first one "
					+ "accepted %d ms after the kill; key lookups through the proxy %s; suspension refused by both "
					+ "merchants %d ms after it was made, grant revocation %d ms%n",
					loads.get(0).outcomes(), loads.get(0).percentileMillis(50), loads.get(0).percentileMillis(99),
					loads.get(1).outcomes(), loads.get(1).percentileMillis(50), loads.get(1).percentileMillis(99),
					exchanges.outcomes(), exchangesBefore, exchanges.percentileMillis(99), exchangeRecoveredAfterMillis,
					lookups.outcomes(), suspendedAfterMillis, revokedAfterMillis);
			for (LoadLoop load : loads) {
				assertThat(load.outcomes()).as("merchants answer every request while a node dies").containsOnlyKeys("200");
			}
			assertThat(lookups.outcomes()).as("lookups through the proxy while a node dies").containsOnlyKeys("200");

			int logged = java.nio.file.Files.readString(cluster.log(0)).length();
			Instant restarting = Instant.now();
			cluster.restart(0);
			long restartMillis = Duration.between(restarting, Instant.now()).toMillis();
			assertThat(status(a, victim)).isEqualTo("suspended");
			assertThat(java.nio.file.Files.readString(cluster.log(0)).substring(logged))
				.as("the restarted node rejoined: a view of two members")
				.containsPattern("ISPN000094: Received new cluster view .*\\(2\\)");
			HttpResponse<String> afterRestart = client(a).postToken(exchangeForm(revokedSubject,
					ActorToken.create(agent.key(), agent.id(), URI.create(issuer))));
			assertThat(afterRestart.statusCode()).as("the restarted node knows the revoked grant").isEqualTo(400);
			System.out.printf("Keycloak node restarted and rejoined in %d ms%n", restartMillis);
		}
		finally {
			merchants.forEach(MerchantServer::stop);
		}
	}

	private static List<MerchantServer> startMerchants(URI realm) throws Exception {
		List<CompletableFuture<MerchantServer>> starting = new ArrayList<>();
		for (int i = 1; i <= 2; i++) {
			String name = "merchant-cluster-" + i;
			starting.add(CompletableFuture.supplyAsync(() -> MerchantServer.start(name, realm, List.of())));
		}
		List<MerchantServer> merchants = new ArrayList<>();
		for (CompletableFuture<MerchantServer> merchant : starting) {
			merchants.add(merchant.get(3, TimeUnit.MINUTES));
		}
		return merchants;
	}

	private static String exchanged(DelegationClient via, Agent agent, String subject) throws Exception {
		HttpResponse<String> response = via.postToken(exchangeForm(subject,
				ActorToken.create(agent.key(), agent.id(), URI.create(issuer))));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) KeycloakServer.json(response.body()).get("access_token");
	}

	/** Sends a signed products request until its outcome is {@code expected} (30 s at most); the last outcome. */
	private static String awaitOutcome(HttpClient http, MerchantServer merchant, AgentKeyPair key, String token,
			String expected) {
		return Eventually.poll(Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
			try {
				return outcome(http.send(merchant.signedProducts(key, token, Duration.ofSeconds(30)),
						HttpResponse.BodyHandlers.ofString())).toString();
			}
			catch (Exception ex) {
				return "error " + ex;
			}
		}, expected::equals);
	}

	/** Status and, for a problem (or an OAuth error), its code. */
	private static LoadLoop.Outcome outcome(HttpResponse<String> response) {
		String code = null;
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (type.startsWith("application/problem+json")) {
			code = (String) KeycloakServer.json(response.body()).get("code");
		}
		else if (response.statusCode() >= 400 && type.startsWith("application/json")) {
			code = (String) KeycloakServer.json(response.body()).get("error");
		}
		return new LoadLoop.Outcome(response.statusCode(), code);
	}

	// helpers

	private static String signalAgent(String realm, String name) throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		HttpResponse<String> created = a.admin("POST", "/admin/realms/" + realm + "/agents", JSONObjectUtils
			.toJSONString(Map.of("name", name, "keys", List.of(Map.of("jwk", JSONObjectUtils.parse(key.publicJwkJson()))))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return (String) KeycloakServer.json(created.body()).get("id");
	}

	private static int push(KeycloakServer node, String realm, String token, String set) {
		HttpResponse<String> response = node.send(java.net.http.HttpRequest
			.newBuilder(node.uri("/realms/" + realm + "/agents/signals"))
			.header("Content-Type", SignalSets.MEDIA_TYPE)
			.header("Authorization", "Bearer " + token)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(set))
			.build());
		return response.statusCode();
	}

	private static String agentStatus(KeycloakServer node, String realm, String agentId) {
		HttpResponse<String> response = node.admin("GET", "/admin/realms/" + realm + "/agents/" + agentId, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return String.valueOf(KeycloakServer.json(response.body()).get("status")).toLowerCase(Locale.ROOT);
	}

	record Agent(String id, AgentKeyPair key) {
	}

	private static Agent register(KeycloakServer node, String name) throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		Map<String, Object> agent = new LinkedHashMap<>();
		agent.put("name", name);
		agent.put("operator", OPERATOR);
		agent.put("keys", List.of(Map.of("jwk", JSONObjectUtils.parse(key.publicJwkJson()))));
		HttpResponse<String> created = node.admin("POST", "/admin/realms/" + REALM + "/agents",
				JSONObjectUtils.toJSONString(agent));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Agent((String) KeycloakServer.json(created.body()).get("id"), key);
	}

	/** The agent's status in the public key lookup of {@code node}, lower case. */
	private static String status(KeycloakServer node, Agent agent) {
		HttpResponse<String> lookup = node.send(java.net.http.HttpRequest
			.newBuilder(node.uri("/realms/" + REALM + "/agents/keys/" + agent.key().thumbprint()))
			.build());
		assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
		return String.valueOf(KeycloakServer.json(lookup.body()).get("agent_status")).toLowerCase(Locale.ROOT);
	}

	private static DelegationClient client(KeycloakServer node) {
		// the node's own address, but the cluster's issuer: tokens name the proxy, whichever node issued them
		return new DelegationClient(HttpClient.newHttpClient(), node.uri("/realms/" + REALM), OPERATOR,
				"demo-operator-secret");
	}

	/** The consent flow for {@code user} through {@code via}; the consumer token with the grant. */
	private static String consent(DelegationClient via, Agent agent, String user) throws Exception {
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		Pkce pkce = Pkce.generate();
		browser.open(via.authorizationUri(agent.id(), "products:read cart:write", LIMITS, REDIRECT,
				UUID.randomUUID().toString(), pkce));
		browser.login(user, user);
		browser.approve(null);
		assertThat(browser.result()).as(browser.page()).containsKey("code");
		String token = (String) via.redeemCode(browser.result().get("code"), REDIRECT, pkce).get("access_token");
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getIssuer()).isEqualTo(issuer);
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim(DelegationClaims.AGENT_GRANT)).isNotBlank();
		return token;
	}

	private static Map<String, String> exchangeForm(String subjectToken, String actorToken) {
		return TokenExchangeForm.subject(subjectToken, DelegationClaims.ACCESS_TOKEN_TYPE)
			.actor(actorToken, ActorToken.TOKEN_TYPE)
			.audience(MERCHANT)
			.build();
	}

	private static void drain(KeycloakServer node, String token, String receiver) {
		List<String> ack = List.of();
		while (true) {
			Map<String, Object> polled = poll(node, token, receiver, ack, true);
			ack = List.copyOf(sets(polled).keySet());
			if (ack.isEmpty()) {
				return;
			}
		}
	}

	private static Map<String, Object> poll(KeycloakServer node, String token, String receiver, List<String> ack,
			boolean immediately) {
		try {
			String body = JSONObjectUtils.toJSONString(Map.of("ack", ack, "returnImmediately", immediately,
					"receiver", receiver, "maxEvents", 1000));
			HttpResponse<String> response = node.withToken(token, "POST", "/realms/" + REALM + "/agents/events", body);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return JSONObjectUtils.parse(response.body());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> sets(Map<String, Object> polled) {
		return (Map<String, Object>) polled.getOrDefault("sets", Map.of());
	}

	/** The subjects of the polled events (the claims are read, not verified: the feed tests verify them). */
	@SuppressWarnings("unchecked")
	private static List<String> subjects(Map<String, Object> polled) throws Exception {
		List<String> subjects = new java.util.ArrayList<>();
		for (Object set : sets(polled).values()) {
			Map<String, Object> events = (Map<String, Object>) SignedJWT.parse((String) set).getJWTClaimsSet()
				.getClaim("events");
			for (Object event : events.values()) {
				subjects.add((String) ((Map<String, Object>) event).get("subject"));
			}
		}
		return subjects;
	}

}
