package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.DelegationRevokedException;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.spring.AgentDelegation;
import dev.agentauth.client.spring.AgentSigningExchangeFilter;
import dev.agentauth.client.spring.AgentSigningInterceptor;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The agent SDK for Spring against the demo merchant (a real process) and a real Keycloak, over HTTP:
 * {@code RestClient}, {@code RestTemplate} and {@code WebClient} sign with RFC 9421 and carry
 * {@code Authorization: Agent <token>} from the {@link DelegationTokenManager}; a stale signature is retried once
 * with a fresh one; tokens are renewed before they expire (short lifetimes in a realm of their own) after the
 * consumer's token is refreshed; a revoked grant ends in {@link DelegationRevokedException} and no more calls.
 */
class SpringAgentClientTests {

	private static final String CART = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":1}]}";

	private static KeycloakServer keycloak;

	private static MerchantServer merchant;

	@BeforeAll
	static void start() {
		DelegationFixture.start();
		keycloak = KeycloakServer.get();
		merchant = MerchantServer.get();
	}

	@Test
	void restClientSignsAndCarriesTheDelegation() throws Exception {
		Agent agent = Agent.register("Spring RestClient agent");
		DelegationTokenManager tokens = manager(DelegationFixture.operator, agent);
		Map<String, Object> consumer = consent(DelegationFixture.operator, agent, "alice", null);
		String grant = tokens.addConsumer(consumer);
		RestClient client = RestClient.builder()
			.baseUrl(merchant.uri("/").toString())
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(new AgentSigningInterceptor(new AgentRequestSigner(agent.key()), tokens))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();

		assertThat(client.get().uri("/api/v1/products").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);
		assertThat(client.post().uri("/api/v1/cart").contentType(MediaType.APPLICATION_JSON).body(CART).retrieve()
			.toEntity(String.class).getStatusCode().value()).isEqualTo(200);
		// the agent on its own may not check out
		ResponseEntity<String> alone = client.post().uri("/api/v1/checkout").contentType(MediaType.APPLICATION_JSON)
			.body(CART).retrieve().toEntity(String.class);
		assertThat(alone.getStatusCode().value()).as(alone.getBody()).isEqualTo(403);
		assertThat(alone.getBody()).contains("insufficient_scope");
		// with the consumer's delegation (request attribute)
		ResponseEntity<String> order = client.post().uri("/api/v1/checkout")
			.attribute(AgentDelegation.ATTRIBUTE, AgentDelegation.of(grant, DelegationFixture.MERCHANT))
			.contentType(MediaType.APPLICATION_JSON).body(CART).retrieve().toEntity(String.class);
		assertThat(order.getStatusCode().value()).as(order.getBody()).isEqualTo(200);
		assertThat(KeycloakServer.json(order.getBody())).containsEntry("grant", grant)
			.containsEntry("consumer", subject(consumer));
		assertThat(tokens.exchangeCount()).isEqualTo(1);
	}

	@Test
	void restTemplateSignsAndCarriesTheDelegation() throws Exception {
		Agent agent = Agent.register("Spring RestTemplate agent");
		DelegationTokenManager tokens = manager(DelegationFixture.operator, agent);
		String grant = tokens.addConsumer(consent(DelegationFixture.operator, agent, "alice", null));
		AgentSigningInterceptor signing = new AgentSigningInterceptor(new AgentRequestSigner(agent.key()), tokens)
			.withDelegation(AgentDelegation.of(grant, DelegationFixture.MERCHANT));
		RestTemplate template = new RestTemplate(new JdkClientHttpRequestFactory());
		template.getInterceptors().add(signing);

		assertThat(template.getForEntity(merchant.uri("/api/v1/products"), String.class).getStatusCode().value())
			.isEqualTo(200);
		org.springframework.http.HttpHeaders json = new org.springframework.http.HttpHeaders();
		json.setContentType(MediaType.APPLICATION_JSON);
		ResponseEntity<String> order = template.postForEntity(merchant.uri("/api/v1/checkout"),
				new org.springframework.http.HttpEntity<>(CART, json), String.class);
		assertThat(order.getStatusCode().value()).as(order.getBody()).isEqualTo(200);
		assertThat(KeycloakServer.json(order.getBody())).containsEntry("grant", grant);
		// the second call reuses the token
		assertThat(template.postForEntity(merchant.uri("/api/v1/checkout"),
				new org.springframework.http.HttpEntity<>(CART, json), String.class).getStatusCode().value()).isEqualTo(200);
		assertThat(tokens.exchangeCount()).isEqualTo(1);
	}

	@Test
	void webClientSignsAndCarriesTheDelegation() throws Exception {
		Agent agent = Agent.register("Spring WebClient agent");
		DelegationTokenManager tokens = manager(DelegationFixture.operator, agent);
		String grant = tokens.addConsumer(consent(DelegationFixture.operator, agent, "bob", null));
		WebClient client = WebClient.builder()
			.baseUrl(merchant.uri("/").toString())
			.clientConnector(new JdkClientHttpConnector())
			.filter(new AgentSigningExchangeFilter(new AgentRequestSigner(agent.key()), tokens))
			.build();

		assertThat(status(client.get().uri("/api/v1/products"))).isEqualTo(200);
		assertThat(status(client.post().uri("/api/v1/cart").contentType(MediaType.APPLICATION_JSON).bodyValue(CART)))
			.isEqualTo(200);
		ResponseEntity<String> order = client.post().uri("/api/v1/checkout")
			.attribute(AgentDelegation.ATTRIBUTE, AgentDelegation.of(grant, DelegationFixture.MERCHANT))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(CART)
			.exchangeToMono((response) -> response.toEntity(String.class)).block(Duration.ofSeconds(30));
		assertThat(order.getStatusCode().value()).as(order.getBody()).isEqualTo(200);
		assertThat(KeycloakServer.json(order.getBody())).containsEntry("grant", grant);
	}

	@Test
	void aStaleSignatureIsRetriedOnceWithAFreshOne() throws Exception {
		Agent agent = Agent.register("Slow signer");
		// the first signature of each request is dated 10 minutes ago (a slow queue): signature_expired
		StaleFirstClock clock = new StaleFirstClock();
		AgentRequestSigner signer = new AgentRequestSigner(agent.key().signingKey(), clock, Duration.ofSeconds(60),
				false);
		AtomicInteger sent = new AtomicInteger();
		RestClient client = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(new AgentSigningInterceptor(signer))
			.requestInterceptor(counting(sent))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
		ResponseEntity<String> cart = client.post().uri(merchant.uri("/api/v1/cart"))
			.contentType(MediaType.APPLICATION_JSON).body(CART).retrieve().toEntity(String.class);
		assertThat(cart.getStatusCode().value()).as(cart.getBody()).isEqualTo(200);
		assertThat(sent.get()).isEqualTo(2);
		assertThat(clock.reads.get()).isEqualTo(2);

		clock.reads.set(0);
		AtomicInteger reactiveSent = new AtomicInteger();
		WebClient web = WebClient.builder()
			.clientConnector(new JdkClientHttpConnector())
			.filter(new AgentSigningExchangeFilter(signer))
			.filter(countingFilter(reactiveSent))
			.build();
		assertThat(status(web.post().uri(merchant.uri("/api/v1/cart")).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(CART))).isEqualTo(200);
		assertThat(reactiveSent.get()).isEqualTo(2);

		// a clock that is always late: one retry, then the refusal reaches the application
		AgentRequestSigner late = new AgentRequestSigner(agent.key().signingKey(),
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)), Duration.ofSeconds(60), false);
		AtomicInteger lateSent = new AtomicInteger();
		RestClient lateClient = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(new AgentSigningInterceptor(late))
			.requestInterceptor(counting(lateSent))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
		ResponseEntity<String> refused = lateClient.get().uri(merchant.uri("/api/v1/products")).retrieve()
			.toEntity(String.class);
		assertThat(refused.getStatusCode().value()).isEqualTo(401);
		assertThat(refused.getBody()).contains("signature_expired");
		assertThat(lateSent.get()).isEqualTo(2);
	}

	@Test
	void concurrentCallersShareOneTokenExchange() throws Exception {
		Agent agent = Agent.register("Busy agent");
		DelegationTokenManager tokens = manager(DelegationFixture.operator, agent);
		String grant = tokens.addConsumer(consent(DelegationFixture.operator, agent, "alice", null));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			results.add(pool.submit((Callable<String>) () -> {
				go.await();
				return tokens.token(grant, DelegationFixture.MERCHANT);
			}));
		}
		go.countDown();
		List<String> issued = new ArrayList<>();
		for (Future<String> result : results) {
			issued.add(result.get());
		}
		pool.shutdown();
		assertThat(issued).hasSize(8).containsOnly(issued.get(0));
		assertThat(tokens.exchangeCount()).isEqualTo(1);
	}

	@Test
	void aRevokedGrantEndsInATypedExceptionAndNoMoreCalls() throws Exception {
		Agent agent = Agent.register("Revoked SDK agent");
		DelegationTokenManager tokens = manager(DelegationFixture.operator, agent);
		Map<String, Object> consumer = consent(DelegationFixture.operator, agent, "alice", null);
		String grant = tokens.addConsumer(consumer);
		AtomicInteger sent = new AtomicInteger();
		RestClient client = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(new AgentSigningInterceptor(new AgentRequestSigner(agent.key()), tokens)
				.withDelegation(AgentDelegation.of(grant, DelegationFixture.MERCHANT)))
			.requestInterceptor(counting(sent))
			.build();
		assertThat(client.get().uri(merchant.uri("/api/v1/products")).retrieve().toEntity(String.class)
			.getStatusCode().value()).isEqualTo(200);

		assertThat(DelegationFixture.revokeInAccountConsole("alice", grant).statusCode()).isEqualTo(204);
		// the merchant learns it from the revocation feed within a second or so; the token is still cached here
		DelegationRevokedException revoked = Eventually.poll(Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
			try {
				client.get().uri(merchant.uri("/api/v1/products")).retrieve().toEntity(String.class);
				return null;
			}
			catch (DelegationRevokedException ex) {
				return ex;
			}
		}, java.util.Objects::nonNull);
		assertThat(revoked).isNotNull();
		assertThat(revoked.grantId()).isEqualTo(grant);
		assertThat(revoked.error()).isEqualTo("grant_revoked");
		assertThat(tokens.isRevoked(grant)).isTrue();

		// from now on nothing is sent for this grant, by any client sharing the manager
		int before = sent.get();
		long exchanges = tokens.exchangeCount();
		assertThatExceptionOfType(DelegationRevokedException.class)
			.isThrownBy(() -> client.post().uri(merchant.uri("/api/v1/checkout")).contentType(MediaType.APPLICATION_JSON)
				.body(CART).retrieve().toEntity(String.class));
		AtomicInteger reactiveSent = new AtomicInteger();
		WebClient web = WebClient.builder()
			.clientConnector(new JdkClientHttpConnector())
			.filter(new AgentSigningExchangeFilter(new AgentRequestSigner(agent.key()), tokens)
				.withDelegation(AgentDelegation.of(grant, DelegationFixture.MERCHANT)))
			.filter(countingFilter(reactiveSent))
			.build();
		assertThatExceptionOfType(DelegationRevokedException.class)
			.isThrownBy(() -> web.get().uri(merchant.uri("/api/v1/products")).retrieve().toBodilessEntity()
				.block(Duration.ofSeconds(30)));
		assertThatExceptionOfType(DelegationRevokedException.class)
			.isThrownBy(() -> tokens.token(grant, DelegationFixture.MERCHANT));
		assertThat(sent.get()).isEqualTo(before);
		assertThat(reactiveSent.get()).isZero();
		assertThat(tokens.exchangeCount()).isEqualTo(exchanges);
	}

	@Test
	void renewingARevokedGrantEndsInATypedExceptionFromKeycloak() throws Exception {
		Agent agent = Agent.register("Renewal refused");
		DelegationTokenManager tokens = manager(DelegationFixture.operator, agent);
		Map<String, Object> consumer = consent(DelegationFixture.operator, agent, "bob", null);
		String grant = tokens.addConsumer(consumer);
		assertThat(tokens.token(grant, DelegationFixture.MERCHANT)).isNotBlank();
		assertThat(DelegationFixture.revokeInAccountConsole("bob", grant).statusCode()).isEqualTo(204);
		tokens.invalidate(grant, DelegationFixture.MERCHANT, null);
		assertThatExceptionOfType(DelegationRevokedException.class)
			.isThrownBy(() -> tokens.token(grant, DelegationFixture.MERCHANT))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_grant"))
			.withMessageContaining("revoked");
		long exchanges = tokens.exchangeCount();
		assertThatExceptionOfType(DelegationRevokedException.class)
			.isThrownBy(() -> tokens.token(grant, DelegationFixture.MERCHANT));
		assertThat(tokens.exchangeCount()).isEqualTo(exchanges);
	}

	@Test
	void tokensAreRenewedBeforeTheyExpireAfterTheConsumerTokenIsRefreshed() throws Exception {
		// a realm of its own: 12 s delegation tokens and 12 s consumer access tokens
		String realm = "agent-sdk-" + UUID.randomUUID().toString().substring(0, 8);
		Path realmFile = Path.of(System.getProperty("agentauth.realm-config", "../realm-config"),
				"agentic-commerce-realm.json");
		Map<String, Object> realmJson = JSONObjectUtils.parse(Files.readString(realmFile));
		realmJson.put("realm", realm);
		realmJson.put("accessTokenLifespan", 12);
		Map<String, Object> attributes = new LinkedHashMap<>((Map<String, Object>) realmJson.get("attributes"));
		attributes.put("agentauth.delegation.token-lifetime", "PT12S");
		realmJson.put("attributes", attributes);
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms", JSONObjectUtils.toJSONString(realmJson));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		MerchantServer shortLived = MerchantServer.start("merchant-agent-sdk", keycloak.uri("/realms/" + realm),
				List.of());
		try {
			DelegationClient operator = new DelegationClient(HttpClient.newHttpClient(),
					keycloak.uri("/realms/" + realm), DelegationFixture.OPERATOR, DelegationFixture.OPERATOR_SECRET);
			Agent agent = register(realm, "Renewing agent");
			DelegationTokenManager tokens = new DelegationTokenManager(operator, agent.key(), agent.id(),
					Clock.systemUTC(), Duration.ofSeconds(4));
			Map<String, Object> consumer = consent(operator, agent, "alice", null);
			String grant = tokens.addConsumer(consumer);
			RestClient client = RestClient.builder()
				.requestFactory(new JdkClientHttpRequestFactory())
				.requestInterceptor(new AgentSigningInterceptor(new AgentRequestSigner(agent.key()), tokens)
					.withDelegation(AgentDelegation.of(grant, DelegationFixture.MERCHANT)))
				.defaultStatusHandler((status) -> true, (request, response) -> {
				})
				.build();

			String first = tokens.token(grant, DelegationFixture.MERCHANT);
			Instant firstExpires = SignedJWT.parse(first).getJWTClaimsSet().getExpirationTime().toInstant();
			assertThat(Duration.between(Instant.now(), firstExpires)).isLessThanOrEqualTo(Duration.ofSeconds(12));
			ResponseEntity<String> before = checkout(client, shortLived);
			assertThat(before.getStatusCode().value()).as(before.getBody()).isEqualTo(200);
			assertThat(tokens.exchangeCount()).isEqualTo(1);
			assertThat(tokens.refreshCount()).isZero();

			// (the tokens' lifetimes must pass in Keycloak: these sleeps let time pass, nothing to wait for)
			// 9 s later less than 4 s are left of both tokens: the consumer token is refreshed, then exchanged again
			Thread.sleep(Duration.ofSeconds(9));
			ResponseEntity<String> after = checkout(client, shortLived);
			assertThat(after.getStatusCode().value()).as(after.getBody()).isEqualTo(200);
			assertThat(tokens.exchangeCount()).isEqualTo(2);
			assertThat(tokens.refreshCount()).isEqualTo(1);
			String second = tokens.token(grant, DelegationFixture.MERCHANT);
			assertThat(second).isNotEqualTo(first);
			assertThat(SignedJWT.parse(second).getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(firstExpires);
			assertThat(SignedJWT.parse(second).getJWTClaimsSet().getStringClaim("agent_grant")).isEqualTo(grant);

			// and once more, well past the first consumer token's expiry
			Thread.sleep(Duration.ofSeconds(9));
			ResponseEntity<String> later = checkout(client, shortLived);
			assertThat(later.getStatusCode().value()).as(later.getBody()).isEqualTo(200);
			assertThat(tokens.exchangeCount()).isEqualTo(3);
			assertThat(tokens.refreshCount()).isEqualTo(2);
		}
		finally {
			shortLived.stop();
			keycloak.admin("DELETE", "/admin/realms/" + realm, null);
		}
	}

	// helpers

	private static ResponseEntity<String> checkout(RestClient client, MerchantServer target) {
		return client.post().uri(target.uri("/api/v1/checkout")).contentType(MediaType.APPLICATION_JSON).body(CART)
			.retrieve().toEntity(String.class);
	}

	private static DelegationTokenManager manager(DelegationClient operator, Agent agent) {
		return new DelegationTokenManager(operator, agent.key(), agent.id());
	}

	private static Agent register(String realm, String name) throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String body = "{\"name\":\"" + name + "\",\"operator\":\"" + DelegationFixture.OPERATOR + "\",\"keys\":[{\"jwk\":"
				+ key.publicJwkJson() + "}]}";
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + realm + "/agents", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Agent((String) KeycloakServer.json(created.body()).get("id"), key);
	}

	/** The consent flow; the operator's whole token response (access and refresh token). */
	private static Map<String, Object> consent(DelegationClient operator, Agent agent, String user, Long lifetime)
			throws Exception {
		HeadlessConsent browser = new HeadlessConsent(DelegationFixture.REDIRECT);
		Pkce pkce = Pkce.generate();
		browser.open(operator.authorizationUri(agent.id(), DelegationFixture.SCOPES, DelegationFixture.LIMITS,
				DelegationFixture.REDIRECT, UUID.randomUUID().toString(), pkce));
		browser.login(user, user);
		browser.approve(lifetime);
		assertThat(browser.result()).as(browser.page()).containsKey("code");
		Map<String, Object> response = operator.redeemCode(browser.result().get("code"), DelegationFixture.REDIRECT,
				pkce);
		assertThat(response).containsKey("refresh_token");
		return response;
	}

	private static String subject(Map<String, Object> tokenResponse) throws Exception {
		return SignedJWT.parse((String) tokenResponse.get("access_token")).getJWTClaimsSet().getSubject();
	}

	private static int status(WebClient.RequestHeadersSpec<?> spec) {
		return spec.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(30));
	}

	private static ClientHttpRequestInterceptor counting(AtomicInteger sent) {
		return (request, body, execution) -> {
			sent.incrementAndGet();
			return execution.execute(request, body);
		};
	}

	private static ExchangeFilterFunction countingFilter(AtomicInteger sent) {
		return (request, next) -> Mono.defer(() -> {
			sent.incrementAndGet();
			return next.exchange(request);
		});
	}

	/** Every other read is 10 minutes late, starting with the first. */
	private static final class StaleFirstClock extends Clock {

		final AtomicInteger reads = new AtomicInteger();

		@Override
		public Instant instant() {
			Instant now = Instant.now();
			return (this.reads.getAndIncrement() % 2 == 0) ? now.minus(Duration.ofMinutes(10)) : now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
