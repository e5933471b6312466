package dev.agentauth.demo.merchant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.SigningKey;
import dev.agentauth.test.FakeKeyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo shop over HTTP with a registry stand-in that knows one agent key.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MerchantApplicationTests {

	private static final SigningKey key = newKey();

	private static final FakeKeyRegistry registry = startRegistry();

	private final HttpClient http = HttpClient.newHttpClient();

	private final AgentRequestSigner signer = new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60),
			false);

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void registryProperties(DynamicPropertyRegistry properties) {
		properties.add("agentauth.registry.issuer-uri", registry::issuer);
	}

	@Test
	void cartWhenSignedThenReturnsTotalAndAgent() throws Exception {
		byte[] body = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":2},{\"sku\":\"mug-002\",\"quantity\":1}]}"
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = post("/api/v1/cart", body);
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> json = JSONObjectUtils.parse(response.body());
		assertThat(((Number) json.get("total")).doubleValue()).isEqualTo(27.0);
		assertThat(JSONObjectUtils.getJSONObject(json, "agent")).containsEntry("agent_id", "shopping-agent")
			.containsEntry("keyid", key.keyId());
	}

	@Test
	void checkoutWithoutADelegationThenInsufficientScopeNamingTheScope() throws Exception {
		byte[] body = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":1}]}".getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = post("/api/v1/checkout", body);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(JSONObjectUtils.parse(response.body())).containsEntry("code", "insufficient_scope");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Agent error=\"insufficient_scope\", scope=\"checkout:create\"");
	}

	private HttpResponse<String> post(String path, byte[] body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(this.signer.sign(request, body), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void productsWhenUnsignedThenSignatureMissing() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/products")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(JSONObjectUtils.parse(response.body())).containsEntry("code", "signature_missing");
	}

	private static SigningKey newKey() {
		try {
			return SigningKey.from(new ECKeyGenerator(Curve.P_256).generate());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static FakeKeyRegistry startRegistry() {
		String json = new RegisteredKey("shopping-agent", AgentStatus.ACTIVE, "agent-operator", KeyStatus.ACTIVE, null,
				null, key.publicKey())
			.toJson();
		return FakeKeyRegistry.start("demo").register(key.keyId(), json);
	}

}
