package dev.agentauth.merchant.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.core.signature.SignatureProfileSelector;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.profile.ProviderProfiles;
import dev.agentauth.core.signature.profile.WebBotAuthProfile;
import dev.agentauth.merchant.signature.AgentPrincipal;
import dev.agentauth.merchant.signature.AgentRequestEvent;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.test.FakeKeyRegistry;
import dev.agentauth.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every vector of {@code conformance/vectors} end to end: sent over HTTP, exactly as the vector gives it (method,
 * path and query, {@code Host} = the vector's authority, its header fields and body), to a real Spring Boot app
 * with the starter, whose key lookup is a registry stand-in answering each vector's keys with the {@code provider}
 * member a brokered key has ({@code keys.type} {@code directory}: a {@code web-bot-auth} directory looked up by
 * thumbprint; {@code jwks}: looked up by {@code kid}), the provider's profile the vector's. So the starter picks the
 * profile from the key, as in production. Checked per vector: the status (200, or the problem's {@code code}) and
 * the recorded outcome ({@code verified}, {@code invalid}, {@code unverified}).
 * <p>
 * Three apps: test keys allowed (the kit's keys are published test keys), refused (the default), and allowed
 * with the {@code web-bot-auth} lifetime a vector lifts ({@code maxLifetimeSeconds}). The clock is set to each
 * vector's {@code now} and the nonce store starts afresh for each vector (several vectors reuse one published
 * request).
 */
class ConformanceVectorsHttpTests {

	private static final Path ROOT = Path.of("..", "conformance", "vectors");

	private static final String ID_HEADER = "X-Conformance-Vector";

	private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z0-9_]+)\"");

	static final MutableClock clock = new MutableClock(Instant.ofEpochSecond(0));

	static final ResettableNonceStore nonces = new ResettableNonceStore();

	static final Map<String, Object> outcomes = new ConcurrentHashMap<>();

	private static FakeKeyRegistry registry;

	private static ConfigurableApplicationContext allowing;

	private static ConfigurableApplicationContext refusing;

	private static ConfigurableApplicationContext longLived;

	@BeforeAll
	static void start() {
		registry = FakeKeyRegistry.start("conformance");
		registry.cacheControl("max-age=0");
		allowing = app("agentauth.signature.allow-test-keys=true");
		refusing = app("agentauth.signature.allow-test-keys=false");
		longLived = app("agentauth.signature.allow-test-keys=true", "conformance.web-bot-auth-max-lifetime=3153600000s");
	}

	@AfterAll
	static void stop() {
		Stream.of(allowing, refusing, longLived).filter((context) -> context != null).forEach(ConfigurableApplicationContext::close);
		if (registry != null) {
			registry.close();
		}
	}

	private static ConfigurableApplicationContext app(String... properties) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("server.port", "0");
		defaults.put("agentauth.protected-paths[0]", "/**");
		defaults.put("agentauth.registry.issuer-uri", registry.issuer().toString());
		defaults.put("spring.main.banner-mode", "off");
		return new SpringApplicationBuilder(TestApp.class).properties(defaults).properties(properties).run();
	}

	@TestFactory
	Stream<DynamicTest> everyVectorHasItsExpectedOutcomeOverHttp() throws IOException {
		List<Map<String, Object>> vectors;
		try (Stream<Path> files = Files.walk(ROOT)) {
			vectors = files.filter((file) -> file.toString().endsWith(".json")).sorted().map(ConformanceVectorsHttpTests::read).toList();
		}
		assertThat(vectors).hasSizeGreaterThan(20);
		return vectors.stream().map((vector) -> DynamicTest.dynamicTest((String) vector.get("id"), () -> run(vector)));
	}

	private static void run(Map<String, Object> vector) throws Exception {
		String id = JSONObjectUtils.getString(vector, "id");
		String profile = JSONObjectUtils.getString(vector, "profile");
		Map<String, Object> expected = JSONObjectUtils.getJSONObject(vector, "expected");
		registerKeys(vector, profile);
		Instant now = Instant.ofEpochSecond(JSONObjectUtils.getLong(vector, "now"));
		clock.set(now);
		nonces.reset(now.minus(Duration.ofDays(1)));
		ConfigurableApplicationContext app = !JSONObjectUtils.getBoolean(vector, "allowTestKeys") ? refusing
				: (vector.get("maxLifetimeSeconds") != null) ? longLived : allowing;
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		Response response = send(port, vector, id + "-1");
		String sent = id + "-1";
		if (JSONObjectUtils.getBoolean(vector, "replay")) {
			assertThat(response.status()).as("%s: the first request of a replay vector is accepted", id).isEqualTo(200);
			response = send(port, vector, id + "-2");
			sent = id + "-2";
		}
		String outcome = String.valueOf(outcomes.get(sent)).toLowerCase(Locale.ROOT);
		String expectedCode = JSONObjectUtils.getString(expected, "code");
		if (expectedCode == null) {
			assertThat(response.status()).as("%s: status (%s)", id, response.body()).isEqualTo(200);
			assertThat(response.body()).as(id).isEqualTo("vector-agent " + profile);
		}
		else {
			assertThat(response.code()).as("%s: problem code (%s)", id, response.body()).isEqualTo(expectedCode);
			assertThat(response.status()).as(id).isIn(401, 403, 503);
		}
		assertThat(outcome).as("%s: recorded outcome", id).isEqualTo(JSONObjectUtils.getString(expected, "outcome"));
	}

	// the vector's keys as brokered keys: provider = the directory or JWKS they were served from
	private static void registerKeys(Map<String, Object> vector, String profile) throws ParseException, AgentAuthException {
		Map<String, Object> keys = JSONObjectUtils.getJSONObject(vector, "keys");
		boolean jwks = "jwks".equals(JSONObjectUtils.getString(keys, "type"));
		String url = JSONObjectUtils.getString(keys, "url");
		for (Map<String, Object> jwk : JSONObjectUtils.getJSONObjectArray(keys, "keys")) {
			Map<String, Object> members = new LinkedHashMap<>(jwk);
			Object kid = members.remove("kid");
			AgentKey key = AgentKey.from(members);
			String lookup = jwks ? (String) kid : key.thumbprint();
			AgentProvider provider = new AgentProvider(jwks ? "tap-scheme" : "bot-directory", "Conformance provider",
					jwks ? AgentProvider.TYPE_JWKS : AgentProvider.TYPE_WEB_BOT_AUTH, profile, url, lookup);
			registry.register(lookup, new RegisteredKey("vector-agent", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null,
					null, key).withProvider(provider).toJson());
		}
	}

	// HTTP/1.1 by hand: the Host header is the vector's authority (the JDK client does not let a caller set it)
	private static Response send(int port, Map<String, Object> vector, String sendId) throws Exception {
		Map<String, Object> request = JSONObjectUtils.getJSONObject(vector, "request");
		URI uri = URI.create(JSONObjectUtils.getString(request, "uri"));
		String body = JSONObjectUtils.getString(request, "body");
		byte[] bytes = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		StringBuilder head = new StringBuilder();
		head.append(JSONObjectUtils.getString(request, "method")).append(' ').append(uri.getRawPath())
			.append((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "").append(" HTTP/1.1\r\n");
		head.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
		JSONObjectUtils.getJSONObject(request, "headers")
			.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append(ID_HEADER).append(": ").append(sendId).append("\r\n");
		if (body != null) {
			head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(bytes);
			out.flush();
			String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
			int status = Integer.parseInt(response.substring(9, 12));
			String payload = response.substring(response.indexOf("\r\n\r\n") + 4);
			if (response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT)
				.contains("transfer-encoding: chunked")) {
				payload = dechunk(payload);
			}
			Matcher code = CODE.matcher(payload);
			return new Response(status, payload, code.find() ? code.group(1) : null);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		return all.toByteArray();
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int end = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, end).trim(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, end + 2, end + 2 + size);
			at = end + 2 + size + 2;
		}
	}

	private static Map<String, Object> read(Path file) {
		try {
			return JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Malformed vector " + file, ex);
		}
	}

	private record Response(int status, String body, @Nullable String code) {
	}

	/** A nonce store that a vector starts afresh, whose memory began before the vector's signatures. */
	static final class ResettableNonceStore implements NonceStore {

		private volatile InMemoryNonceStore store = new InMemoryNonceStore(1000, 100, Clock.systemUTC());

		void reset(Instant memorySince) {
			this.store = new InMemoryNonceStore(1000, 100, Clock.fixed(memorySince, ZoneOffset.UTC));
		}

		@Override
		public void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException {
			this.store.consume(keyId, nonce, expiresAt);
		}

		@Override
		public void consume(String keyId, String nonce, Instant createdAt, Instant expiresAt) throws AgentAuthException {
			this.store.consume(keyId, nonce, createdAt, expiresAt);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@Bean
		Clock agentAuthClock() {
			return clock;
		}

		@Bean
		NonceStore conformanceNonceStore() {
			return nonces;
		}

		// the web-bot-auth lifetime a vector lifts (Cloudflare's v2 vectors expire in 100 years)
		@Bean
		SignatureProfileSelector conformanceProfiles(VerificationPolicy policy,
				@Value("${conformance.web-bot-auth-max-lifetime:#{null}}") @Nullable Duration webBotAuthMaxLifetime) {
			ProviderProfiles profiles = ProviderProfiles.of(policy);
			if (webBotAuthMaxLifetime == null) {
				return profiles;
			}
			return profiles.with(WebBotAuthProfile.defaults()
				.allowTestKeys(policy.isTestKeysAllowed())
				.maxLifetime(webBotAuthMaxLifetime));
		}

		@EventListener
		void recordOutcome(AgentRequestEvent event) {
			HttpServletRequest request = event.request();
			Object outcome = request.getAttribute(AgentSignatureAuthenticationProvider.OUTCOME_ATTRIBUTE);
			outcomes.put(request.getHeader(ID_HEADER), (outcome != null) ? outcome : "none");
		}

		@RestController
		static class Everything {

			@RequestMapping("/**")
			String agent(org.springframework.security.core.Authentication authentication, HttpServletRequest request) {
				AgentPrincipal agent = (AgentPrincipal) authentication.getPrincipal();
				return agent.agentId() + " " + request.getAttribute(AgentSignatureAuthenticationProvider.PROFILE_ATTRIBUTE);
			}

		}

	}

}
