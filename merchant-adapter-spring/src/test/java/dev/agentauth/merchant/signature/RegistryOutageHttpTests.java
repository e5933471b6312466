package dev.agentauth.merchant.signature;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.test.FakeKeyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry outage seen over HTTP: the app's own registry server is stopped; a key fetched before the outage
 * keeps working for {@code agentauth.registry.max-stale} after it went stale, then requests are refused (fail
 * closed). Times are short (max-age 1 s, max-stale 4 s) with wide margins around them.
 */
class RegistryOutageHttpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void postWhenRegistryDownThenCachedKeyServedUntilMaxStaleThenRefused() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String registered = new RegisteredKey("agent-outage", AgentStatus.ACTIVE, "operator-1", KeyStatus.ACTIVE, null,
				null, key.publicKey()).toJson();
		FakeKeyRegistry registry = FakeKeyRegistry.start("outage");
		registry.register(key.thumbprint(), registered);
		registry.cacheControl("max-age=1");
		AgentRequestSigner signer = new AgentRequestSigner(key);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AgentSignatureHttpTests.TestApp.class)
			.run("--server.port=0", "--agentauth.protected-paths=/api/**", "--agentauth.registry.max-stale=4s",
					"--agentauth.registry.issuer-uri=" + registry.issuer())) {
			assertThat(post(app, signer).statusCode()).isEqualTo(200);

			registry.close();
			// these sleeps let time pass on purpose: the app reads the system clock (max-age 1 s, max-stale 4 s)
			Thread.sleep(Duration.ofMillis(1500));
			// stale (max-age passed), registry unreachable, within max-stale: still served
			assertThat(post(app, signer).statusCode()).isEqualTo(200);

			Thread.sleep(Duration.ofSeconds(5));
			HttpResponse<String> refused = post(app, signer);
			assertThat(refused.statusCode()).isEqualTo(503);
			Map<String, Object> problem = JSONObjectUtils.parse(refused.body());
			assertThat(problem).containsEntry("code", "registry_unavailable");
		}
		finally {
			registry.close();
		}
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, AgentRequestSigner signer)
			throws Exception {
		return RedisNonceStoreHttpTests.postCart(this.http, context, signer);
	}

}
