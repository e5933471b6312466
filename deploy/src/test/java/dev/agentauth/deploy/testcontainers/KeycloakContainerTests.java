package dev.agentauth.deploy.testcontainers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import dev.agentauth.client.ActorToken;
import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.test.TokenExchangeForm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry contract and one delegation flow on Keycloak in a container (the official image with our provider
 * jar, the demo realm imported), for hosts with a Docker engine: the same calls as the dist-zip integration tests.
 * Without a Docker engine the whole class is disabled and reported as skipped, never as passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class KeycloakContainerTests {

	private static final String REALM = "agentic-commerce";

	private static final String OPERATOR = "demo-agent-operator";

	private static final String MERCHANT = "demo-merchant";

	private static final URI REDIRECT = URI.create("http://localhost:8090/callback");

	private static final int MAX_AGE = 30;

	private static final Path REPOSITORY = Path.of(System.getProperty("agentauth.repository", ".."))
		.toAbsolutePath()
		.normalize();

	@Container
	static final KeycloakContainer keycloak = new KeycloakContainer(
			"quay.io/keycloak/keycloak:" + System.getProperty("agentauth.keycloak.version", "26.7.3"))
		.withProviderLibsFrom(List.of(providerJar()))
		.withRealmImportFile("/realm-config/agentic-commerce-realm.json")
		.withEnv("KC_SPI_REALM_RESTAPI_EXTENSION__AGENTS__MAX_AGE", String.valueOf(MAX_AGE));

	private static final HttpClient http = HttpClient.newHttpClient();

	private static String issuer;

	private static DelegationClient operator;

	@BeforeAll
	static void clients() {
		issuer = keycloak.getAuthServerUrl().replaceAll("/$", "") + "/realms/" + REALM;
		operator = new DelegationClient(http, URI.create(issuer), OPERATOR, "demo-operator-secret");
	}

	@Test
	void registeredKeyIsServedToMerchantsWithItsAgentsStatus() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String agentId = registerAgent("container-" + UUID.randomUUID(), key);

		HttpResponse<String> lookup = get("/realms/" + REALM + "/agents/keys/" + key.thumbprint(), null);
		assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
		assertThat(lookup.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(value) -> assertThat(value).contains("max-age=" + MAX_AGE));
		RegisteredKey registered = RegisteredKey.parse(lookup.body());
		assertThat(registered.agentId()).isEqualTo(agentId);
		assertThat(registered.keyId()).isEqualTo(key.thumbprint());
		assertThat(registered.agentStatus()).isEqualTo(AgentStatus.ACTIVE);
		assertThat(registered.keyStatus()).isEqualTo(KeyStatus.ACTIVE);
		assertThat(lookup.body()).doesNotContain("\"d\"");

		HttpResponse<String> unknown = get("/realms/" + REALM + "/agents/keys/" + AgentKeyPair.generateEd25519()
			.thumbprint(), null);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("unknown_key");

		assertThat(send("POST", "/admin/realms/" + REALM + "/agents/" + agentId + "/suspend", adminToken(), null)
			.statusCode()).isEqualTo(200);
		assertThat(RegisteredKey.parse(get("/realms/" + REALM + "/agents/keys/" + key.thumbprint(), null).body())
			.agentStatus()).isEqualTo(AgentStatus.SUSPENDED);

		assertThat(send("POST", "/admin/realms/" + REALM + "/agents", null, "{\"name\":\"anonymous\"}").statusCode())
			.isEqualTo(401);
	}

	@Test
	void consentThenExchangeIssuesAKeyBoundDelegationTokenAndRefusesAReplayedActorToken() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String agentId = registerAgent("container-shopper", key);
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		Pkce pkce = Pkce.generate();
		browser.open(operator.authorizationUri(agentId, "products:read checkout:create",
				"[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
						+ "\"merchants\":[\"" + MERCHANT + "\"]}]",
				REDIRECT, "st-1", pkce));
		assertThat(browser.login("alice", "alice")).contains("container-shopper");
		browser.approve(3600L);
		assertThat(browser.result()).as(browser.page()).containsKey("code");
		String consumer = (String) operator.redeemCode(browser.result().get("code"), REDIRECT, pkce)
			.get("access_token");

		String actor = ActorToken.create(key, agentId, URI.create(issuer));
		HttpResponse<String> exchanged = operator.postToken(exchangeForm(consumer, actor));
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		SignedJWT token = SignedJWT.parse((String) JSONObjectUtils.parse(exchanged.body()).get("access_token"));
		Map<String, Object> claims = token.getJWTClaimsSet().getClaims();
		assertThat(claims.get("iss")).isEqualTo(issuer);
		assertThat(claims.get("act")).isEqualTo(Map.of("sub", agentId));
		assertThat(claims.get("cnf")).isEqualTo(Map.of("jkt", key.thumbprint()));
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(MERCHANT);
		assertThat(claims.get("scope")).isEqualTo("products:read checkout:create");

		HttpResponse<String> replayed = operator.postToken(exchangeForm(consumer, actor));
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(replayed.body()).contains("invalid_grant").contains("already used");
	}

	private static File providerJar() {
		String version = System.getProperty("agentauth.project.version", "0.1.0-SNAPSHOT");
		return REPOSITORY.resolve("keycloak-agent-spi/target/keycloak-agent-spi-" + version + ".jar").toFile();
	}

	private static String registerAgent(String name, AgentKeyPair key) throws Exception {
		Map<String, Object> agent = new LinkedHashMap<>();
		agent.put("name", name);
		agent.put("operator", OPERATOR);
		agent.put("keys", List.of(Map.of("jwk", JSONObjectUtils.parse(key.publicJwkJson()))));
		HttpResponse<String> created = send("POST", "/admin/realms/" + REALM + "/agents", adminToken(),
				JSONObjectUtils.toJSONString(agent));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return (String) JSONObjectUtils.parse(created.body()).get("id");
	}

	private static Map<String, String> exchangeForm(String subjectToken, String actorToken) {
		return TokenExchangeForm.subject(subjectToken, DelegationClaims.ACCESS_TOKEN_TYPE)
			.actor(actorToken, ActorToken.TOKEN_TYPE)
			.audience(MERCHANT)
			.build();
	}

	private static String adminToken() throws Exception {
		String form = "grant_type=password&client_id=admin-cli&username=" + encode(keycloak.getAdminUsername())
				+ "&password=" + encode(keycloak.getAdminPassword());
		HttpResponse<String> response = http.send(HttpRequest
			.newBuilder(URI.create(keycloak.getAuthServerUrl().replaceAll("/$", "")
					+ "/realms/master/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) JSONObjectUtils.parse(response.body()).get("access_token");
	}

	private static HttpResponse<String> get(String path, String token) {
		return send("GET", path, token, null);
	}

	private static HttpResponse<String> send(String method, String path, String token, String json) {
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create(keycloak.getAuthServerUrl().replaceAll("/$", "") + path))
			.header("Accept", "application/json");
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		if (json != null) {
			builder.header("Content-Type", "application/json");
		}
		builder.method(method, (json == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(json));
		try {
			return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
