package dev.agentauth.merchant.signature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.risk.RiskReason;
import dev.agentauth.core.risk.RiskRule;
import dev.agentauth.core.signature.SigningKey;
import dev.agentauth.merchant.risk.RiskEvaluator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer 3 over HTTP with the in-memory feature store: one merchant in shadow mode, one in enforce mode, and an
 * application rule ({@code app.test_header}) whose points come from the {@code X-Test-Risk} header.
 */
@ExtendWith(OutputCaptureExtension.class)
class RiskScoringHttpTests {

	private static ConfigurableApplicationContext shadow;

	private static ConfigurableApplicationContext enforce;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		shadow = start("shadow");
		enforce = start("enforce");
	}

	@AfterAll
	static void stop() {
		shadow.close();
		enforce.close();
	}

	static ConfigurableApplicationContext start(String mode, String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--agentauth.protected-paths=/api/**",
				"--agentauth.risk.mode=" + mode, "--management.endpoints.web.exposure.include=agentauthrisk,health",
				"--management.endpoint.health.show-details=always",
				"--agentauth.registry.issuer-uri=" + AgentSignatureHttpTests.registry.issuer()));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(RiskApp.class).run(args.toArray(String[]::new));
	}

	@Test
	void getBurstWhenShadowThenAllServedAndAuditSaysWouldThrottle(CapturedOutput output) throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		awaitFreshRequestWindow();
		for (int i = 0; i < 60; i++) {
			assertThat(send(shadow, signer.sign(get(shadow, "/api/products"), null)).statusCode()).isEqualTo(200);
		}
		assertThat(output.getOut()).containsPattern("outcome=accepted agent=agent-1 .* decision_id=[A-Za-z0-9_-]{22} "
				+ "score=31 action=throttle enforced=false mode=shadow rules=\\[velocity.agent_burst:21,agent.cold_start:10\\]");
		MeterRegistry meters = shadow.getBean(MeterRegistry.class);
		assertThat(meters.get("agentauth.risk.decisions").tags("action", "allow", "enforced", "false").counter()
			.count()).isGreaterThanOrEqualTo(60);
		assertThat(meters.get("agentauth.risk.rule.hits").tags("rule", "velocity.agent_burst", "mode", "enforce")
			.counter().count()).isGreaterThanOrEqualTo(10);
		assertThat(meters.get("agentauth.risk.score").tags("endpoint", "other", "mode", "shadow", "action", "throttle")
			.summary().count()).isGreaterThanOrEqualTo(10);
	}

	@Test
	void getBurstWhenEnforceThenRateLimitedWithRetryAfter() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> limited = null;
		awaitFreshRequestWindow();
		for (int i = 0; i < 60; i++) {
			HttpResponse<String> response = send(enforce, signer.sign(get(enforce, "/api/products"), null));
			statuses.add(response.statusCode());
			if (response.statusCode() == 429) {
				limited = response;
			}
		}
		assertThat(statuses.subList(0, 50)).containsOnly(200);
		assertThat(statuses.subList(50, 60)).containsOnly(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("10");
		Map<String, Object> problem = JSONObjectUtils.parse(limited.body());
		assertThat(problem).containsEntry("code", "rate_limited").containsEntry("status", 429L)
			.containsKey("decision_id");
	}

	@Test
	void postWhenScoreBetweenFortyAndSeventyThenFreshDelegationRequired() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(enforce, signer.sign(post(enforce, "/api/cart", "45"), body()));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Agent error=\"fresh_delegation_required\", max_age=300");
		assertThat(JSONObjectUtils.parse(response.body())).containsEntry("code", "fresh_delegation_required");
	}

	@Test
	void postWhenScoreSeventyThenRiskTooHighWithOnlyTheDecisionId(CapturedOutput output) throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(enforce, signer.sign(post(enforce, "/api/cart", "60"), body()));
		assertThat(response.statusCode()).isEqualTo(403);
		Map<String, Object> problem = JSONObjectUtils.parse(response.body());
		assertThat(problem).containsEntry("code", "risk_too_high").containsKey("decision_id");
		assertThat(response.body()).doesNotContain("app.test_header").doesNotContain("cold_start");
		assertThat(output.getOut()).contains("outcome=refused reason=risk_too_high agent=agent-1")
			.contains("decision_id=" + problem.get("decision_id") + " score=70 action=deny enforced=true mode=enforce "
					+ "rules=[agent.cold_start:10,app.test_header:60]");
	}

	@Test
	void postWhenScoreSeventyInShadowThenServed() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(shadow, signer.sign(post(shadow, "/api/cart", "90"), body()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("100 deny false 100");
	}

	@Test
	void getWhenScoreHundredThenThrottledNeverDenied() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		HttpRequest request = HttpRequest.newBuilder(get(enforce, "/api/products"), (n, v) -> true)
			.header("X-Test-Risk", "100")
			.build();
		HttpResponse<String> response = send(enforce, signer.sign(request, null));
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(JSONObjectUtils.parse(response.body())).containsEntry("code", "rate_limited");
	}

	@Test
	void getWhenScoreBelowTheStepUpScoreThenServed() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		HttpRequest request = HttpRequest.newBuilder(get(enforce, "/api/products"), (n, v) -> true)
			.header("X-Test-Risk", "29")
			.build();
		assertThat(send(enforce, signer.sign(request, null)).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenRuleThrowsThenServedScoreUnaffectedAndCounted() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		HttpResponse<String> response = send(enforce, signer.sign(post(enforce, "/api/cart", "throw"), body()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("10 allow false 10");
		assertThat(enforce.getBean(MeterRegistry.class).get("agentauth.risk.rule.errors")
			.tags("rule", "app.test_header").counter().count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void checkoutWhenNoCartCallBeforeThenStepUpAndAfterACartCallServed() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		// the shipped defaults: checkout_without_cart (40) + cold_start (10) = 50
		HttpResponse<String> refused = send(enforce, signer.sign(post(enforce, "/api/checkout", null), body()));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("code", "fresh_delegation_required");
		assertThat(send(enforce, signer.sign(post(enforce, "/api/cart", null), body())).statusCode()).isEqualTo(200);
		assertThat(send(enforce, signer.sign(post(enforce, "/api/checkout", null), body())).statusCode())
			.isEqualTo(200);
	}

	@Test
	void postWhenClientOutsideTheAgentsDeclaredNetworksThenUndeclaredEgress() throws Exception {
		SigningKey key = SigningKey.from(new ECKeyGenerator(Curve.P_256).generate());
		RegisteredKey registered = new RegisteredKey("agent-2", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null,
				null, key.publicKey(), List.of("192.0.2.0/24"));
		AgentSignatureHttpTests.registry.register(registered.keyId(), registered.toJson());
		AgentRequestSigner signer = new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60), false);
		HttpResponse<String> response = send(shadow, signer.sign(post(shadow, "/api/cart", null), body()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("50 step_up false 50");

		SigningKey inside = SigningKey.from(new ECKeyGenerator(Curve.P_256).generate());
		RegisteredKey loopback = new RegisteredKey("agent-3", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null,
				inside.publicKey(), List.of("127.0.0.0/8", "::1/128"));
		AgentSignatureHttpTests.registry.register(loopback.keyId(), loopback.toJson());
		AgentRequestSigner insider = new AgentRequestSigner(inside, Clock.systemUTC(), Duration.ofSeconds(60), false);
		assertThat(send(shadow, insider.sign(post(shadow, "/api/cart", null), body())).body())
			.isEqualTo("10 allow false 10");
	}

	@Test
	void actuatorWhenModeSwitchedToEnforceThenRefusesAndCountsWouldBeActions() throws Exception {
		AgentRequestSigner signer = AgentSignatureHttpTests.register(AgentStatus.ACTIVE);
		assertThat(send(shadow, signer.sign(post(shadow, "/api/cart", "45"), body())).statusCode()).isEqualTo(200);
		try {
			HttpResponse<String> switched = this.http.send(HttpRequest.newBuilder(uri(shadow, "/actuator/agentauthrisk"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"enforce\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(switched.statusCode()).isEqualTo(200);
			assertThat(JSONObjectUtils.parse(switched.body())).containsEntry("mode", "enforce");
			assertThat(send(shadow, signer.sign(post(shadow, "/api/cart", "45"), body())).statusCode())
				.isEqualTo(401);
			assertThat(switched.body()).containsPattern("\"wouldBe\":\\{[^}]*\"step_up\":[1-9]");
		}
		finally {
			shadow.getBean(RiskEvaluator.class).setMode(dev.agentauth.core.risk.RiskMode.SHADOW);
		}
	}

	@Test
	void actuatorWhenRefusalsThenTopFailuresByNetworkAndAgent() throws Exception {
		AgentRequestSigner suspended = AgentSignatureHttpTests.register(AgentStatus.SUSPENDED);
		for (int i = 0; i < 3; i++) {
			send(shadow, suspended.sign(post(shadow, "/api/cart", null), body()));
		}
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri(shadow, "/actuator/agentauthrisk")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> body = JSONObjectUtils.parse(response.body());
		assertThat(body).containsEntry("mode", "shadow").containsEntry("store", "InMemoryRiskFeatureStore");
		assertThat(response.body()).contains("\"name\":\"127.0.0.0/24\"").contains("\"name\":\"agent-1\"");
		HttpResponse<String> health = this.http.send(
				HttpRequest.newBuilder(uri(shadow, "/actuator/health/agentAuthRisk")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"degraded\":0");
	}

	/**
	 * Requests are counted in fixed 10-second windows: a burst must not straddle two of them, so it starts in the
	 * first half of one (60 loopback requests take well under 5 s).
	 */
	static void awaitFreshRequestWindow() throws InterruptedException {
		long intoWindow = System.currentTimeMillis() % 10_000;
		if (intoWindow > 4_000) {
			Thread.sleep(10_000 - intoWindow + 50);
		}
	}

	private HttpResponse<String> send(ConfigurableApplicationContext context, HttpRequest request)
			throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	private static HttpRequest get(ConfigurableApplicationContext context, String path) {
		return HttpRequest.newBuilder(uri(context, path)).GET().build();
	}

	private static HttpRequest post(ConfigurableApplicationContext context, String path, String risk) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(context, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody());
		if (risk != null) {
			builder.header("X-Test-Risk", risk);
		}
		return builder.build();
	}

	private static byte[] body() {
		return "{}".getBytes(StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RiskApp {

		/** Points from the X-Test-Risk header; "throw" throws. */
		@Bean
		RiskRule testHeaderRule() {
			return new RiskRule() {
				@Override
				public String id() {
					return "app.test_header";
				}

				@Override
				public RiskReason evaluate(RiskFeatures features) {
					HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder
						.currentRequestAttributes()).getRequest();
					String value = request.getHeader("X-Test-Risk");
					if (value == null) {
						return null;
					}
					if (value.equals("throw")) {
						throw new IllegalStateException("a broken application rule");
					}
					return new RiskReason(id(), Integer.parseInt(value), 1, 0);
				}
			};
		}

		@RestController
		static class Shop {

			/** score (principal) would-be enforced score (request attribute) */
			@PostMapping({ "/api/cart", "/api/checkout" })
			String post(@AuthenticationPrincipal AgentPrincipal agent, HttpServletRequest request) {
				RiskDecision risk = agent.risk();
				RiskDecision attribute = (RiskDecision) request.getAttribute(RiskEvaluator.REQUEST_ATTRIBUTE);
				return risk.score() + " " + risk.wouldBe().value() + " " + risk.enforced() + " " + attribute.score();
			}

			@GetMapping("/api/products")
			String products() {
				return "[]";
			}

		}

	}

}
