package dev.agentauth.merchant.signature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.merchant.replay.LocalFallbackNonceStore;
import dev.agentauth.merchant.replay.RedisNonceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Redis nonce store against the real Redis at 127.0.0.1:6379, and against a closed port.
 */
class RedisNonceStoreHttpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void consumeWhenNonceUsedOnOneInstanceThenRefusedOnTheOther() throws Exception {
		try (ConfigurableApplicationContext first = start(6379, "fail");
				ConfigurableApplicationContext second = start(6379, "fail")) {
			NonceStore a = first.getBean(NonceStore.class);
			NonceStore b = second.getBean(NonceStore.class);
			assertThat(a).isInstanceOf(RedisNonceStore.class);
			String nonce = UUID.randomUUID().toString();
			Instant expiresAt = Instant.now().plusSeconds(30);
			a.consume("kid-1", nonce, expiresAt);
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> b.consume("kid-1", nonce, expiresAt))
				.extracting(AgentAuthException::errorCode)
				.isEqualTo(ErrorCode.NONCE_REPLAYED);
		}
	}

	@Test
	void postWhenRedisUnreachableThenServiceUnavailable() throws Exception {
		try (ConfigurableApplicationContext context = start(1, "fail")) {
			HttpResponse<String> response = post(context, AgentSignatureHttpTests.register(AgentStatus.ACTIVE));
			assertThat(response.statusCode()).isEqualTo(503);
			Map<String, Object> problem = JSONObjectUtils.parse(response.body());
			assertThat(problem).containsEntry("code", "nonce_store_unavailable");
		}
	}

	@Test
	void postWhenRedisUnreachableAndAllowLocalThenAccepted() throws Exception {
		try (ConfigurableApplicationContext context = start(1, "allow-local")) {
			assertThat(context.getBean(NonceStore.class)).isInstanceOf(LocalFallbackNonceStore.class);
			HttpResponse<String> response = post(context, AgentSignatureHttpTests.register(AgentStatus.ACTIVE));
			assertThat(response.statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, AgentRequestSigner signer)
			throws Exception {
		return postCart(this.http, context, signer);
	}

	/** A signed {@code POST /api/cart} with body {@code {}} to a running test app. */
	static HttpResponse<String> postCart(HttpClient http, ConfigurableApplicationContext context,
			AgentRequestSigner signer) throws Exception {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/cart"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return http.send(signer.sign(request, "{}".getBytes(StandardCharsets.UTF_8)),
				HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start(int redisPort, String redisFailure) {
		return new SpringApplicationBuilder(AgentSignatureHttpTests.TestApp.class).run("--server.port=0",
				"--agentauth.protected-paths=/api/**", "--agentauth.replay.store=redis",
				"--agentauth.replay.redis-failure=" + redisFailure, "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + redisPort, "--spring.data.redis.timeout=500ms",
				"--spring.data.redis.connect-timeout=500ms", "--management.health.redis.enabled=false",
				"--agentauth.registry.issuer-uri=http://127.0.0.1:"
						+ AgentSignatureHttpTests.registry.getAddress().getPort() + "/realms/test");
	}

}
