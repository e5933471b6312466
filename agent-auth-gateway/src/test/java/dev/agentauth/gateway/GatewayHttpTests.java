package dev.agentauth.gateway;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.digest.ContentDigest;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.SigningKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway application on a real port in front of a real upstream (the JDK's HTTP server on another port),
 * over HTTP. Agents sign for the public base URI {@code https://shop.example.com}; the requests are then sent to
 * the gateway's loopback address, as a load balancer in front of it would.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agentauth.protected-paths=/api/**,/down/**,/plain/**", "agentauth.max-body-size=64KB",
				"agentauth.signature.public-base-uri=https://shop.example.com", "spring.http.clients.read-timeout=2s" })
class GatewayHttpTests {

	static final String PUBLIC_BASE = "https://shop.example.com";

	static final Upstream upstream = Upstream.start();

	static final ContentLengthUpstream plainUpstream = ContentLengthUpstream.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri", upstream::issuer);
		Upstream.route(properties, 0, "shop", upstream::port, "/api/**,/public/**");
		Upstream.route(properties, 1, "down", Upstream::closedPort, "/down/**");
		Upstream.route(properties, 2, "plain", plainUpstream::port, "/plain/**");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop();
		plainUpstream.stop();
	}

	@BeforeEach
	void forgetRequests() {
		upstream.clear();
	}

	@Test
	void getWhenSignedThenForwardedWithIdentityHeaders() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(signer.sign(get("/api/products?page=2&q=tea%20pot"), null));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"ok\":true}");
		Upstream.Received received = upstream.next();
		assertThat(received.method()).isEqualTo("GET");
		assertThat(received.path()).isEqualTo("/api/products");
		assertThat(received.query()).isEqualTo("page=2&q=tea%20pot");
		assertThat(received.header("Agent-Auth-Agent-Id")).isEqualTo("agent-1");
		assertThat(received.header("Agent-Auth-Key-Id")).isEqualTo(signer.keyId());
		assertThat(received.header("Agent-Auth-Operator")).isEqualTo("operator-1");
		// default risk mode is shadow: every forwarded request carries its decision
		assertThat(received.header("Agent-Auth-Risk-Decision")).isNotBlank();
		assertThat(received.header("Agent-Auth-Risk-Score")).matches("\\d{1,3}");
		// no delegation token: nothing about a consumer
		assertThat(received.hasHeader("Agent-Auth-Consumer")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Scopes")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Grant")).isFalse();
	}

	@Test
	void getWhenUnsignedThenProblemAndNothingForwarded() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(local("/api/products")).GET().build());
		assertProblem(response, 401, "signature_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Signature error=\"signature_missing\"");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void getWhenClientSendsIdentityHeadersThenTheyAreReplaced() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest spoofed = HttpRequest.newBuilder(signer.sign(get("/api/products"), null), (name, value) -> true)
			.header("Agent-Auth-Agent-Id", "someone-else")
			.header("agent-auth-consumer", "victim")
			.header("AGENT-AUTH-SCOPES", "checkout:create")
			.header("Agent-Auth-Grant", "grant-x")
			.header("Agent-Auth-Risk-Score", "0")
			.header("Agent-Auth-Anything", "x")
			.build();
		assertThat(send(spoofed).statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.headers().get("agent-auth-agent-id")).containsExactly("agent-1");
		assertThat(received.headers().get("agent-auth-risk-score")).hasSize(1).doesNotContain("0");
		assertThat(received.hasHeader("Agent-Auth-Consumer")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Scopes")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Grant")).isFalse();
		assertThat(received.hasHeader("Agent-Auth-Anything")).isFalse();
	}

	@Test
	void getWhenUnprotectedRouteThenClientIdentityHeadersStripped() throws Exception {
		HttpRequest spoofed = HttpRequest.newBuilder(local("/public/info"))
			.header("Agent-Auth-Agent-Id", "someone-else")
			.header("Agent-Auth-Consumer", "victim")
			.GET()
			.build();
		assertThat(send(spoofed).statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.headers().keySet()).noneMatch((name) -> name.startsWith("agent-auth-"));
	}

	@Test
	void postWhenSignedThenBodyForwardedByteExact() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		byte[] body = new byte[48 * 1024];
		ThreadLocalRandom.current().nextBytes(body);
		HttpRequest request = HttpRequest.newBuilder(URI.create(PUBLIC_BASE + "/api/upload"))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = send(signer.sign(request, body), body);
		assertThat(response.statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.body()).isEqualTo(body);
		// the upstream can check the agent's signed digest itself: it still matches the bytes it got
		assertThat(received.header("Content-Digest")).isEqualTo(ContentDigest.compute(body));
		assertThat(received.header("Signature-Input")).isNotNull();
		assertThat(received.header("Content-Type")).isEqualTo("application/octet-stream");
	}

	@Test
	void postWhenContentLengthThenUpstreamReadingOnlyContentLengthGetsTheSignedBody() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		byte[] body = "{\"sku\":\"tea\",\"qty\":2}".getBytes();
		HttpResponse<String> response = send(signer.sign(post("/plain/orders"), body), body);
		assertThat(response.statusCode()).isEqualTo(200);
		ContentLengthUpstream.Raw received = plainUpstream.next();
		// the same framing as the client's, over HTTP/1.1, and no attempt to upgrade the connection
		assertThat(received.requestLine()).isEqualTo("POST /plain/orders HTTP/1.1");
		assertThat(received.headers("Content-Length")).containsExactly(Integer.toString(body.length));
		assertThat(received.header("Transfer-Encoding")).isNull();
		assertThat(received.header("Upgrade")).isNull();
		assertThat(received.header("HTTP2-Settings")).isNull();
		assertThat(received.headers("Connection")).noneMatch((value) -> value.toLowerCase().contains("upgrade"));
		// nor a field the client did not send
		assertThat(received.header("Accept-Encoding")).isNull();
		assertThat(received.body()).isEqualTo(body);
		assertThat(received.header("Content-Digest")).isEqualTo(ContentDigest.compute(body));
	}

	@Test
	void getWhenNoBodyThenForwardedWithoutFramingOrFieldsTheClientDidNotSend() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(get("/plain/products?page=2"), null);
		HttpResponse<String> response = send(HttpRequest.newBuilder(signed, (name, value) -> true)
			.header("User-Agent", "shopping-agent/1.0")
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"ok\":true}");
		ContentLengthUpstream.Raw received = plainUpstream.next();
		assertThat(received.requestLine()).isEqualTo("GET /plain/products?page=2 HTTP/1.1");
		// no body: neither Content-Length nor chunked framing (a bodiless GET sent chunked confuses many upstreams)
		assertThat(received.header("Content-Length")).isNull();
		assertThat(received.header("Transfer-Encoding")).isNull();
		assertThat(received.header("Upgrade")).isNull();
		assertThat(received.header("HTTP2-Settings")).isNull();
		assertThat(received.header("Accept-Encoding")).isNull();
		// the agent's own User-Agent, once, not the HTTP client's
		assertThat(received.headers("User-Agent")).containsExactly("shopping-agent/1.0");
		assertThat(received.body()).isEmpty();
	}

	@Test
	void getWhenSeveralInARowOverKeptConnectionsThenEachAnswerForwardedWhole() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = send(signer.sign(get("/api/products?i=" + i), null));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"ok\":true}");
			assertThat(upstream.next().query()).isEqualTo("i=" + i);
		}
	}

	@Test
	void getWhenUpstreamRedirectsThenTheRedirectionIsForwardedNotFollowed() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(signer.sign(get("/api/products?status=302"), null));
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("/api/redirected");
		assertThat(upstream.next().query()).isEqualTo("status=302");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void postWhenClientSendsHopByHopFieldsThenNoneForwarded() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		byte[] body = "{\"sku\":\"tea\"}".getBytes();
		int status = sendRaw(signer.sign(post("/plain/orders"), body), body, List.of(
				"Connection: close, X-Hop-Secret", "X-Hop-Secret: for the next hop only", "Keep-Alive: timeout=5",
				"TE: trailers", "Trailer: X-Checksum", "Proxy-Authorization: Basic YWdlbnQ6c2VjcmV0",
				"Proxy-Connection: keep-alive", "X-End-To-End: kept"));
		assertThat(status).isEqualTo(200);
		ContentLengthUpstream.Raw received = plainUpstream.next();
		assertThat(received.header("X-Hop-Secret")).isNull();
		assertThat(received.header("Keep-Alive")).isNull();
		assertThat(received.header("TE")).isNull();
		assertThat(received.header("Trailer")).isNull();
		assertThat(received.header("Proxy-Authorization")).isNull();
		assertThat(received.header("Proxy-Connection")).isNull();
		assertThat(received.headers("Connection")).noneMatch((value) -> value.toLowerCase().contains("x-hop-secret"));
		assertThat(received.header("X-End-To-End")).isEqualTo("kept");
		assertThat(received.headers("Content-Length")).containsExactly(Integer.toString(body.length));
		assertThat(received.body()).isEqualTo(body);
	}

	@Test
	void getWhenClientSendsIdentityHeadersSpelledWithUnderscoresThenNoneForwarded() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest spoofed = HttpRequest.newBuilder(signer.sign(get("/plain/products"), null), (name, value) -> true)
			.header("Agent_Auth_Consumer", "alice")
			.header("AGENT_AUTH_AGENT_ID", "spoofed")
			.header("agent-auth_scopes", "checkout:create")
			.header("Agent_Auth-Grant", "grant-of-alice")
			.header("AGENT-AUTH-AGENT-ID", "spoofed-too")
			.build();
		assertThat(send(spoofed).statusCode()).isEqualTo(200);
		ContentLengthUpstream.Raw received = plainUpstream.next();
		// a WSGI upstream reads '_' as '-': it must find only the gateway's own identity fields, once each
		List<String> identity = received.wsgiNames().stream().filter((name) -> name.startsWith("agent-auth-")).toList();
		assertThat(identity).doesNotHaveDuplicates()
			.doesNotContain("agent-auth-consumer", "agent-auth-scopes", "agent-auth-grant");
		assertThat(received.fields()).filteredOn((field) -> field.toLowerCase().replace('_', '-').startsWith("agent-auth-"))
			.allMatch((field) -> field.startsWith("Agent-Auth-"));
		assertThat(received.headers("Agent-Auth-Agent-Id")).containsExactly("agent-1");
	}

	@Test
	void postWhenFormBodyAndQueryThenBothForwardedAsSent() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		byte[] body = "b=2&a=%31+x".getBytes();
		HttpRequest request = HttpRequest.newBuilder(URI.create(PUBLIC_BASE + "/api/form?z=1&a=%7e&a=b+c"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		assertThat(send(signer.sign(request, body), body).statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		// neither re-ordered nor re-encoded, and the form fields stay in the body
		assertThat(received.query()).isEqualTo("z=1&a=%7e&a=b+c");
		assertThat(received.body()).isEqualTo(body);
		assertThat(received.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
	}

	@Test
	void postWhenBodyChangedAfterSigningThenDigestMismatchAndNothingForwarded() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(post("/api/cart"), "{\"sku\":\"tea\"}".getBytes());
		HttpResponse<String> response = send(signed, "{\"sku\":\"gold\"}".getBytes());
		assertProblem(response, 401, "digest_mismatch");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void postWhenReplayedThenNonceReplayed() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		byte[] body = "{\"sku\":\"tea\"}".getBytes();
		HttpRequest signed = signer.sign(post("/api/cart"), body);
		assertThat(send(signed, body).statusCode()).isEqualTo(200);
		assertProblem(send(signed, body), 401, "nonce_replayed");
	}

	@Test
	void getWhenSignedForTheUpstreamAddressThenSignatureInvalid() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		// @target-uri must be the gateway's public URL, not an address behind it
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + upstream.port() + "/api/products"))
			.GET()
			.build();
		HttpResponse<String> response = send(signer.sign(request, null));
		assertProblem(response, 401, "signature_invalid");
	}

	@Test
	void postWhenBodyOverTheLimitThenContentTooLarge() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		byte[] body = new byte[100 * 1024];
		HttpResponse<String> response = send(signer.sign(post("/api/upload"), body), body);
		assertProblem(response, 413, "body_too_large");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void getWhenUpstreamDownThenBadGatewayProblem() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(signer.sign(get("/down/products"), null));
		assertProblem(response, 502, "upstream_unavailable");
		assertThat(response.body()).doesNotContain("Connect").doesNotContain("127.0.0.1");
	}

	@Test
	void getWhenUpstreamTooSlowThenGatewayTimeoutProblem() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(signer.sign(get("/api/products?delay=4000"), null));
		assertProblem(response, 504, "upstream_timeout");
	}

	@Test
	void getWhenAgentSuspendedThenForbiddenAndNothingForwarded() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.SUSPENDED);
		assertProblem(send(signer.sign(get("/api/products"), null)), 403, "agent_suspended");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void healthWhenUnsignedThenAnswered() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(local("/actuator/health")).GET().build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\"");
	}

	private static AgentRequestSigner register(AgentStatus status) throws Exception {
		return register(upstream, status);
	}

	/** A new P-256 agent key of {@code agent-1} (operator {@code operator-1}), registered with the stand-in registry. */
	static AgentRequestSigner register(Upstream upstream, AgentStatus status) throws Exception {
		SigningKey key = SigningKey.from(new ECKeyGenerator(Curve.P_256).generate());
		RegisteredKey registered = new RegisteredKey("agent-1", status, "operator-1", KeyStatus.ACTIVE, null, null,
				key.publicKey());
		upstream.keys.register(registered.keyId(), registered.toJson());
		return new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60), false);
	}

	private static HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create(PUBLIC_BASE + path)).GET().build();
	}

	private static HttpRequest post(String path) {
		return HttpRequest.newBuilder(URI.create(PUBLIC_BASE + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
	}

	private URI local(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	// the signed request, sent to the gateway's loopback address instead of the public URL it was signed for
	private HttpResponse<String> send(HttpRequest signed) throws IOException, InterruptedException {
		return send(signed, null);
	}

	private HttpResponse<String> send(HttpRequest signed, byte[] body) throws IOException, InterruptedException {
		URI uri = signed.uri();
		String pathAndQuery = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		HttpRequest.Builder builder = HttpRequest.newBuilder(signed, (name, value) -> true).uri(local(pathAndQuery));
		if (body != null) {
			builder.method(signed.method(), HttpRequest.BodyPublishers.ofByteArray(body));
		}
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	// the signed request written by hand over a socket (HTTP/1.1, Content-Length framing), with extra fields a
	// JDK client would refuse to send (Connection, Keep-Alive, ...); returns the status code
	private int sendRaw(HttpRequest signed, byte[] body, List<String> extraFields) throws IOException {
		URI uri = signed.uri();
		StringBuilder head = new StringBuilder(signed.method()).append(' ').append(uri.getRawPath())
			.append((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "").append(" HTTP/1.1\r\n")
			.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		signed.headers().map().forEach((name, values) -> values
			.forEach((value) -> head.append(name).append(": ").append(value).append("\r\n")));
		head.append("Content-Length: ").append(body.length).append("\r\n");
		extraFields.forEach((field) -> head.append(field).append("\r\n"));
		head.append("\r\n");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().write(body);
			socket.getOutputStream().flush();
			String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
			return Integer.parseInt(statusLine.substring(9, 12));
		}
	}

	static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		Map<String, Object> problem = JSONObjectUtils.parse(response.body());
		assertThat(problem).containsEntry("code", code).containsEntry("status", (long) status);
		assertThat(response.body()).doesNotContain("Exception");
	}

}
