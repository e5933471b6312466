package dev.agentauth.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.SigningKey;

import static dev.agentauth.gateway.GatewayHttpTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verify endpoint answering Envoy's {@code ext_authz} HTTP-service contract, with check requests shaped as
 * Envoy sends them for {@code deploy/envoy/envoy.yaml} (Envoy is not installable here, so it is not run): the
 * original method, {@code path_prefix} + the original path and query, the {@code allowed_headers} of the client
 * request ({@code :authority} as {@code Host}), Envoy's own {@code x-envoy-*} / {@code x-forwarded-proto} /
 * {@code x-request-id}, and with {@code with_request_body} the body plus {@code x-envoy-auth-partial-body}.
 * Allowed: 200 and the identity headers Envoy copies upstream ({@code allowed_upstream_headers}); denied: the
 * status, problem+json and {@code WWW-Authenticate} Envoy returns to the client.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agentauth.gateway.verify.enabled=true", "agentauth.max-body-size=8KB",
				"agentauth.signature.public-base-uri=https://shop.example.com" })
class EnvoyExtAuthzContractTests {

	static final Upstream registry = Upstream.start();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri", registry::issuer);
	}

	@AfterAll
	static void stopRegistry() {
		registry.stop();
	}

	@Test
	void checkWhenSignedGetThenOkWithIdentityHeaders() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(registry, AgentStatus.ACTIVE);
		HttpRequest client = signer.sign(HttpRequest.newBuilder(URI.create("https://shop.example.com/api/v1/products?page=2"))
			.GET()
			.build(), null);
		HttpResponse<String> response = check(client, null, false);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Agent-Auth-Agent-Id")).hasValue("agent-1");
		assertThat(response.headers().firstValue("Agent-Auth-Key-Id")).hasValue(signer.keyId());
		assertThat(response.headers().firstValue("Agent-Auth-Operator")).hasValue("operator-1");
		assertThat(response.headers().firstValue("Agent-Auth-Body-Digest")).isEmpty();
		assertThat(response.headers().firstValue("Agent-Auth-Status")).isEmpty();
	}

	@Test
	void checkWhenBodyIncludedThenDigestVerified() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(registry, AgentStatus.ACTIVE);
		byte[] body = "{\"total\":\"15.00\",\"currency\":\"EUR\"}".getBytes();
		HttpRequest client = signer.sign(post(), body);
		HttpResponse<String> response = check(client, body, false);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Agent-Auth-Body-Digest")).hasValue("verified");
	}

	@Test
	void checkWhenBodyChangedThenDigestMismatchWithRealStatus() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(registry, AgentStatus.ACTIVE);
		HttpRequest client = signer.sign(post(), "{\"total\":\"15.00\"}".getBytes());
		HttpResponse<String> response = check(client, "{\"total\":\"0.01\"}".getBytes(), false);
		assertProblem(response, 401, "digest_mismatch");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Signature error=\"digest_mismatch\"");
		assertThat(response.headers().firstValue("Agent-Auth-Agent-Id")).isEmpty();
	}

	@Test
	void checkWhenBodyTruncatedByEnvoyThenBodyTooLarge() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(registry, AgentStatus.ACTIVE);
		byte[] body = "{\"total\":\"15.00\"}".getBytes();
		HttpResponse<String> response = check(signer.sign(post(), body), body, true);
		assertProblem(response, 413, "body_too_large");
	}

	@Test
	void checkWhenUnsignedThenUnauthorizedProblem() throws Exception {
		HttpRequest client = HttpRequest.newBuilder(URI.create("https://shop.example.com/api/v1/products")).GET().build();
		HttpResponse<String> response = check(client, null, false);
		assertProblem(response, 401, "signature_missing");
		assertThat(response.headers().firstValue("Accept-Signature")).isPresent();
	}

	@Test
	void checkWhenAgentSuspendedThenForbidden() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(registry, AgentStatus.SUSPENDED);
		HttpRequest client = signer.sign(HttpRequest.newBuilder(URI.create("https://shop.example.com/api/v1/products"))
			.GET()
			.build(), null);
		assertProblem(check(client, null, false), 403, "agent_suspended");
	}

	@Test
	void checkWhenReplayedThenNonceReplayed() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(registry, AgentStatus.ACTIVE);
		HttpRequest client = signer.sign(HttpRequest.newBuilder(URI.create("https://shop.example.com/api/v1/products"))
			.GET()
			.build(), null);
		assertThat(check(client, null, false).statusCode()).isEqualTo(200);
		assertProblem(check(client, null, false), 401, "nonce_replayed");
	}

	@Test
	void checkWhenKeyIsBrokeredThenItsProvidersProfileApplies() throws Exception {
		// the verify endpoint runs the starter's provider: a key from a Web Bot Auth directory may not sign agent-auth
		SigningKey key = SigningKey.from(new ECKeyGenerator(Curve.P_256).generate());
		RegisteredKey brokered = new RegisteredKey("bot-1", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null,
				key.publicKey())
			.withProvider(new AgentProvider("bots", "Bots", AgentProvider.TYPE_WEB_BOT_AUTH, "web-bot-auth",
					"https://bot.example/.well-known/http-message-signatures-directory", key.keyId()));
		registry.keys.register(brokered.keyId(), brokered.toJson());
		AgentRequestSigner signer = new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60), false);
		HttpRequest client = signer.sign(HttpRequest.newBuilder(URI.create("https://shop.example.com/api/v1/products"))
			.GET()
			.build(), null);
		assertProblem(check(client, null, false), 401, "signature_tag_not_allowed");
	}

	private static HttpRequest post() {
		return HttpRequest.newBuilder(URI.create("https://shop.example.com/api/v1/checkout"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
	}

	// the check request Envoy's ext_authz HTTP service client sends for the client request
	private HttpResponse<String> check(HttpRequest client, byte[] body, boolean partial)
			throws IOException, InterruptedException {
		String pathAndQuery = client.uri().getRawPath()
				+ ((client.uri().getRawQuery() != null) ? "?" + client.uri().getRawQuery() : "");
		HttpRequest.Builder check = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/_agentauth/verify" + pathAndQuery))
			.header("x-envoy-internal", "true")
			.header("x-forwarded-proto", "https")
			.header("x-request-id", "5d6f2c1e-envoy")
			.header("x-envoy-expected-rq-timeout-ms", "500");
		// allowed_headers in deploy/envoy/envoy.yaml
		for (String name : List.of("signature", "signature-input", "content-digest", "content-type", "authorization")) {
			client.headers().allValues(name).forEach((value) -> check.header(name, value));
		}
		if (body != null) {
			check.header("x-envoy-auth-partial-body", Boolean.toString(partial));
			check.method(client.method(), HttpRequest.BodyPublishers.ofByteArray(body));
		}
		else {
			check.method(client.method(), HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(check.build(), HttpResponse.BodyHandlers.ofString());
	}

}
