package dev.agentauth.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.digest.ContentDigest;
import dev.agentauth.core.key.AgentStatus;

import static dev.agentauth.gateway.GatewayHttpTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real nginx with the shipped {@code deploy/nginx/agent-auth-gateway.conf} in front of an unmodified upstream
 * (the JDK's HTTP server), asking the gateway's verify endpoint through {@code auth_request}; agents sign for
 * nginx's URL.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "agentauth.protected-paths=/api/**", "agentauth.gateway.verify.enabled=true" })
class NginxAuthRequestTests {

	static final Upstream upstream = Upstream.start();

	static final int gatewayPort = Upstream.closedPort();

	static final int nginxPort = Upstream.closedPort();

	static Nginx nginx;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry properties) {
		properties.add("server.port", () -> gatewayPort);
		properties.add("agentauth.registry.issuer-uri", upstream::issuer);
		properties.add("agentauth.signature.public-base-uri", () -> "http://127.0.0.1:" + nginxPort);
		// for the body-carrying route that nginx sends through the gateway as a proxy
		Upstream.route(properties, 0, "shop", upstream::port, "/api/**");
	}

	@BeforeAll
	static void startNginx() {
		nginx = Nginx.start(Path.of("../deploy/nginx/agent-auth-gateway.conf"), nginxPort, gatewayPort,
				upstream.port());
	}

	@AfterAll
	static void stop() {
		if (nginx != null) {
			nginx.stop();
		}
		upstream.stop();
	}

	@BeforeEach
	void forgetRequests() {
		upstream.clear();
	}

	@Test
	void getWhenSignedThenUpstreamGetsIdentityHeaders() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		HttpResponse<String> response = send(signer.sign(get("/api/products?page=2&q=a%20b"), null));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"ok\":true}");
		Upstream.Received received = upstream.next();
		assertThat(received.path()).isEqualTo("/api/products");
		assertThat(received.query()).isEqualTo("page=2&q=a%20b");
		assertThat(received.header("Agent-Auth-Agent-Id")).isEqualTo("agent-1");
		assertThat(received.header("Agent-Auth-Key-Id")).isEqualTo(signer.keyId());
		assertThat(received.header("Agent-Auth-Operator")).isEqualTo("operator-1");
		assertThat(received.header("Agent-Auth-Risk-Decision")).isNotBlank();
		assertThat(received.hasHeader("Agent-Auth-Consumer")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Body-Digest")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Problem")).isFalse();
	}

	@Test
	void getWhenUnsignedThenProblemPassedThrough() throws Exception {
		HttpResponse<String> response = send(get("/api/products"));
		assertProblem(response, 401, "signature_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Signature error=\"signature_missing\"");
		assertThat(response.headers().firstValue("Accept-Signature")).isPresent();
		assertThat(response.headers().map().keySet()).noneMatch((name) -> name.toLowerCase().startsWith("agent-auth-"));
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void getWhenReplayedThenNonceReplayed() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(get("/api/products"), null);
		assertThat(send(signed).statusCode()).isEqualTo(200);
		upstream.clear();
		assertProblem(send(signed), 401, "nonce_replayed");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void getWhenAgentSuspendedThenForbiddenProblem() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.SUSPENDED);
		HttpResponse<String> response = send(signer.sign(get("/api/products"), null));
		assertProblem(response, 403, "agent_suspended");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Signature error=\"agent_suspended\"");
	}

	@Test
	void getWhenClientSendsIdentityHeadersThenReplaced() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		HttpRequest spoofed = HttpRequest.newBuilder(signer.sign(get("/api/products"), null), (name, value) -> true)
			.header("Agent-Auth-Agent-Id", "someone-else")
			.header("Agent-Auth-Consumer", "victim")
			.header("Agent-Auth-Scopes", "checkout:create")
			.build();
		assertThat(send(spoofed).statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.headers().get("agent-auth-agent-id")).containsExactly("agent-1");
		assertThat(received.hasHeader("Agent-Auth-Consumer")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Scopes")).isFalse();
	}

	@Test
	void postWhenSignedThroughAuthRequestThenDigestLeftToUpstream() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		byte[] body = "{\"sku\":\"tea\",\"qty\":1}".getBytes();
		HttpResponse<String> response = send(signer.sign(post("/api/cart"), body));
		assertThat(response.statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.body()).isEqualTo(body);
		// auth_request saw no body: the upstream is told so, and has the signed digest to check
		assertThat(received.header("Agent-Auth-Body-Digest")).isEqualTo("unverified");
		assertThat(received.header("Content-Digest")).isEqualTo(ContentDigest.compute(body));
	}

	@Test
	void postWhenSignedWithoutContentDigestThenComponentMissing() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		// signed as a request without a body, then sent with one: the signature must cover a Content-Digest
		HttpRequest signed = signer.sign(post("/api/cart"), null);
		HttpRequest withBody = HttpRequest.newBuilder(signed, (name, value) -> true)
			.POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"gold\"}"))
			.build();
		assertProblem(send(withBody), 401, "component_missing");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void postWhenRouteProxiedThroughGatewayThenBodyVerified() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		byte[] body = "{\"total\":\"15.00\"}".getBytes();
		HttpRequest signed = signer.sign(post("/api/checkout"), body);
		HttpRequest tampered = HttpRequest.newBuilder(signed, (name, value) -> true)
			.POST(HttpRequest.BodyPublishers.ofString("{\"total\":\"0.01\"}"))
			.build();
		assertProblem(send(tampered), 401, "digest_mismatch");
		assertThat(upstream.isEmpty()).isTrue();
		HttpRequest fresh = signer.sign(post("/api/checkout"), body);
		assertThat(send(fresh).statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.body()).isEqualTo(body);
		assertThat(received.header("Agent-Auth-Agent-Id")).isEqualTo("agent-1");
		assertThat(received.hasHeader("Agent-Auth-Body-Digest")).isFalse();
	}

	@Test
	void postWhenPathHasParametersThenRefusedAndNothingForwarded() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		byte[] body = "{\"total\":\"15.00\"}".getBytes();
		// an upstream that drops ";x" would run /api/checkout, but the route through the gateway would be skipped
		for (String path : new String[] { "/api/;x/checkout", "/api;x/checkout", "/api/checkout;x", "/api/%3Bx/checkout" }) {
			HttpRequest signed = signer.sign(post(path), body);
			HttpRequest tampered = HttpRequest.newBuilder(signed, (name, value) -> true)
				.POST(HttpRequest.BodyPublishers.ofString("{\"total\":\"0.01\"}"))
				.build();
			HttpResponse<String> response = send(tampered);
			assertProblem(response, 400, "path_parameters_refused");
			assertThat(upstream.isEmpty()).as(path).isTrue();
		}
	}

	@Test
	void postWhenPathIsPercentEncodedThenStillProxiedThroughGateway() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		byte[] body = "{\"total\":\"15.00\"}".getBytes();
		HttpRequest signed = signer.sign(post("/api/%63heckout"), body);
		HttpRequest tampered = HttpRequest.newBuilder(signed, (name, value) -> true)
			.POST(HttpRequest.BodyPublishers.ofString("{\"total\":\"0.01\"}"))
			.build();
		assertProblem(send(tampered), 401, "digest_mismatch");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void getWhenClientSendsIdentityHeadersSpelledWithUnderscoresThenNoneForwarded() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		HttpRequest spoofed = HttpRequest.newBuilder(signer.sign(get("/api/products"), null), (name, value) -> true)
			.header("Agent_Auth_Consumer", "alice")
			.header("AGENT_AUTH_AGENT_ID", "spoofed")
			.build();
		assertThat(send(spoofed).statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.headers().keySet()).noneMatch((name) -> name.contains("_"));
		assertThat(received.headers().get("agent-auth-agent-id")).containsExactly("agent-1");
		assertThat(received.hasHeader("Agent-Auth-Consumer")).isFalse();
	}

	@Test
	void verifyWhenCalledWithoutOriginalFieldsThenBadRequest() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/_agentauth/verify")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		Map<String, Object> problem = JSONObjectUtils.parse(response.body());
		assertThat(problem).containsEntry("code", "verify_request_malformed");
	}

	private static HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + path)).GET().build();
	}

	private static HttpRequest post(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
