package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.merchant.risk.RedisRiskFeatureStore;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis feature store over HTTP, against the real Redis at 127.0.0.1:6379 (keys under a prefix of their own,
 * deleted afterwards) and against a port that accepts connections but never answers.
 */
class RedisRiskHttpTests {

	private static final String GENEROUS = "--agentauth.risk.redis-timeout=2s";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void getBurstWhenSplitAcrossTwoInstancesThenTheSharedCounterTripsTheRuleAndEveryKeyExpires() throws Exception {
		String prefix = "agentauth-test:" + UUID.randomUUID() + ":";
		// a generous timeout: on a busy test machine a 50 ms round trip can be missed, and then fails open
		try (ConfigurableApplicationContext a = start(6379, "--agentauth.state.redis-key-prefix=" + prefix, GENEROUS);
				ConfigurableApplicationContext b = start(6379, "--agentauth.state.redis-key-prefix=" + prefix,
						GENEROUS)) {
			assertThat(a.getBean(RiskFeatureStore.class)).isInstanceOf(RedisRiskFeatureStore.class);
			AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
			List<Integer> statuses = new ArrayList<>();
			RiskScoringHttpTests.awaitFreshRequestWindow();
			for (int i = 0; i < 30; i++) {
				statuses.add(get(a, signer).statusCode());
				statuses.add(get(b, signer).statusCode());
			}
			// neither instance saw more than 30, together they saw 60: the 51st on is throttled
			assertThat(statuses.subList(0, 50)).containsOnly(200);
			assertThat(statuses.subList(50, 60)).containsOnly(429);

			StringRedisTemplate redis = new StringRedisTemplate(a.getBean(RedisConnectionFactory.class));
			Set<String> keys = redis.keys(prefix + "*");
			assertThat(keys).isNotEmpty().allSatisfy((key) -> assertThat(key).matches(".*\\{[^}]+\\}.*"));
			for (String key : keys) {
				Long ttl = redis.getExpire(key);
				assertThat(ttl).as("TTL of %s", key).isPositive().isLessThanOrEqualTo(Duration.ofDays(30).toSeconds());
			}
			redis.delete(keys);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void getWhenRedisAcceptsButNeverAnswersThenServedWithinTheRiskTimeoutAndDegradedCounted(CapturedOutput output)
			throws Exception {
		try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ConfigurableApplicationContext context = start(blackHole.getLocalPort(),
						"--spring.data.redis.timeout=5s")) {
			AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
			for (int i = 0; i < 3; i++) {
				assertThat(get(context, signer).statusCode()).isEqualTo(200);
			}
			assertThat(context.getBean(MeterRegistry.class).get("agentauth.risk.degraded").counter().count())
				.isGreaterThanOrEqualTo(3);
			assertThat(output.getOut()).contains("enforced=false mode=enforce degraded=true rules=[]");
			HttpResponse<String> health = this.http.send(
					HttpRequest.newBuilder(uri(context, "/actuator/health/agentAuthRisk")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(health.body()).contains("\"status\":\"UP\"").containsPattern("\"degraded\":[3-9]");
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void getWhenRedisIsStoppedAndNoRedisTimeoutIsSetThenServedDegradedAndServedAgainWhenItResumes(
			CapturedOutput output) throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
		int port = freePort();
		// a Redis of our own, stopped (SIGSTOP) after start-up: connected, never answering; no spring.data.redis.timeout,
		// so the connection's command timeout is Lettuce's 60 s and only the risk store's own timeout bounds the wait
		Process redisServer = redisServer(port);
		try {
			awaitPort(port);
			try (ConfigurableApplicationContext context = start(port)) {
				AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
				signal(redisServer, "STOP");
				for (int i = 0; i < 3; i++) {
					assertThat(get(context, signer).statusCode()).isEqualTo(200);
				}
				assertThat(context.getBean(MeterRegistry.class).get("agentauth.risk.degraded").counter().count())
					.isGreaterThanOrEqualTo(3);
				assertThat(output.getOut()).contains("degraded=true");
				signal(redisServer, "CONT");
				assertThat(get(context, signer).statusCode()).isEqualTo(200);
			}
		}
		finally {
			signal(redisServer, "CONT");
			redisServer.destroy();
			redisServer.waitFor();
		}
	}

	@Test
	void getWhenRedisLostItsScriptsThenLoadedAgainWithoutDegrading() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
		int port = freePort();
		// a Redis of our own: SCRIPT FLUSH on the shared one would disturb other runs
		Process redisServer = redisServer(port);
		try {
			awaitPort(port);
			try (ConfigurableApplicationContext context = start(port, GENEROUS)) {
				AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
				assertThat(get(context, signer).statusCode()).isEqualTo(200);
				StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
				redis.execute((RedisCallback<Object>) (connection) -> {
					connection.scriptingCommands().scriptFlush();
					return null;
				});
				assertThat(get(context, signer).statusCode()).isEqualTo(200);
				assertThat(context.getBean(MeterRegistry.class).get("agentauth.risk.degraded").counter().count())
					.isZero();
				assertThat(redis.keys("agentauth:risk:{k:*}")).hasSize(1);
			}
		}
		finally {
			redisServer.destroy();
			redisServer.waitFor();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return free.getLocalPort();
		}
	}

	private static Process redisServer(int port) throws IOException {
		return new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	/** Sends SIGSTOP or SIGCONT to our own redis-server, by its process id. */
	private static void signal(Process process, String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
	}

	private static void awaitPort(int port) {
		boolean open = Eventually.poll(Duration.ofSeconds(5), Duration.ofMillis(50), () -> {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}, Boolean::booleanValue);
		if (!open) {
			throw new IllegalStateException("redis-server did not start on port " + port);
		}
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, AgentRequestSigner signer)
			throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(context, "/api/products"))
			.GET()
			.timeout(Duration.ofSeconds(20))
			.build();
		return this.http.send(signer.sign(request, null), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	private static ConfigurableApplicationContext start(int redisPort, String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--agentauth.protected-paths=/api/**",
				"--agentauth.risk.mode=enforce", "--agentauth.state.store=redis",
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
				"--spring.data.redis.connect-timeout=500ms", "--management.health.redis.enabled=false",
				"--management.endpoints.web.exposure.include=agentauthrisk,health",
				"--management.endpoint.health.show-details=always",
				"--agentauth.registry.issuer-uri=" + AgentSignatureHttpTests.registry.issuer()));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(RiskScoringHttpTests.RiskApp.class).run(args.toArray(String[]::new));
	}

}
