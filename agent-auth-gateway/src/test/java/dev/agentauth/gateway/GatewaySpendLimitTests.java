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
 * Layer 2 through the gateway with an unmodified upstream: delegation tokens (signed by a stand-in realm key),
 * identity headers of the consumer's delegation, and spend limits on a purchase route whose amount is named by a
 * JSON pointer: reserved before forwarding, kept on an upstream 2xx, released on anything else.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agentauth.protected-paths=/api/**,/down/**", "agentauth.merchant-id=shop",
				"agentauth.gateway.purchases[0].paths=/api/checkout,/down/checkout",
				"agentauth.gateway.purchases[0].amount=/order/total", "agentauth.gateway.purchases[0].currency=/currency",
				"agentauth.gateway.purchases[0].scope=checkout:create", "spring.http.clients.read-timeout=2s" })
class GatewaySpendLimitTests {

	static final Upstream upstream = Upstream.start();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri", upstream::issuer);
		Upstream.route(properties, 0, "shop", upstream::port, "/api/**");
		Upstream.route(properties, 1, "down", Upstream::closedPort, "/down/**");
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
	void checkoutWhenWithinLimitsThenForwardedWithDelegationHeadersAndBudgetKept() throws Exception {
		Agent agent = agent("checkout:create products:read", "20.00");
		assertThat(agent.checkout("/api/checkout", "15.00").statusCode()).isEqualTo(200);
		Upstream.Received received = upstream.next();
		assertThat(received.header("Agent-Auth-Consumer")).isEqualTo("alice");
		assertThat(received.header("Agent-Auth-Scopes")).isEqualTo("checkout:create products:read");
		assertThat(received.header("Agent-Auth-Grant")).isEqualTo(agent.grant);
		assertThat(new String(received.body())).isEqualTo(body("15.00"));
		// 15.00 of the 20.00 budget is spent: another 15.00 is over it
		assertProblem(agent.checkout("/api/checkout", "15.00"), 403, "spend_limit_exceeded");
		assertThat(agent.checkout("/api/checkout", "5.00").statusCode()).isEqualTo(200);
	}

	@Test
	void checkoutWhenUpstreamFailsThenReservationReleased() throws Exception {
		Agent agent = agent("checkout:create", "20.00");
		assertThat(agent.checkout("/api/checkout?status=500", "15.00").statusCode()).isEqualTo(500);
		assertThat(agent.checkout("/api/checkout?status=409", "15.00").statusCode()).isEqualTo(409);
		// neither failed purchase counts against the budget
		assertThat(agent.checkout("/api/checkout", "15.00").statusCode()).isEqualTo(200);
		assertProblem(agent.checkout("/api/checkout", "15.00"), 403, "spend_limit_exceeded");
	}

	@Test
	void checkoutWhenUpstreamDownThenBadGatewayAndReservationReleased() throws Exception {
		Agent agent = agent("checkout:create", "20.00");
		assertProblem(agent.checkout("/down/checkout", "15.00"), 502, "upstream_unavailable");
		assertThat(agent.checkout("/api/checkout", "15.00").statusCode()).isEqualTo(200);
	}

	@Test
	void checkoutWhenUpstreamTimesOutThenReservationKept() throws Exception {
		Agent agent = agent("checkout:create", "20.00");
		// the upstream got the order and may have acted on it: the amount stays reserved
		assertProblem(agent.checkout("/api/checkout?delay=4000", "15.00"), 504, "upstream_timeout");
		assertThat(upstream.next()).isNotNull();
		assertProblem(agent.checkout("/api/checkout", "15.00"), 403, "spend_limit_exceeded");
		assertThat(agent.checkout("/api/checkout", "5.00").statusCode()).isEqualTo(200);
	}

	@Test
	void checkoutWhenPathIsPercentEncodedThenStillAPurchaseRoute() throws Exception {
		Agent agent = agent("checkout:create", "20.00");
		assertThat(agent.checkout("/api/checkout", "15.00").statusCode()).isEqualTo(200);
		// the upstream decodes /api/%63heckout to /api/checkout: the route is matched on the decoded path
		assertProblem(agent.checkout("/api/%63heckout", "15.00"), 403, "spend_limit_exceeded");
		assertProblem(agent("products:read", "20.00").checkout("/api/%63heckout", "1.00"), 403, "insufficient_scope");
	}

	@Test
	void checkoutWhenPathHasParametersOrIsNotNormalisedThenRefused() throws Exception {
		Agent agent = agent("checkout:create", "20.00");
		assertThat(agent.checkout("/api/checkout", "15.00").statusCode()).isEqualTo(200);
		upstream.clear();
		// an upstream may drop ";x" (a path parameter) and run the checkout: never forwarded past the spend limit
		for (String path : new String[] { "/api;x/checkout", "/api/checkout;x", "/api/%3Bx/checkout", "/api//checkout" }) {
			assertThat(agent.checkout(path, "15.00").statusCode()).as(path).isEqualTo(400);
		}
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void checkoutWhenOverMaxAmountThenRefusedAndNothingForwarded() throws Exception {
		Agent agent = agent("checkout:create", "200.00");
		assertProblem(agent.checkout("/api/checkout", "79.80"), 403, "spend_limit_exceeded");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void checkoutWhenScopeMissingThenInsufficientScope() throws Exception {
		Agent agent = agent("products:read", "20.00");
		HttpResponse<String> response = agent.checkout("/api/checkout", "5.00");
		assertProblem(response, 403, "insufficient_scope");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Agent error=\"insufficient_scope\", scope=\"checkout:create\"");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void checkoutWhenBodyHasNoAmountThenBadRequest() throws Exception {
		Agent agent = agent("checkout:create", "20.00");
		HttpResponse<String> response = agent.send("/api/checkout", "{\"order\":{},\"currency\":\"EUR\"}");
		assertProblem(response, 400, "purchase_amount_invalid");
		assertThat(upstream.isEmpty()).isTrue();
	}

	@Test
	void getWhenNotAPurchaseRouteThenNothingReserved() throws Exception {
		Agent agent = agent("checkout:create", "20.00");
		HttpRequest request = HttpRequest.newBuilder(local("/api/checkout"))
			.header("Authorization", "Agent " + agent.token)
			.GET()
			.build();
		assertThat(send(agent.signer.sign(request, null)).statusCode()).isEqualTo(200);
		assertThat(upstream.next().header("Agent-Auth-Consumer")).isEqualTo("alice");
	}

	private Agent agent(String scope, String budget) throws Exception {
		AgentRequestSigner signer = GatewayHttpTests.register(upstream, AgentStatus.ACTIVE);
		String grant = UUID.randomUUID().toString();
		String token = upstream.delegationToken(signer.keyId(), grant, scope,
				Map.of("type", "agent_delegation", "max_amount", Map.of("value", "50.00", "currency", "EUR"), "budget",
						Map.of("value", budget, "currency", "EUR", "period", "day")));
		return new Agent(signer, grant, token);
	}

	private static String body(String total) {
		return "{\"order\":{\"total\":\"" + total + "\",\"items\":1},\"currency\":\"EUR\"}";
	}

	private URI local(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private final class Agent {

		final AgentRequestSigner signer;

		final String grant;

		final String token;

		Agent(AgentRequestSigner signer, String grant, String token) {
			this.signer = signer;
			this.grant = grant;
			this.token = token;
		}

		HttpResponse<String> checkout(String path, String total) throws Exception {
			return send(path, body(total));
		}

		HttpResponse<String> send(String path, String json) throws Exception {
			HttpRequest request = HttpRequest.newBuilder(local(path))
				.header("Content-Type", "application/json")
				.header("Authorization", "Agent " + this.token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();
			return GatewaySpendLimitTests.this.send(this.signer.sign(request, json.getBytes()));
		}

	}

}
