package dev.agentauth.merchant.signature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.merchant.replay.LocalFallbackNonceStore;
import dev.agentauth.merchant.cluster.LocalRedisCluster;
import dev.agentauth.merchant.replay.RedisNonceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Redis nonce store against the real Redis at 127.0.0.1:6379, and against a closed port.
 */
class RedisNonceStoreHttpTests {

	private static final String SHORT_TIMEOUT = "--spring.data.redis.timeout=500ms";

	// one prefix per run, so nothing collides with other runs or applications on the shared Redis
	private static final String KEY_PREFIX = "agentauth-test:" + UUID.randomUUID() + ":";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void consumeWhenNonceUsedOnOneInstanceThenRefusedOnTheOther() throws Exception {
		try (ConfigurableApplicationContext first = start(6379, "fail", SHORT_TIMEOUT);
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
	void postWhenSentToTwoInstancesBehindOnePublicUriThenSecondIsReplay() throws Exception {
		String[] shared = { SHORT_TIMEOUT, "--agentauth.signature.public-base-uri=https://shop.example.com",
				"--agentauth.replay.redis-key-prefix=" + KEY_PREFIX };
		try (ConfigurableApplicationContext a = start(6379, "fail", shared);
				ConfigurableApplicationContext b = start(6379, "fail", shared)) {
			HttpRequest signed = signedCart(AgentSignatureHttpTests.register(AgentStatus.ACTIVE),
					"https://shop.example.com");
			assertThat(sendTo(this.http, a, signed).statusCode()).isEqualTo(200);
			HttpResponse<String> replayed = sendTo(this.http, b, signed);
			assertThat(replayed.statusCode()).isEqualTo(401);
			assertThat(JSONObjectUtils.parse(replayed.body())).containsEntry("code", "nonce_replayed");
			StringRedisTemplate redis = new StringRedisTemplate(a.getBean(RedisConnectionFactory.class));
			Set<String> used = redis.keys(KEY_PREFIX + "*");
			// one nonce, and the epochs of the key-id groups (one hash slot each, for Redis Cluster)
			assertThat(used).filteredOn((key) -> !key.endsWith(":epoch")).hasSize(1);
			assertThat(used).filteredOn((key) -> key.endsWith(":epoch")).hasSize(256).contains(KEY_PREFIX + "{g0}:epoch");
			redis.delete(used);
		}
	}

	@Test
	void postWhenRedisLostItsDataThenARequestSignedBeforeIsRefusedNotReplayed() throws Exception {
		String prefix = "agentauth-test:" + UUID.randomUUID() + ":";
		String[] shared = { SHORT_TIMEOUT, "--agentauth.signature.public-base-uri=https://shop.example.com",
				"--agentauth.replay.redis-key-prefix=" + prefix };
		try (ConfigurableApplicationContext a = start(6379, "fail", shared);
				ConfigurableApplicationContext b = start(6379, "fail", shared)) {
			StringRedisTemplate redis = new StringRedisTemplate(a.getBean(RedisConnectionFactory.class));
			assertThat(redis.opsForValue().get(prefix + "{g0}:epoch")).as("written at start-up").isNotNull();
			AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
			HttpRequest signed = signedCart(signer, "https://shop.example.com");
			assertThat(sendTo(this.http, a, signed).statusCode()).isEqualTo(200);

			// Redis restarted without persistence: the nonce and the epoch are gone, the merchants keep running
			redis.delete(redis.keys(prefix + "*"));
			HttpResponse<String> replayed = sendTo(this.http, b, signed);
			assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(503);
			assertThat(JSONObjectUtils.parse(replayed.body())).containsEntry("code", "nonce_store_unavailable");
			assertThat(replayed.headers().firstValue("Retry-After")).isPresent();
			assertThat(sendTo(this.http, a, signed).statusCode()).as("still refused").isEqualTo(503);

			// signatures are in whole seconds: one made in a later second than the new epoch passes
			Thread.sleep(1100);
			assertThat(sendTo(this.http, a, signedCart(signer, "https://shop.example.com")).statusCode()).isEqualTo(200);
			redis.delete(redis.keys(prefix + "*"));
		}
	}

	@Test
	void postWhenRedisAcceptsButNeverAnswersThenServiceUnavailableWithoutTimeoutSet() throws Exception {
		try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ConfigurableApplicationContext context = start(blackHole.getLocalPort(), "fail")) {
			// no spring.data.redis.timeout: the starter's agentauth.replay.redis-timeout applies, not Lettuce's 60 s
			HttpResponse<String> response = post(context, AgentSignatureHttpTests.register(AgentStatus.ACTIVE));
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(JSONObjectUtils.parse(response.body())).containsEntry("code", "nonce_store_unavailable");
		}
	}

	/**
	 * Two merchant instances on a real Redis Cluster ({@code spring.data.redis.cluster.nodes}): signed POSTs are
	 * accepted (the nonce script touches one slot; it used to fail with CROSSSLOT, a 503 for every POST) and a
	 * replay to the other instance is refused.
	 */
	@Test
	void postWhenRedisClusterThenAcceptedAndReplayRefusedOnTheOtherInstance() throws Exception {
		assumeThat(LocalRedisCluster.available()).as("redis-server and redis-cli installed").isTrue();
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			String nodes = String.join(",", cluster.ports().stream().map((port) -> "127.0.0.1:" + port).toList());
			String[] shared = { SHORT_TIMEOUT, "--spring.data.redis.cluster.nodes=" + nodes,
					"--spring.data.redis.lettuce.cluster.refresh.adaptive=true",
					"--agentauth.signature.public-base-uri=https://shop.example.com" };
			try (ConfigurableApplicationContext a = start(1, "fail", shared);
					ConfigurableApplicationContext b = start(1, "fail", shared)) {
				AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
				for (int i = 0; i < 20; i++) {
					HttpRequest signed = signedCart(signer, "https://shop.example.com");
					HttpResponse<String> accepted = sendTo(this.http, (i % 2 == 0) ? a : b, signed);
					assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
					HttpResponse<String> replayed = sendTo(this.http, (i % 2 == 0) ? b : a, signed);
					assertThat(replayed.statusCode()).isEqualTo(401);
					assertThat(JSONObjectUtils.parse(replayed.body())).containsEntry("code", "nonce_replayed");
				}
			}
		}
	}

	@Test
	void postWhenRedisUnreachableThenServiceUnavailable() throws Exception {
		try (ConfigurableApplicationContext context = start(1, "fail", SHORT_TIMEOUT)) {
			HttpResponse<String> response = post(context, AgentSignatureHttpTests.register(AgentStatus.ACTIVE));
			assertThat(response.statusCode()).isEqualTo(503);
			Map<String, Object> problem = JSONObjectUtils.parse(response.body());
			assertThat(problem).containsEntry("code", "nonce_store_unavailable");
		}
	}

	@Test
	void postWhenRedisUnreachableAndAllowLocalThenAccepted() throws Exception {
		try (ConfigurableApplicationContext context = start(1, "allow-local", SHORT_TIMEOUT)) {
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
		return sendTo(http, context, signedCart(signer, "http://localhost:" + port(context)));
	}

	/** {@code POST {baseUri}/api/cart} with body {@code {}}, signed for that URI. */
	static HttpRequest signedCart(AgentRequestSigner signer, String baseUri) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/api/cart"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return signer.sign(request, "{}".getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a signed request, unchanged but for its scheme and authority, to a running test app (and gives up
	 * after 20 s, well before Lettuce's 60 s default command timeout).
	 */
	static HttpResponse<String> sendTo(HttpClient http, ConfigurableApplicationContext context, HttpRequest signed)
			throws Exception {
		URI local = URI.create("http://localhost:" + port(context) + signed.uri().getRawPath());
		return http.send(HttpRequest.newBuilder(signed, (name, value) -> true)
			.uri(local)
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getProperty("local.server.port");
	}

	private static ConfigurableApplicationContext start(int redisPort, String redisFailure, String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--agentauth.protected-paths=/api/**",
				"--agentauth.replay.store=redis", "--agentauth.replay.redis-failure=" + redisFailure,
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
				"--spring.data.redis.connect-timeout=500ms", "--management.health.redis.enabled=false",
				"--agentauth.registry.issuer-uri=" + AgentSignatureHttpTests.registry.issuer()));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(AgentSignatureHttpTests.TestApp.class).run(args.toArray(String[]::new));
	}

}
