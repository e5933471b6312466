package dev.agentauth.it.merchant;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer 1 end to end: agents registered in a real Keycloak, requests signed by agent-client, verified by the demo
 * merchant (the starter) running as its own process. Each refusal asserts status and problem code.
 */
class MerchantEndToEndTests {

	private static final String REALM = "agentic-commerce";

	private static final byte[] CART = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":2}]}"
		.getBytes(StandardCharsets.UTF_8);

	private static KeycloakServer keycloak;

	private static MerchantServer merchant;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		keycloak = KeycloakServer.get();
		merchant = MerchantServer.get();
	}

	@Test
	void signedRequestsOfARegisteredAgentAreAccepted() throws Exception {
		Agent agent = registerAgent();
		assertThat(send(agent.signer.sign(get("/api/v1/products"), null), null).statusCode()).isEqualTo(200);
		HttpResponse<String> cart = send(agent.signer.sign(post("/api/v1/cart"), CART), CART);
		assertThat(cart.statusCode()).isEqualTo(200);
		assertThat(cart.body()).contains(agent.id);
	}

	@Test
	void tamperedBodyIsRefusedWithDigestMismatch() throws Exception {
		Agent agent = registerAgent();
		byte[] tampered = new String(CART, StandardCharsets.UTF_8).replace("2}", "9}").getBytes(StandardCharsets.UTF_8);
		assertRefused(send(agent.signer.sign(post("/api/v1/cart"), CART), tampered), 401, "digest_mismatch");
	}

	@Test
	void changedMethodPathOrQueryIsRefusedAsInvalidSignature() throws Exception {
		Agent agent = registerAgent();
		HttpRequest signed = agent.signer.sign(post("/api/v1/cart"), CART);
		assertRefused(send(signed, "PUT", signed.uri().toString(), CART), 401, "signature_invalid");
		signed = agent.signer.sign(post("/api/v1/cart"), CART);
		assertRefused(send(signed, "POST", merchant.uri("/api/v1/checkout").toString(), CART), 401,
				"signature_invalid");
		HttpRequest query = agent.signer.sign(get("/api/v1/products?page=1"), null);
		assertRefused(send(query, "GET", merchant.uri("/api/v1/products?page=2").toString(), null), 401,
				"signature_invalid");
	}

	@Test
	void bodyWithoutContentDigestIsRefused() throws Exception {
		Agent agent = registerAgent();
		// signed as if there were no body: no Content-Digest header, content-digest not covered
		HttpRequest signed = agent.signer.sign(post("/api/v1/cart"), null);
		HttpResponse<String> response = send(signed, CART);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(code(response)).isIn("digest_missing", "component_missing");
	}

	@Test
	void replayedRequestIsRefused() throws Exception {
		Agent agent = registerAgent();
		HttpRequest signed = agent.signer.sign(post("/api/v1/cart"), CART);
		assertThat(send(signed, CART).statusCode()).isEqualTo(200);
		assertRefused(send(signed, CART), 401, "nonce_replayed");
	}

	@Test
	void expiredAndFutureDatedSignaturesAreRefused() throws Exception {
		Agent agent = registerAgent();
		AgentRequestSigner past = new AgentRequestSigner(agent.key.signingKey(),
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)), Duration.ofSeconds(60), false);
		assertRefused(send(past.sign(get("/api/v1/products"), null), null), 401, "signature_expired");
		AgentRequestSigner future = new AgentRequestSigner(agent.key.signingKey(),
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), Duration.ofSeconds(60), false);
		assertRefused(send(future.sign(get("/api/v1/products"), null), null), 401, "signature_not_yet_valid");
	}

	@Test
	void unknownKeyIsRefused() throws Exception {
		AgentRequestSigner stranger = new AgentRequestSigner(AgentKeyPair.generateEd25519());
		assertRefused(send(stranger.sign(get("/api/v1/products"), null), null), 401, "unknown_key");
	}

	@Test
	void algorithmOtherThanTheKeysIsRefused() throws Exception {
		Agent agent = registerAgent();
		HttpRequest signed = agent.signer.sign(get("/api/v1/products"), null);
		String input = signed.headers().firstValue("Signature-Input").orElseThrow() + ";alg=\"hmac-sha256\"";
		HttpRequest.Builder builder = HttpRequest.newBuilder(signed.uri()).GET();
		signed.headers().map().forEach((name, values) -> {
			if (!name.equalsIgnoreCase("Signature-Input")) {
				values.forEach((value) -> builder.header(name, value));
			}
		});
		builder.header("Signature-Input", input);
		HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		assertRefused(response, 401, "algorithm_not_allowed");
	}

	@Test
	void suspendedAgentIsForbidden() throws Exception {
		Agent agent = registerAgent();
		assertThat(keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id + "/suspend", null)
			.statusCode()).isEqualTo(200);
		assertRefused(send(agent.signer.sign(get("/api/v1/products"), null), null), 403, "agent_suspended");
	}

	@Test
	void revokedKeyIsRefused() throws Exception {
		Agent agent = registerAgent();
		assertThat(keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id + "/keys/"
				+ agent.key.thumbprint() + "/revoke", null).statusCode()).isEqualTo(200);
		assertRefused(send(agent.signer.sign(get("/api/v1/products"), null), null), 401, "key_revoked");
	}

	@Test
	void retiredKeyIsRefusedAfterItsOverlapWindow() throws Exception {
		Agent agent = registerAgent();
		assertThat(keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id + "/keys/"
				+ agent.key.thumbprint() + "/retire", null).statusCode()).isEqualTo(200);
		// the test Keycloak runs with a short overlap window; wait until it has passed
		Thread.sleep(Duration.ofSeconds(KeycloakServer.ROTATION_OVERLAP_SECONDS + 2));
		assertRefused(send(agent.signer.sign(get("/api/v1/products"), null), null), 401, "key_expired");
	}

	private record Agent(String id, AgentKeyPair key, AgentRequestSigner signer) {
	}

	private static Agent registerAgent() {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"e2e-" + UUID.randomUUID() + "\",\"keys\":[{\"jwk\":" + key.publicJwkJson() + "}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Agent((String) KeycloakServer.json(created.body()).get("id"), key, new AgentRequestSigner(key));
	}

	private static HttpRequest get(String path) {
		return HttpRequest.newBuilder(merchant.uri(path)).GET().build();
	}

	private static HttpRequest post(String path) {
		return HttpRequest.newBuilder(merchant.uri(path)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(CART)).build();
	}

	private HttpResponse<String> send(HttpRequest signed, byte[] body) throws Exception {
		return send(signed, signed.method(), signed.uri().toString(), body);
	}

	/** Sends the signed headers with a method, URI and body that may differ from what was signed. */
	private HttpResponse<String> send(HttpRequest signed, String method, String uri, byte[] body) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(java.net.URI.create(uri));
		signed.headers().map().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		builder.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(body));
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String code(HttpResponse<String> response) {
		Map<String, Object> problem = KeycloakServer.json(response.body());
		return (String) problem.get("code");
	}

	private static void assertRefused(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(code(response)).isEqualTo(code);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Signature error=\"" + code + "\"");
		if (status == 401) {
			assertThat(response.headers().firstValue("Accept-Signature")).isPresent();
		}
	}

}
