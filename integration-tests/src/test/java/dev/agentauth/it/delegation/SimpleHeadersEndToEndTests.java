package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.signature.SimpleHeaderVerifier;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's header scheme as an opt-in profile, end to end: the demo merchant (a process) with
 * {@code agentauth.compat.simple-headers.enabled=true} resolves the agent id through the real registry's JWKS;
 * the attack the scheme allows is visible; the shared merchant (profile off) refuses the same request; the demo
 * agent's {@code --simple-headers} mode runs against it.
 */
class SimpleHeadersEndToEndTests {

	private static final byte[] CART = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":1}]}".getBytes(StandardCharsets.UTF_8);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static KeycloakServer keycloak;

	private static MerchantServer compat;

	@BeforeAll
	static void start() {
		DelegationFixture.start();
		keycloak = KeycloakServer.get();
		compat = MerchantServer.start("merchant-simple-headers", List.of("--agentauth.compat.simple-headers.enabled=true"));
	}

	@AfterAll
	static void stop() {
		if (compat != null) {
			compat.stop();
		}
	}

	@Test
	void aRegisteredAgentSigningWithTheSimpleHeadersIsAcceptedAndItsLimitationIsVisible() throws Exception {
		Agent agent = Agent.register("Legacy header agent");
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		HttpResponse<String> products = send(simple(compat.uri("/api/v1/products"), "GET", agent, timestamp, null));
		assertThat(products.statusCode()).as(products.body()).isEqualTo(200);

		// meant for the cart, moved to checkout: authenticated (403 for the missing delegation, not 401)
		HttpResponse<String> moved = send(simple(compat.uri("/api/v1/checkout"), "POST", agent, timestamp, CART));
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(403);
		assertThat(moved.body()).contains("insufficient_scope");
		HttpResponse<String> meant = send(simple(compat.uri("/api/v1/cart"), "POST", agent, timestamp, CART));
		assertThat(meant.statusCode()).isEqualTo(401);
		assertThat(meant.body()).contains("nonce_replayed");

		// suspended in Keycloak: refused with the registry's code once the merchant learns it
		keycloak.admin("POST", "/admin/realms/" + DelegationFixture.REALM + "/agents/" + agent.id() + "/suspend", null);
		HttpResponse<String> suspended = Eventually.poll(Duration.ofSeconds(10), Duration.ofMillis(200),
				() -> send(simple(compat.uri("/api/v1/products"), "GET", agent,
						Long.toString(Instant.now().getEpochSecond()), null)),
				(response) -> response.statusCode() == 403);
		assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(403);
		assertThat(suspended.body()).contains("agent_suspended");
	}

	@Test
	void anAgentIdThatIsADotSegmentIsRefusedAs401NotAsARegistryOutage() throws Exception {
		// {issuer}/agents/../jwks is another endpoint of the real registry: before the syntax check this was 503
		// registry_unavailable, outage noise anyone could produce
		Agent agent = Agent.register("Dot segment agent");
		for (String id : List.of(".", "..")) {
			String timestamp = Long.toString(Instant.now().getEpochSecond());
			HttpResponse<String> refused = send(simple(compat.uri("/api/v1/products"), "GET",
					new Agent(id, agent.key()), timestamp, null));
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
			assertThat(refused.body()).contains("agent_id_malformed");
		}
	}

	@Test
	void theSharedMerchantWithoutTheProfileRefusesIt() throws Exception {
		Agent agent = Agent.register("Refused legacy agent");
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		HttpResponse<String> refused = send(simple(MerchantServer.get().uri("/api/v1/cart"), "POST", agent, timestamp,
				CART));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("signature_malformed");
	}

	@Test
	void theDemoAgentRunsInSimpleHeaderMode() throws Exception {
		Path jar = Path.of(System.getProperty("agentauth.demo-agent.jar", "../demo-agent/target/demo-agent.jar"));
		assertThat(jar).isRegularFile();
		Path log = Path.of("target", "demo-agent-simple-headers.log");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar.toString(), "--simple-headers", "--keycloak", keycloak.baseUri().toString(), "--merchant",
				compat.uri("/").toString().replaceAll("/$", ""))
			.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("All steps behaved as expected.").contains("403 insufficient_scope")
			.contains("401 nonce_replayed").contains("401 signature_invalid");
	}

	private static HttpRequest simple(URI uri, String method, Agent agent, String timestamp, byte[] body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.header(SimpleHeaderVerifier.AGENT_ID, agent.id())
			.header(SimpleHeaderVerifier.TIMESTAMP, timestamp)
			.header(SimpleHeaderVerifier.SIGNATURE, SimpleHeaderVerifier.sign(agent.key().signingKey(), body, timestamp));
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		return builder.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(body)).build();
	}

	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
