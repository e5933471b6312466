package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.SigningKey;
import dev.agentauth.test.FakeKeyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Spring Boot app over HTTP, with a real registry stand-in serving the key-lookup protocol.
 */
@SpringBootTest(classes = AgentSignatureHttpTests.TestApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agentauth.protected-paths[0]=/api/**", "agentauth.max-body-size=1KB" })
class AgentSignatureHttpTests {

	// shared by the test classes of this package for the whole run (surefire's JVM exit stops it)
	static final FakeKeyRegistry registry = FakeKeyRegistry.start("test");

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	int port;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void registryProperties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri", registry::issuer);
	}

	@Test
	void postWhenSignedThenControllerSeesAgentAndBody() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(signer.sign(post("/api/cart"), body("{\"sku\":\"a\"}")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("agent-1 operator-1 {\"sku\":\"a\"}");
	}

	@Test
	void getWhenNoSignatureThenSignatureMissing() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/products")).GET().build());
		assertProblem(response, 401, "signature_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Signature error=\"signature_missing\"");
		assertThat(response.headers().firstValue("Accept-Signature")).isPresent();
	}

	@Test
	void postWhenNoSignatureThenSignatureMissingNotCsrf() throws Exception {
		HttpResponse<String> response = send(post("/api/cart"));
		assertProblem(response, 401, "signature_missing");
	}

	@Test
	void requestsWhenDecidedThenCountedAndTimed() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		send(signer.sign(post("/api/cart"), body("{}")));
		send(HttpRequest.newBuilder(uri("/api/products")).GET().build());
		assertThat(this.meters.get("agentauth.requests").tag("outcome", "accepted").counter().count()).isPositive();
		assertThat(this.meters.get("agentauth.requests").tag("reason", "signature_missing").counter().count())
			.isPositive();
		assertThat(this.meters.get("agentauth.verification").tag("outcome", "accepted").timer().count()).isPositive();
		assertThat(this.meters.get("agentauth.registry.cache").tag("result", "miss").counter().count()).isPositive();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void getWhenKeyIsBrokeredFromAWebBotAuthDirectoryThenAnAgentAuthSignatureIsRefused(CapturedOutput output)
			throws Exception {
		// the key's provider decides the profile: its agents sign web-bot-auth requests, not agent-auth ones
		AgentRequestSigner signer = registerBrokered("web-bot-auth");
		HttpResponse<String> response = send(signer.sign(HttpRequest.newBuilder(uri("/api/products")).GET().build(),
				null));
		assertProblem(response, 401, "signature_tag_not_allowed");
		assertThat(output.getOut()).containsPattern("outcome=refused reason=signature_tag_not_allowed agent=bot-1 "
				+ "keyid=[A-Za-z0-9_-]{43} profile=web-bot-auth verification=invalid method=GET");
	}

	@Test
	void getWhenKeyIsBrokeredFromAnAgentAuthProviderThenAccepted() throws Exception {
		AgentRequestSigner signer = registerBrokered("agent-auth");
		HttpResponse<String> response = send(signer.sign(HttpRequest.newBuilder(uri("/api/products")).GET().build(),
				null));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void getWhenKeysProviderNamesAnUnknownProfileThenRefused() throws Exception {
		AgentRequestSigner signer = registerBrokered("tap-v2");
		HttpResponse<String> response = send(signer.sign(HttpRequest.newBuilder(uri("/api/products")).GET().build(),
				null));
		assertProblem(response, 401, "profile_not_supported");
	}

	@Test
	void getWhenKeyIsAmbiguousThenRefused() throws Exception {
		ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
		SigningKey key = SigningKey.from(jwk);
		registry.ambiguous(key.keyId());
		AgentRequestSigner signer = new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60), false);
		HttpResponse<String> response = send(signer.sign(HttpRequest.newBuilder(uri("/api/products")).GET().build(),
				null));
		assertProblem(response, 401, "key_ambiguous");
	}

	private static AgentRequestSigner registerBrokered(String profile) throws Exception {
		ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
		SigningKey key = SigningKey.from(jwk);
		RegisteredKey registered = new RegisteredKey("bot-1", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null,
				key.publicKey())
			.withProvider(new AgentProvider("bots", "Bots", AgentProvider.TYPE_WEB_BOT_AUTH, profile,
					"https://bot.example/.well-known/http-message-signatures-directory", key.keyId()));
		registry.register(registered.keyId(), registered.toJson());
		return new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60), false);
	}

	@Test
	void getWhenUnprotectedPathThenNotRefused() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/public")).GET().build());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void postWhenBodyTamperedThenDigestMismatch() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(post("/api/cart"), body("{\"sku\":\"a\"}"));
		HttpRequest tampered = HttpRequest.newBuilder(signed, (name, value) -> true)
			.POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"b\"}"))
			.build();
		assertProblem(send(tampered), 401, "digest_mismatch");
	}

	@Test
	void postWhenPathChangedThenSignatureInvalid() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(post("/api/cart"), body("{}"));
		HttpRequest moved = HttpRequest.newBuilder(signed, (name, value) -> true).uri(uri("/api/checkout")).build();
		assertProblem(send(moved), 401, "signature_invalid");
	}

	@Test
	void getWhenQueryChangedThenSignatureInvalid() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(HttpRequest.newBuilder(uri("/api/products?page=1")).GET().build(), null);
		HttpRequest changed = HttpRequest.newBuilder(signed, (name, value) -> true)
			.uri(uri("/api/products?page=2"))
			.build();
		assertProblem(send(changed), 401, "signature_invalid");
	}

	@Test
	void postWhenMethodChangedThenSignatureInvalid() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(post("/api/cart"), body("{}"));
		HttpRequest changed = HttpRequest.newBuilder(signed, (name, value) -> true)
			.PUT(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		assertProblem(send(changed), 401, "signature_invalid");
	}

	@Test
	void postWhenContentDigestRemovedThenRefused() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(post("/api/cart"), body("{}"));
		HttpRequest stripped = HttpRequest
			.newBuilder(signed, (name, value) -> !name.equalsIgnoreCase("Content-Digest"))
			.build();
		HttpResponse<String> response = send(stripped);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat((String) JSONObjectUtils.parse(response.body()).get("code")).isIn("component_missing",
				"digest_missing");
	}

	@Test
	void postWhenSignatureExpiredThenSignatureExpired() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE, KeyStatus.ACTIVE,
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
		assertProblem(send(signer.sign(post("/api/cart"), body("{}"))), 401, "signature_expired");
	}

	@Test
	void postWhenSignatureFromTheFutureThenNotYetValid() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE, KeyStatus.ACTIVE,
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
		assertProblem(send(signer.sign(post("/api/cart"), body("{}"))), 401, "signature_not_yet_valid");
	}

	@Test
	void postWhenKeyRevokedThenKeyRevoked() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE, KeyStatus.REVOKED, Clock.systemUTC());
		assertProblem(send(signer.sign(post("/api/cart"), body("{}"))), 401, "key_revoked");
	}

	@Test
	void postWhenReplayedThenNonceReplayed() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(post("/api/cart"), body("{}"));
		assertThat(send(signed).statusCode()).isEqualTo(200);
		assertProblem(send(signed), 401, "nonce_replayed");
	}

	@Test
	void postWhenAgentSuspendedThenForbidden() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.SUSPENDED);
		HttpResponse<String> response = send(signer.sign(post("/api/cart"), body("{}")));
		assertProblem(response, 403, "agent_suspended");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Signature error=\"agent_suspended\"");
		assertThat(response.headers().firstValue("Accept-Signature")).isEmpty();
	}

	@Test
	void postWhenKeyUnknownThenUnknownKey() throws Exception {
		SigningKey key = SigningKey.from(new ECKeyGenerator(Curve.P_256).generate());
		AgentRequestSigner signer = new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60), false);
		assertProblem(send(signer.sign(post("/api/cart"), body("{}"))), 401, "unknown_key");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void refusedWhenKeyWasResolvedThenAuditLineNamesAgentAndKeyid(CapturedOutput output) throws Exception {
		send(register(AgentStatus.SUSPENDED).sign(post("/api/cart"), body("{}")));
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		HttpRequest signed = signer.sign(post("/api/cart"), body("{\"sku\":\"a\"}"));
		send(signed);
		send(signed);
		send(HttpRequest.newBuilder(signer.sign(post("/api/cart"), body("{\"sku\":\"a\"}")), (name, value) -> true)
			.POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"b\"}"))
			.build());
		send(HttpRequest.newBuilder(uri("/api/products")).GET().build());
		String kid = "keyid=[A-Za-z0-9_-]{43} method=POST path=/api/cart ";
		assertThat(output.getOut()).containsPattern("outcome=refused reason=agent_suspended agent=agent-1 " + kid)
			.containsPattern("outcome=refused reason=nonce_replayed agent=agent-1 " + kid)
			.containsPattern("outcome=refused reason=digest_mismatch agent=agent-1 " + kid)
			// refused before any key was resolved: no agent or keyid
			.containsPattern("outcome=refused reason=signature_missing method=GET path=/api/products ");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void acceptedThenAuditLineNamesAgentKeyidAndRequestId(CapturedOutput output) throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		send(signer.sign(withRequestId(post("/api/cart"), "req-42.a:b_c"), body("{}")));
		// a request id that could forge audit fields is replaced by '-'
		send(signer.sign(withRequestId(post("/api/cart"), "x outcome=refused"), body("{}")));
		String line = "outcome=accepted agent=agent-1 keyid=[A-Za-z0-9_-]{43} operator=operator-1 method=POST "
				+ "path=/api/cart request_id=";
		assertThat(output.getOut()).containsPattern(line + "req-42\\.a:b_c client=\\S+")
			.containsPattern(line + "- client=")
			.doesNotContain("request_id=x");
	}

	@Test
	void postWhenBodyTooLargeThenContentTooLarge() throws Exception {
		AgentRequestSigner signer = register(AgentStatus.ACTIVE);
		assertProblem(send(signer.sign(post("/api/cart"), new byte[2048])), 413, "body_too_large");
	}

	private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		Map<String, Object> problem = JSONObjectUtils.parse(response.body());
		assertThat(problem).containsEntry("code", code).containsEntry("status", (long) status);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\"x\"");
	}

	static AgentRequestSigner register(AgentStatus status) throws Exception {
		return register(status, KeyStatus.ACTIVE, Clock.systemUTC());
	}

	static AgentRequestSigner register(AgentStatus status, KeyStatus keyStatus, Clock signerClock) throws Exception {
		ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
		SigningKey key = SigningKey.from(jwk);
		RegisteredKey registered = new RegisteredKey("agent-1", status, "operator-1", keyStatus, null, null,
				key.publicKey());
		registry.register(registered.keyId(), registered.toJson());
		return new AgentRequestSigner(key, signerClock, Duration.ofSeconds(60), false);
	}

	private HttpRequest post(String path) {
		return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
	}

	private static HttpRequest withRequestId(HttpRequest request, String requestId) {
		return HttpRequest.newBuilder(request, (name, value) -> true).header("X-Request-Id", requestId).build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static byte[] body(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@RestController
		static class Cart {

			@PostMapping({ "/api/cart", "/api/checkout" })
			String cart(@AuthenticationPrincipal AgentPrincipal agent, @RequestBody(required = false) String body) {
				return agent.agentId() + " " + agent.operator() + " " + body;
			}

			@GetMapping({ "/api/products", "/public" })
			String products() {
				return "[]";
			}

		}

	}

}
