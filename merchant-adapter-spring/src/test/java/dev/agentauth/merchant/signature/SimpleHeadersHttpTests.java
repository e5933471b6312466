package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.SimpleHeaderVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's header scheme as an opt-in compatibility profile, over HTTP in a real Spring Boot app with a
 * registry stand-in (key lookup and agent JWKS): accepted when {@code agentauth.compat.simple-headers.enabled},
 * with the same refusal codes; the attack it allows (a captured request sent to another path) is shown passing;
 * refused when the profile is off.
 */
class SimpleHeadersHttpTests {

	static final Map<String, String> keys = new ConcurrentHashMap<>();

	static final Map<String, List<String>> agents = new ConcurrentHashMap<>();

	/** The paths the registry stand-in was asked for. */
	static final List<String> asked = new CopyOnWriteArrayList<>();

	static final HttpServer registry = startRegistry();

	static final HttpClient http = HttpClient.newHttpClient();

	static final byte[] CART = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":1}]}".getBytes(StandardCharsets.UTF_8);

	@DynamicPropertySource
	static void registryProperties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri",
				() -> "http://127.0.0.1:" + registry.getAddress().getPort() + "/realms/test");
	}

	@Nested
	@SpringBootTest(classes = AgentSignatureHttpTests.TestApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "agentauth.protected-paths[0]=/api/**", "agentauth.compat.simple-headers.enabled=true" })
	class ProfileOn {

		@Value("${local.server.port}")
		int port;

		@Test
		void postWhenSignedWithTheSimpleHeadersThenAccepted() throws Exception {
			Agent agent = Agent.register("simple-1", AgentStatus.ACTIVE);
			HttpResponse<String> response = send(simple(this.port, "POST", "/api/cart", agent, now(), CART));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("simple-1 operator-1 " + new String(CART, StandardCharsets.UTF_8));
			// no body: the timestamp alone is signed
			assertThat(send(simple(this.port, "GET", "/api/products", agent, now(), null)).statusCode()).isEqualTo(200);
		}

		@Test
		void theSchemeDoesNotSignThePathSoACapturedRequestIsAcceptedOnAnotherEndpoint() throws Exception {
			Agent agent = Agent.register("simple-2", AgentStatus.ACTIVE);
			String timestamp = now();
			// the agent meant to add to its cart; whoever captured the request sends it to checkout first
			HttpRequest.Builder meant = simple(this.port, "POST", "/api/cart", agent, timestamp, CART);
			HttpRequest.Builder moved = simple(this.port, "POST", "/api/checkout", agent, timestamp, CART);
			HttpResponse<String> attack = send(moved);
			assertThat(attack.statusCode()).as("the limitation of the scheme: path not signed").isEqualTo(200);
			// only the first use passes: the agent's own request is now a replay
			assertRefused(send(meant), 401, "nonce_replayed");
		}

		@Test
		void refusalsCarryTheSameCodesAsRfc9421() throws Exception {
			Agent agent = Agent.register("simple-3", AgentStatus.ACTIVE);
			String old = Long.toString(Instant.now().minusSeconds(301).getEpochSecond());
			assertRefused(send(simple(this.port, "POST", "/api/cart", agent, old, CART)), 401, "signature_expired");
			String ahead = Long.toString(Instant.now().plusSeconds(400).getEpochSecond());
			assertRefused(send(simple(this.port, "POST", "/api/cart", agent, ahead, CART)), 401,
					"signature_not_yet_valid");
			String timestamp = now();
			HttpRequest.Builder tampered = simple(this.port, "POST", "/api/cart", agent, timestamp, CART);
			assertRefused(http.send(tampered.POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}")).build(),
					HttpResponse.BodyHandlers.ofString()), 401, "signature_invalid");
			Agent stranger = new Agent("nobody", AgentKeyPair.generateEd25519());
			assertRefused(send(simple(this.port, "POST", "/api/cart", stranger, now(), CART)), 401, "unknown_key");
			assertRefused(send(simple(this.port, "POST", "/api/cart", agent, "yesterday", CART)), 401,
					"signature_malformed");
			// a delegation token would not be bound to anything
			assertRefused(send(simple(this.port, "POST", "/api/checkout", agent, now(), CART)
				.header("Authorization", "Agent eyJ.x.y")), 401, "component_missing");
			Agent suspended = Agent.register("simple-4", AgentStatus.SUSPENDED);
			assertRefused(send(simple(this.port, "POST", "/api/cart", suspended, now(), CART)), 403, "agent_suspended");
		}

		@Test
		void anAgentIdThatIsADotSegmentIsRefusedWithoutAskingTheRegistry() throws Exception {
			// "." and ".." survive percent-encoding: {issuer}/agents/../jwks would ask another registry endpoint
			Agent agent = Agent.register("simple-6", AgentStatus.ACTIVE);
			for (String id : List.of(".", "..")) {
				Agent dotted = new Agent(id, agent.key());
				HttpResponse<String> response = send(simple(this.port, "POST", "/api/cart", dotted, now(), CART));
				assertRefused(response, 401, "agent_id_malformed");
				assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
						(challenge) -> assertThat(challenge).contains("error=\"agent_id_malformed\""));
			}
			assertThat(asked).noneMatch((path) -> path.contains("/./") || path.contains("/../")
					|| path.endsWith("/agents/jwks"));
		}

		@Test
		void rfc9421RequestsAreStillVerifiedAsBefore() throws Exception {
			Agent agent = Agent.register("simple-5", AgentStatus.ACTIVE);
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/cart"))
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(CART)).build();
			HttpResponse<String> response = http.send(new AgentRequestSigner(agent.key()).sign(request, CART),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}

	}

	@Nested
	@SpringBootTest(classes = AgentSignatureHttpTests.TestApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "agentauth.protected-paths[0]=/api/**" })
	class ProfileOff {

		@Value("${local.server.port}")
		int port;

		@Test
		void aSimpleHeaderRequestIsRefusedByDefault() throws Exception {
			Agent agent = Agent.register("simple-off", AgentStatus.ACTIVE);
			HttpResponse<String> response = send(simple(this.port, "POST", "/api/cart", agent, now(), CART));
			assertRefused(response, 401, "signature_malformed");
			assertThat(response.body()).contains("Signature-Input and Signature must both be present");
		}

	}

	@Test
	void replaysAreRememberedInRedisAcrossInstances() throws Exception {
		// one prefix per run on the shared Redis
		String prefix = "agentauth-test:" + UUID.randomUUID() + ":";
		try (ConfigurableApplicationContext first = startWithRedis(prefix);
				ConfigurableApplicationContext second = startWithRedis(prefix)) {
			Agent agent = Agent.register("simple-redis", AgentStatus.ACTIVE);
			String timestamp = now();
			HttpResponse<String> accepted = send(simple(port(first), "POST", "/api/cart", agent, timestamp, CART));
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
			assertRefused(send(simple(port(second), "POST", "/api/checkout", agent, timestamp, CART)), 401,
					"nonce_replayed");
			StringRedisTemplate redis = new StringRedisTemplate(first.getBean(RedisConnectionFactory.class));
			Set<String> used = redis.keys(prefix + "*");
			// the nonce, and the store's own marker of when its memory began
			assertThat(used).filteredOn((key) -> key.contains(":simple-headers:"))
				.singleElement().asString().contains(":simple-headers:" + timestamp + ":");
			redis.delete(used);
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static ConfigurableApplicationContext startWithRedis(String prefix) {
		return new SpringApplicationBuilder(AgentSignatureHttpTests.TestApp.class).run("--server.port=0",
				"--agentauth.protected-paths=/api/**", "--agentauth.compat.simple-headers.enabled=true",
				"--agentauth.replay.store=redis", "--agentauth.replay.redis-key-prefix=" + prefix,
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=6379",
				"--spring.data.redis.timeout=2s", "--management.health.redis.enabled=false",
				"--agentauth.registry.issuer-uri=http://127.0.0.1:" + registry.getAddress().getPort() + "/realms/test");
	}

	record Agent(String id, AgentKeyPair key) {

		static Agent register(String id, AgentStatus status) {
			AgentKeyPair key = AgentKeyPair.generateEd25519();
			RegisteredKey registered = new RegisteredKey(id, status, "operator-1", KeyStatus.ACTIVE, null, null,
					key.publicKey());
			keys.put(registered.keyId(), registered.toJson());
			agents.put(id, List.of(key.publicJwkJson()));
			return new Agent(id, key);
		}

	}

	static String now() {
		return Long.toString(Clock.systemUTC().instant().getEpochSecond());
	}

	/** A request in the article's scheme: Agent-ID, Timestamp, Signature = base64(sign(body || timestamp)). */
	static HttpRequest.Builder simple(int port, String method, String path, Agent agent, String timestamp,
			byte[] body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header(SimpleHeaderVerifier.AGENT_ID, agent.id())
			.header(SimpleHeaderVerifier.TIMESTAMP, timestamp)
			.header(SimpleHeaderVerifier.SIGNATURE, SimpleHeaderVerifier.sign(agent.key().signingKey(), body, timestamp));
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		return builder.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(body));
	}

	static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(JSONObjectUtils.parse(response.body())).as(response.body()).containsEntry("code", code);
	}

	private static HttpServer startRegistry() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/realms/test/agents/", (exchange) -> {
				asked.add(exchange.getRequestURI().getRawPath());
				String rest = exchange.getRequestURI().getPath().substring("/realms/test/agents/".length());
				String json = null;
				if (rest.startsWith("keys/")) {
					json = keys.get(rest.substring("keys/".length()));
				}
				else if (rest.endsWith("/jwks")) {
					List<String> jwks = agents.get(rest.substring(0, rest.length() - "/jwks".length()));
					json = (jwks == null) ? null : "{\"keys\":[" + String.join(",", jwks) + "]}";
				}
				if (json == null) {
					exchange.sendResponseHeaders(404, -1);
				}
				else {
					byte[] body = json.getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, body.length);
					exchange.getResponseBody().write(body);
				}
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
