package dev.agentauth.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.agentauth.client.spring.AgentDelegation;
import dev.agentauth.client.spring.AgentSigningInterceptor;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.signature.CompactJws;
import dev.agentauth.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A merchant's step-up (401 {@code fresh_delegation_required, max_age=N}) answered with a fresh delegation token,
 * over real HTTP: a loopback server plays the realm's token endpoint (each exchange issues a token with the
 * current {@code iat}) and a merchant that wants the token issued within {@code max_age}.
 */
class DelegationTokenManagerStepUpTests {

	private static final Duration MAX_AGE = Duration.ofSeconds(60);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

	private final AtomicInteger exchanges = new AtomicInteger();

	private HttpServer server;

	private DelegationTokenManager tokens;

	private String grantId;

	private URI base;

	@BeforeEach
	void start() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/realms/test/protocol/openid-connect/token", this::token);
		this.server.createContext("/api/checkout", this::checkout);
		this.server.start();
		this.base = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		HttpClient http = HttpClient.newHttpClient();
		DelegationClient client = new DelegationClient(http, URI.create(this.base + "/realms/test"), "operator",
				"secret");
		this.tokens = new DelegationTokenManager(client, AgentKeyPair.generateEd25519(), "agent-1", this.clock,
				DelegationTokenManager.DEFAULT_RENEW_BEFORE);
		Map<String, Object> consumer = new LinkedHashMap<>();
		consumer.put("access_token", jwt(Map.of(DelegationClaims.AGENT_GRANT, "grant-1", "iat", now())));
		consumer.put("expires_in", 86400);
		this.grantId = this.tokens.addConsumer(consumer);
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void freshTokenWhenCachedTokenOlderThanMaxAgeThenExchangedAgainAndTheMerchantServes() throws Exception {
		String old = this.tokens.token(this.grantId, "shop");
		this.clock.advance(Duration.ofMinutes(10));
		HttpResponse<String> refused = checkout(old);
		assertThat(refused.statusCode()).isEqualTo(401);
		StepUpChallenge stepUp = StepUpChallenge.from(refused.headers().allValues("WWW-Authenticate"));
		assertThat(stepUp).isEqualTo(new StepUpChallenge(MAX_AGE));
		// the cached token is still valid for 50 minutes: token() keeps it, freshToken() does not
		assertThat(this.tokens.token(this.grantId, "shop")).isEqualTo(old);
		String fresh = this.tokens.freshToken(this.grantId, "shop", null, stepUp.maxAge());
		assertThat(fresh).isNotEqualTo(old);
		assertThat(checkout(fresh).statusCode()).isEqualTo(200);
		assertThat(this.exchanges).hasValue(2);
		// a second step-up right after shares the fresh token; token() now returns it too
		assertThat(this.tokens.freshToken(this.grantId, "shop", null, stepUp.maxAge())).isEqualTo(fresh);
		assertThat(this.tokens.token(this.grantId, "shop")).isEqualTo(fresh);
		assertThat(this.exchanges).hasValue(2);
	}

	@Test
	void restClientWhenMerchantStepsUpThenRetriedOnceWithAFreshToken() throws Exception {
		this.tokens.token(this.grantId, "shop");
		this.clock.advance(Duration.ofMinutes(10));
		RestClient rest = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl(this.base.toString())
			.requestInterceptor(new AgentSigningInterceptor(new AgentRequestSigner(AgentKeyPair.generateEd25519()),
					this.tokens).withDelegation(AgentDelegation.of(this.grantId, "shop")))
			.build();
		assertThat(rest.post().uri("/api/checkout").body("{}").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);
		assertThat(this.exchanges).hasValue(2);
	}

	@Test
	void challengeWhenOtherRefusalOrNoMaxAgeThenNoneOrTheDefault() {
		assertThat(StepUpChallenge.from(List.of("Agent error=\"token_expired\""))).isNull();
		assertThat(StepUpChallenge.from(null)).isNull();
		assertThat(StepUpChallenge.from(List.of("Signature error=\"nonce_replayed\"",
				"Agent error=\"fresh_delegation_required\", max_age=5")))
			.isEqualTo(new StepUpChallenge(Duration.ofSeconds(5)));
		assertThat(StepUpChallenge.from(List.of("Agent error=\"fresh_delegation_required\"")).maxAge())
			.isEqualTo(StepUpChallenge.DEFAULT_MAX_AGE);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.freshToken(this.grantId, "shop", null, Duration.ZERO));
	}

	private HttpResponse<String> checkout(String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.base + "/api/checkout"))
				.header("Authorization", "Agent " + token)
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	// the realm: every exchange issues a token whose iat is the (test) clock's now
	private void token(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		int n = this.exchanges.incrementAndGet();
		String body = JSONObjectUtils.toJSONString(Map.of("access_token",
				jwt(Map.of("iat", now(), "jti", "t" + n)), "token_type", "N_A", "expires_in", 3600));
		respond(exchange, 200, body, null);
	}

	// the merchant's step-up: a delegation token issued more than MAX_AGE ago is refused
	private void checkout(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		long iat;
		try {
			iat = ((Number) CompactJws.parse(authorization.substring("Agent ".length())).claims().get("iat"))
				.longValue();
		}
		catch (Exception ex) {
			respond(exchange, 400, "{}", null);
			return;
		}
		if (now() - iat > MAX_AGE.toSeconds()) {
			respond(exchange, 401, "{\"code\":\"fresh_delegation_required\"}",
					"Agent error=\"fresh_delegation_required\", max_age=" + MAX_AGE.toSeconds());
			return;
		}
		respond(exchange, 200, "{\"order\":\"o-1\"}", null);
	}

	private static void respond(HttpExchange exchange, int status, String body, String wwwAuthenticate)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		if (wwwAuthenticate != null) {
			exchange.getResponseHeaders().set("WWW-Authenticate", wwwAuthenticate);
		}
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private long now() {
		return this.clock.instant().getEpochSecond();
	}

	private static String jwt(Map<String, Object> claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8))
				+ ".c2ln";
	}

}
