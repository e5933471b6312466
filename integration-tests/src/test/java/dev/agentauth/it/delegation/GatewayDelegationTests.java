package dev.agentauth.it.delegation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's runnable jar ({@code java -jar agent-auth-gateway.jar}, a real process) in front of an unmodified
 * upstream (the JDK's HTTP server), against the real Keycloak: agents registered there, Alice's consent, the token
 * exchange, then layers 1 and 2 through the gateway, identity headers at the upstream, and the grant's budget
 * reserved from a JSON pointer, kept or released by the upstream's status; revocation from the feed.
 */
class GatewayDelegationTests {

	private static final String REALM = DelegationFixture.REALM;

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final BlockingQueue<Map<String, List<String>>> received = new LinkedBlockingQueue<>();

	private static HttpServer upstream;

	private static Process gateway;

	private static URI gatewayUri;

	private static KeycloakServer keycloak;

	@BeforeAll
	static void start() throws Exception {
		DelegationFixture.start();
		keycloak = KeycloakServer.get();
		upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		upstream.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			received.add(Map.copyOf(exchange.getRequestHeaders()));
			String query = exchange.getRequestURI().getRawQuery();
			int status = (query != null && query.startsWith("status=")) ? Integer.parseInt(query.substring(7)) : 200;
			byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		int port = freePort();
		gatewayUri = URI.create("http://127.0.0.1:" + port);
		Path jar = Path.of(System.getProperty("agentauth.gateway.jar", "../agent-auth-gateway/target/agent-auth-gateway-0.1.0-SNAPSHOT.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No gateway jar at " + jar + "; run through Maven");
		}
		String routes = "--spring.cloud.gateway.server.webmvc.routes[0].";
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", jar.toString(), "--server.port=" + port,
				"--agentauth.registry.issuer-uri=" + keycloak.uri("/realms/" + REALM),
				"--agentauth.signature.public-base-uri=" + gatewayUri, "--agentauth.protected-paths=/api/**",
				"--agentauth.merchant-id=demo-merchant", "--agentauth.revocation.client-secret=demo-merchant-secret",
				routes + "id=shop", routes + "uri=http://127.0.0.1:" + upstream.getAddress().getPort(),
				routes + "predicates[0]=Path=/api/**",
				"--agentauth.gateway.purchases[0].paths=/api/v1/checkout",
				"--agentauth.gateway.purchases[0].amount=/total",
				"--agentauth.gateway.purchases[0].currency=/currency",
				"--agentauth.gateway.purchases[0].scope=checkout:create"));
		gateway = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "gateway.log").toFile()))
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(gateway::destroy));
		awaitReady();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (gateway != null) {
			gateway.destroy();
			gateway.waitFor();
		}
		if (upstream != null) {
			upstream.stop(0);
		}
	}

	@Test
	void signedRequestsAndDelegatedPurchasesReachTheUpstreamWithIdentityAndWithinTheBudget() throws Exception {
		Agent agent = Agent.register("Through the gateway");
		// layer 1 only
		HttpResponse<String> products = send(agent, get("/api/v1/products"), null);
		assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
		Map<String, List<String>> headers = next();
		assertThat(headers.get("Agent-auth-agent-id")).containsExactly(agent.id());
		assertThat(headers.get("Agent-auth-operator")).containsExactly(DelegationFixture.OPERATOR);
		assertThat(headers).doesNotContainKey("Agent-auth-consumer");

		// layer 2: Alice's consent (max 50.00 EUR per purchase, 200.00 EUR per month), token exchange
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		String token = (String) DelegationFixture.operator.exchange(agent.key(), agent.id(), consent.accessToken(),
				DelegationFixture.MERCHANT, "products:read checkout:create", null).get("access_token");
		String alice = SignedJWT.parse(consent.accessToken()).getJWTClaimsSet().getSubject();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> bought = checkout(agent, token, "", "45.00");
			assertThat(bought.statusCode()).as(bought.body()).isEqualTo(200);
			Map<String, List<String>> checkout = next();
			assertThat(checkout.get("Agent-auth-consumer")).containsExactly(alice);
			assertThat(checkout.get("Agent-auth-grant")).containsExactly(consent.grantId());
			assertThat(checkout.get("Agent-auth-scopes")).containsExactly("products:read checkout:create");
		}
		// 180.00 of 200.00 spent; over max_amount is refused before the upstream
		assertRefused(checkout(agent, token, "", "79.80"), 403, "spend_limit_exceeded");
		// the upstream refuses the order: its 20.00 is given back
		assertThat(checkout(agent, token, "?status=409", "20.00").statusCode()).isEqualTo(409);
		next();
		assertThat(checkout(agent, token, "", "20.00").statusCode()).isEqualTo(200);
		next();
		// 200.00 spent: the budget is exhausted
		assertRefused(checkout(agent, token, "", "0.01"), 403, "spend_limit_exceeded");
		assertThat(received).isEmpty();

		// Alice revokes the grant in Keycloak: the gateway learns it from the revocation feed
		assertThat(consent.revokeInAccountConsole().statusCode()).isEqualTo(204);
		HttpResponse<String> refused = Eventually.poll(Duration.ofSeconds(15), Duration.ofMillis(200),
				() -> send(agent, get("/api/v1/products").header("Authorization", "Agent " + token), null),
				(response) -> response.statusCode() != 200);
		assertRefused(refused, 401, "grant_revoked");
	}

	private static HttpResponse<String> checkout(Agent agent, String token, String query, String total)
			throws Exception {
		byte[] body = ("{\"total\":\"" + total + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"tea-001\"}]}")
			.getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = HttpRequest.newBuilder(gatewayUri.resolve("/api/v1/checkout" + query))
			.header("Content-Type", "application/json")
			.header("Authorization", "Agent " + token)
			.POST(HttpRequest.BodyPublishers.noBody());
		return send(agent, request, body);
	}

	private static HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(gatewayUri.resolve(path)).GET();
	}

	private static HttpResponse<String> send(Agent agent, HttpRequest.Builder request, byte[] body) throws Exception {
		return http.send(new AgentRequestSigner(agent.key()).sign(request.build(), body),
				HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, List<String>> next() throws InterruptedException {
		Map<String, List<String>> headers = received.poll(5, TimeUnit.SECONDS);
		assertThat(headers).as("a request at the upstream").isNotNull();
		return headers;
	}

	private static void assertRefused(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(KeycloakServer.json(response.body())).as(response.body()).containsEntry("code", code);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitReady() throws InterruptedException {
		boolean up = Eventually.poll(Duration.ofSeconds(120), Duration.ofMillis(500), () -> {
			if (!gateway.isAlive()) {
				throw new IllegalStateException("The gateway exited during start-up; see target/gateway.log");
			}
			try {
				http.send(HttpRequest.newBuilder(gatewayUri.resolve("/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding());
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}, Boolean::booleanValue);
		if (up) {
			return;
		}
		gateway.destroy();
		throw new IllegalStateException("The gateway did not start within 120 s; see target/gateway.log");
	}

}
