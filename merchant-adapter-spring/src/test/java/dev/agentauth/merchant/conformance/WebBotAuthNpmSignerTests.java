package dev.agentauth.merchant.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.merchant.signature.AgentPrincipal;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.test.FakeKeyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Requests signed by Cloudflare's {@code web-bot-auth} npm package (0.1.3, the signer Web Bot Auth agents use;
 * {@code src/test/node}, installed with {@code npm ci} from its lock file into {@code target/}), sent to a real
 * Spring Boot app with the starter, whose registry stand-in answers the key as brokered from a Web Bot Auth
 * directory (provider profile {@code web-bot-auth}). Skipped (not passed) when Node.js is not installed.
 */
@SpringBootTest(classes = WebBotAuthNpmSignerTests.TestApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "agentauth.protected-paths[0]=/api/**")
class WebBotAuthNpmSignerTests {

	private static final String DIRECTORY = "https://bot.example/.well-known/http-message-signatures-directory";

	static final FakeKeyRegistry registry = FakeKeyRegistry.start("npm");

	private static Path signer;

	private static Map<String, Object> publicJwk;

	private static Map<String, Object> privateJwk;

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void registryProperties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri", registry::issuer);
	}

	@BeforeAll
	static void installSigner() throws Exception {
		assumeTrue(runs("node", "--version") && runs("npm", "--version"), "Node.js and npm are not installed");
		signer = Path.of("target", "web-bot-auth-signer");
		Files.createDirectories(signer);
		for (String file : List.of("package.json", "package-lock.json", "sign.mjs")) {
			Files.copy(Path.of("src", "test", "node", file), signer.resolve(file), StandardCopyOption.REPLACE_EXISTING);
		}
		if (!Files.isDirectory(signer.resolve("node_modules").resolve("web-bot-auth"))) {
			Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(signer.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
			assertThat(npm.exitValue()).as("npm ci: %s", output).isZero();
		}
		// Ed25519 from the JDK, as a JWK (RFC 8037): the raw keys end their X.509 and PKCS #8 encodings
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] x = pair.getPublic().getEncoded();
		byte[] d = pair.getPrivate().getEncoded();
		Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
		publicJwk = Map.of("kty", "OKP", "crv", "Ed25519", "x",
				base64url.encodeToString(Arrays.copyOfRange(x, x.length - 32, x.length)));
		privateJwk = new LinkedHashMap<>(publicJwk);
		privateJwk.put("d", base64url.encodeToString(Arrays.copyOfRange(d, d.length - 32, d.length)));
		AgentKey publicKey = AgentKey.from(publicJwk);
		AgentProvider provider = new AgentProvider("bot-example", "Bot Example", AgentProvider.TYPE_WEB_BOT_AUTH,
				"web-bot-auth", DIRECTORY, publicKey.thumbprint());
		registry.register(publicKey.thumbprint(), new RegisteredKey("bot.example", AgentStatus.ACTIVE, null,
				KeyStatus.ACTIVE, null, null, publicKey).withProvider(provider).toJson());
	}

	@Test
	void getWhenSignedByTheNpmSignerWithDictionarySignatureAgentThenAccepted() throws Exception {
		// the signer's default components: @authority and the whole Signature-Agent field, here a dictionary
		HttpResponse<String> response = send(sign("agent1=\"https://bot.example\"", null));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("bot.example web-bot-auth");
	}

	@Test
	void getWhenTheNpmSignerCoversADictionaryMemberThenItsSignatureDoesNotVerify() throws Exception {
		// web-bot-auth 0.1.3 (http-message-sig 0.2.0) signs "signature-agent";key="agent1" over the whole field
		// (agent1="https://bot.example") instead of the member's value ("https://bot.example", RFC 9421 §2.1.2):
		// a verifier that follows the RFC cannot verify it. This test shows when the signer changes.
		Map<String, String> headers = sign("agent1=\"https://bot.example\"", List.of("@authority",
				Map.of("name", "signature-agent", "parameters", Map.of("key", "agent1"))));
		assertThat(headers.get("Signature-Input")).contains("\"signature-agent\";key=\"agent1\"");
		assertRefused(send(headers), "signature_invalid");
	}

	@Test
	void getWhenSignedByTheNpmSignerWithStringSignatureAgentThenAccepted() throws Exception {
		HttpResponse<String> response = send(sign("\"https://bot.example\"", null));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("bot.example web-bot-auth");
	}

	@Test
	void getWhenSignatureAgentNamesAnotherDirectoryThenRefused() throws Exception {
		HttpResponse<String> response = send(sign("\"https://other.example\"", null));
		assertRefused(response, "signature_agent_mismatch");
	}

	@Test
	void getWhenSignatureAgentIsNotCoveredThenRefused() throws Exception {
		// signed without Signature-Agent, which is then added: the signature does not vouch for it
		Map<String, String> headers = new LinkedHashMap<>(sign(null, null));
		headers.put("Signature-Agent", "\"https://bot.example\"");
		assertRefused(send(headers), "component_missing");
	}

	@Test
	void getWhenReplayedThenRefused() throws Exception {
		Map<String, String> headers = sign("\"https://bot.example\"", null);
		assertThat(send(headers).statusCode()).isEqualTo(200);
		assertRefused(send(headers), "nonce_replayed");
	}

	private void assertRefused(HttpResponse<String> response, String code) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(JSONObjectUtils.parse(response.body())).containsEntry("code", code);
	}

	// the fields the npm signer produces for GET /api/products (with the given Signature-Agent, if any)
	private Map<String, String> sign(@Nullable String signatureAgent, @Nullable List<Object> components)
			throws Exception {
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("url", uri().toString());
		input.put("method", "GET");
		input.put("jwk", privateJwk);
		input.put("signatureAgent", signatureAgent);
		if (components != null) {
			input.put("components", components);
		}
		Process node = new ProcessBuilder("node", "sign.mjs", JSONObjectUtils.toJSONString(input))
			.directory(signer.toFile())
			.start();
		String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(node.exitValue()).as("node sign.mjs: %s", err).isZero();
		Map<String, Object> signed = JSONObjectUtils.parse(out);
		assertThat(signed.get("keyid")).isEqualTo(AgentKey.from(publicJwk).thumbprint());
		Map<String, String> headers = new LinkedHashMap<>();
		JSONObjectUtils.getJSONObject(signed, "headers").forEach((name, value) -> headers.put(name, (String) value));
		if (signatureAgent != null) {
			headers.put("Signature-Agent", signatureAgent);
		}
		return headers;
	}

	private HttpResponse<String> send(Map<String, String> headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri()).GET();
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri() {
		return URI.create("http://localhost:" + this.port + "/api/products");
	}

	private static boolean runs(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@RestController
		static class Products {

			@GetMapping("/api/products")
			String products(@AuthenticationPrincipal AgentPrincipal agent, HttpServletRequest request) {
				return agent.agentId() + " " + request.getAttribute(AgentSignatureAuthenticationProvider.PROFILE_ATTRIBUTE);
			}

		}

	}

}
