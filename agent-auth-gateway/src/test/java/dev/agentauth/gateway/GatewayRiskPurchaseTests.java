package dev.agentauth.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;

import static dev.agentauth.gateway.GatewayHttpTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer 3 on the gateway's purchase routes, in enforce mode: the amount at the route's JSON pointer is scored before
 * anything is reserved or forwarded ({@code behavior.budget_drain}), and a purchase the upstream took (2xx, not
 * another status) is recorded ({@code velocity.purchase_rate}). The rules that would score every request of a new
 * agent (cold start, checkout without a cart) are off, and a single rule's points decide.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agentauth.protected-paths=/api/**", "agentauth.merchant-id=shop",
				"agentauth.gateway.purchases[0].paths=/api/checkout",
				"agentauth.gateway.purchases[0].amount=/order/total", "agentauth.gateway.purchases[0].currency=/currency",
				"agentauth.risk.mode=enforce", "agentauth.risk.step-up-score=10", "agentauth.risk.deny-score=10",
				"agentauth.risk.rules.agent.cold_start.enabled=false",
				"agentauth.risk.rules.sequence.checkout_without_cart.enabled=false",
				"agentauth.risk.rules.velocity.purchase_rate.threshold=2" })
class GatewayRiskPurchaseTests {

	static final Upstream upstream = Upstream.start();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri", upstream::issuer);
		Upstream.route(properties, 0, "shop", upstream::port, "/api/**");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop();
	}

	@BeforeEach
	void forgetRequests() {
		upstream.clear();
	}

	@Test
	void checkoutWhenFirstPurchaseDrainsTheBudgetThenRefusedByRiskAndNothingReservedOrForwarded() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		String token = token(signer, "20.00");
		// 18.00 of a 20.00 budget as the delegation's first purchase: behavior.budget_drain
		HttpResponse<String> refused = checkout(signer, token, "/api/checkout", "18.00");
		assertProblem(refused, 403, "risk_too_high");
		assertThat(refused.body()).contains("decision_id");
		assertThat(upstream.isEmpty()).isTrue();
		// nothing was reserved: the whole budget is left for purchases the risk layer lets through
		assertThat(checkout(signer, token, "/api/checkout", "10.00").statusCode()).isEqualTo(200);
		assertThat(checkout(signer, token, "/api/checkout", "10.00").statusCode()).isEqualTo(200);
	}

	@Test
	void checkoutWhenUpstreamTookThePurchasesThenRecordedForPurchaseRate() throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		String token = token(signer, "100.00");
		// purchases the upstream refused are not recorded
		for (int i = 0; i < 3; i++) {
			assertThat(checkout(signer, token, "/api/checkout?status=409", "1.00").statusCode()).isEqualTo(409);
		}
		assertThat(checkout(signer, token, "/api/checkout", "1.00").statusCode()).isEqualTo(200);
		assertThat(checkout(signer, token, "/api/checkout", "1.00").statusCode()).isEqualTo(200);
		assertThat(checkout(signer, token, "/api/checkout", "1.00").statusCode()).isEqualTo(200);
		upstream.clear();
		// three recorded purchases in the hour are over the threshold of 2: velocity.purchase_rate refuses the next
		HttpResponse<String> refused = checkout(signer, token, "/api/checkout", "1.00");
		assertThat(refused.statusCode()).isIn(403, 429);
		assertThat(refused.body()).contains("decision_id");
		assertThat(upstream.isEmpty()).isTrue();
	}

	private static String token(AgentRequestSigner signer, String budget) throws Exception {
		return upstream.delegationToken(signer.keyId(), UUID.randomUUID().toString(), "checkout:create",
				Map.of("type", "agent_delegation", "max_amount", Map.of("value", "50.00", "currency", "EUR"), "budget",
						Map.of("value", budget, "currency", "EUR", "period", "day")));
	}

	private HttpResponse<String> checkout(AgentRequestSigner signer, String token, String path, String total)
			throws Exception {
		String json = "{\"order\":{\"total\":\"" + total + "\",\"items\":1},\"currency\":\"EUR\"}";
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Agent " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return send(signer.sign(request, json.getBytes()));
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
