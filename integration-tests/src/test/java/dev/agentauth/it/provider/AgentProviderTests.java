package dev.agentauth.it.provider;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agent providers on a real Keycloak: a Web Bot Auth directory served by a node process that signs it with
 * Cloudflare's npm {@code web-bot-auth} package, and a JWKS served by this test; admin REST, the public lookup with
 * the {@code provider} member, retirement, disabling, ambiguity, bad input, access.
 */
@SuppressWarnings("unchecked")
class AgentProviderTests {

	private static final String REALM = "agentic-commerce";

	private static final Path NODE_DIR = Path.of("src/test/node/web-bot-auth-directory");

	private static KeycloakServer keycloak;

	private static Process directory;

	private static int directoryPort;

	private static List<Map<String, Object>> directoryKeys;

	private static HttpServer jwksServer;

	private static final AgentKeyPair TAP_KEY = AgentKeyPair.generateEd25519();

	// what /rotating serves now
	private static volatile String rotating;

	@BeforeAll
	static void start() throws Exception {
		keycloak = KeycloakServer.get();
		if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
			Process ci = new ProcessBuilder("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")
				.directory(NODE_DIR.toFile())
				.redirectErrorStream(true)
				.redirectOutput(Path.of("target", "web-bot-auth-npm-ci.log").toFile())
				.start();
			assertThat(ci.waitFor(180, TimeUnit.SECONDS) && ci.exitValue() == 0)
				.as("npm ci in " + NODE_DIR + " (see target/web-bot-auth-npm-ci.log)").isTrue();
		}
		directory = new ProcessBuilder("node", "server.mjs", "0").directory(NODE_DIR.toFile())
			.redirectError(Path.of("target", "web-bot-auth-directory.log").toFile())
			.start();
		String line = new BufferedReader(new InputStreamReader(directory.getInputStream(), StandardCharsets.UTF_8))
			.readLine();
		assertThat(line).as("the directory server's first line (see target/web-bot-auth-directory.log)").isNotNull();
		Map<String, Object> started = KeycloakServer.json(line);
		directoryPort = ((Number) started.get("port")).intValue();
		directoryKeys = (List<Map<String, Object>>) started.get("keys");

		jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		Map<String, Object> tapJwk = new java.util.LinkedHashMap<>(JSONObjectUtils.parse(TAP_KEY.publicJwkJson()));
		tapJwk.put("kid", "tap-1");
		byte[] jwks = JSONObjectUtils.toJSONString(Map.of("keys", List.of(tapJwk))).getBytes(StandardCharsets.UTF_8);
		jwksServer.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		jwksServer.createContext("/rotating", (exchange) -> {
			byte[] body = rotating.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Cache-Control", "max-age=1");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		jwksServer.createContext("/moved", (exchange) -> {
			exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + jwksPort() + "/jwks");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		jwksServer.start();
	}

	@AfterAll
	static void stop() {
		if (directory != null) {
			directory.destroy();
		}
		if (jwksServer != null) {
			jwksServer.stop(0);
		}
	}

	private static int jwksPort() {
		return jwksServer.getAddress().getPort();
	}

	private static String directoryUrl() {
		return "http://127.0.0.1:" + directoryPort + "/.well-known/http-message-signatures-directory";
	}

	@Test
	void webBotAuthDirectoryIsBrokeredThenAKeyThatLeavesIsRetiredAndDisablingHidesItsKeys() throws Exception {
		String alias = "wba-" + UUID.randomUUID().toString().substring(0, 8);
		String first = AgentKey.from(directoryKeys.get(0)).thumbprint();
		String second = AgentKey.from(directoryKeys.get(1)).thumbprint();

		HttpResponse<String> created = keycloak.admin("POST", providers(), "{\"alias\":\"" + alias
				+ "\",\"displayName\":\"Crawler\",\"type\":\"web-bot-auth\",\"url\":\"" + directoryUrl()
				+ "\",\"profile\":\"web-bot-auth\",\"enabled\":true}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith(providers() + "/" + alias));
		assertThat(KeycloakServer.json(created.body())).containsEntry("status", "ok")
			.containsEntry("lastResult", "ok")
			.containsEntry("keyCount", 2L)
			.containsEntry("displayName", "Crawler");

		RegisteredKey brokered = RegisteredKey.parse(lookup("/agents/keys/" + first, 200));
		assertThat(brokered.keyStatus()).isEqualTo(KeyStatus.ACTIVE);
		assertThat(brokered.provider()).isNotNull();
		assertThat(brokered.provider().alias()).isEqualTo(alias);
		assertThat(brokered.provider().displayName()).isEqualTo("Crawler");
		assertThat(brokered.provider().type()).isEqualTo("web-bot-auth");
		assertThat(brokered.provider().profile()).isEqualTo("web-bot-auth");
		assertThat(brokered.provider().url()).isEqualTo(directoryUrl());
		assertThat(brokered.provider().keyId()).isEqualTo(first);
		assertThat(RegisteredKey.parse(lookup("/agents/providers/" + alias + "/keys/" + first, 200)).keyId())
			.isEqualTo(first);
		assertThat(JSONArrayUtils.parse(keycloak.admin("GET", "/admin/realms/" + REALM + "/agents?max=1000", null)
			.body())).anySatisfy((agent) -> assertThat((Map<String, Object>) agent).containsEntry("provider", alias));

		// the key leaves the directory: retired, valid for the rotation overlap
		assertThat(HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + directoryPort + "/drop"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(204);
		HttpResponse<String> refreshed = keycloak.admin("POST", providers() + "/" + alias + "/refresh", null);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(KeycloakServer.json(refreshed.body())).containsEntry("result", "ok")
			.containsEntry("keyCount", 1L)
			.containsEntry("retired", 1L);
		RegisteredKey retired = RegisteredKey.parse(lookup("/agents/keys/" + second, 200));
		assertThat(retired.keyStatus()).isEqualTo(KeyStatus.RETIRED);
		assertThat(retired.notAfter()).isNotNull();

		// disabled: its keys are unknown to merchants
		HttpResponse<String> disabled = keycloak.admin("PUT", providers() + "/" + alias, "{\"displayName\":\"Crawler\","
				+ "\"type\":\"web-bot-auth\",\"url\":\"" + directoryUrl() + "\",\"enabled\":false}");
		assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
		assertThat(KeycloakServer.json(disabled.body())).containsEntry("status", "disabled");
		assertThat(KeycloakServer.json(lookup("/agents/keys/" + first, 404))).containsEntry("code", "unknown_key");

		assertThat(keycloak.admin("DELETE", providers() + "/" + alias, null).statusCode()).isEqualTo(204);
		assertThat(keycloak.admin("GET", providers() + "/" + alias, null).statusCode()).isEqualTo(404);
	}

	@Test
	void jwksProviderKeysAreLookedUpByKidAndAKidKnownToTwoProvidersIsAmbiguous() throws Exception {
		String one = "tap-" + UUID.randomUUID().toString().substring(0, 8);
		String two = one + "-b";
		String url = "http://127.0.0.1:" + jwksPort() + "/jwks";
		for (String alias : List.of(one, two)) {
			HttpResponse<String> created = keycloak.admin("POST", providers(), "{\"alias\":\"" + alias
					+ "\",\"type\":\"jwks\",\"url\":\"" + url + "\",\"profile\":\"visa-tap\"}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
		assertThat(KeycloakServer.json(lookup("/agents/keys/tap-1", 409))).containsEntry("code", "key_ambiguous");
		RegisteredKey exact = RegisteredKey.parse(lookup("/agents/providers/" + one + "/keys/tap-1", 200));
		assertThat(exact.keyId()).isEqualTo(TAP_KEY.thumbprint());
		assertThat(exact.provider().keyId()).isEqualTo("tap-1");
		assertThat(exact.provider().profile()).isEqualTo("visa-tap");

		assertThat(keycloak.admin("DELETE", providers() + "/" + two, null).statusCode()).isEqualTo(204);
		assertThat(RegisteredKey.parse(lookup("/agents/keys/tap-1", 200)).provider().alias()).isEqualTo(one);
		// a TAP kid is not a thumbprint: the thumbprint finds nothing
		lookup("/agents/keys/" + TAP_KEY.thumbprint(), 404);
		assertThat(keycloak.admin("DELETE", providers() + "/" + one, null).statusCode()).isEqualTo(204);
	}

	@Test
	void theScheduleFetchesAgainAfterCacheControlMaxAgeWithoutARefreshCall() throws Exception {
		String alias = "rotating-" + UUID.randomUUID().toString().substring(0, 8);
		String before = "r1-" + alias;
		String after = "r2-" + alias;
		rotating = jwks(before, AgentKeyPair.generateEd25519());
		HttpResponse<String> created = keycloak.admin("POST", providers(), "{\"alias\":\"" + alias
				+ "\",\"type\":\"jwks\",\"url\":\"http://127.0.0.1:" + jwksPort() + "/rotating\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		lookup("/agents/keys/" + before, 200);

		rotating = jwks(after, AgentKeyPair.generateEd25519());
		// max-age=1, bounded below by the server's min-refresh: the cluster's next round fetches it
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (keycloak.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + after)).build())
			.statusCode() != 200) {
			assertThat(System.nanoTime()).as("no scheduled fetch of " + alias + " within 60 s").isLessThan(deadline);
			Thread.sleep(500);
		}
		assertThat(RegisteredKey.parse(lookup("/agents/keys/" + before, 200)).keyStatus()).isEqualTo(KeyStatus.RETIRED);
		assertThat(keycloak.admin("DELETE", providers() + "/" + alias, null).statusCode()).isEqualTo(204);
	}

	private static String jwks(String kid, AgentKeyPair key) throws Exception {
		Map<String, Object> jwk = new java.util.LinkedHashMap<>(JSONObjectUtils.parse(key.publicJwkJson()));
		jwk.put("kid", kid);
		return JSONObjectUtils.toJSONString(Map.of("keys", List.of(jwk)));
	}

	@Test
	void badInputIsRefusedAtItsFieldAndARedirectIsAFailedFetch() throws Exception {
		String alias = "bad-" + UUID.randomUUID().toString().substring(0, 8);
		String jwks = "http://127.0.0.1:" + jwksPort() + "/jwks";
		refused("{\"alias\":\"a.b\",\"type\":\"jwks\",\"url\":\"" + jwks + "\"}", "alias");
		refused("{\"alias\":\"" + alias + "\",\"type\":\"oidc\",\"url\":\"" + jwks + "\"}", "type");
		refused("{\"alias\":\"" + alias + "\",\"type\":\"jwks\",\"url\":\"http://tap.example/jwks\"}", "url");
		refused("{\"alias\":\"" + alias + "\",\"type\":\"jwks\",\"url\":\"" + jwks + "\",\"profile\":\"web-bot-auth\"}",
				"profile");
		refused("{\"alias\":\"" + alias + "\",\"type\":\"jwks\",\"url\":\"" + jwks + "\",\"enabled\":\"yes\"}",
				"enabled");
		assertThat(keycloak.admin("GET", providers() + "/" + alias, null).statusCode()).isEqualTo(404);

		HttpResponse<String> moved = keycloak.admin("POST", providers(), "{\"alias\":\"" + alias
				+ "\",\"type\":\"jwks\",\"url\":\"http://127.0.0.1:" + jwksPort() + "/moved\"}");
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(201);
		assertThat(KeycloakServer.json(moved.body())).containsEntry("status", "pending")
			.containsEntry("lastResult", "bad_status")
			.containsEntry("keyCount", 0L);
		HttpResponse<String> duplicate = keycloak.admin("POST", providers(),
				"{\"alias\":\"" + alias + "\",\"type\":\"jwks\",\"url\":\"" + jwks + "\"}");
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(KeycloakServer.json(duplicate.body())).containsEntry("field", "alias");
		assertThat(keycloak.admin("DELETE", providers() + "/" + alias, null).statusCode()).isEqualTo(204);
	}

	@Test
	void viewAgentsMayListProvidersAndOnlyManageAgentsMayChangeThem() throws Exception {
		String viewer = userWithRoles("provider-viewer", "view-agents");
		String nobody = userWithRoles("provider-nobody");
		String body = "{\"alias\":\"x\",\"type\":\"jwks\",\"url\":\"https://tap.example/jwks\"}";
		assertThat(keycloak.withToken(viewer, "GET", providers(), null).statusCode()).isEqualTo(200);
		assertThat(keycloak.withToken(viewer, "POST", providers(), body).statusCode()).isEqualTo(403);
		assertThat(keycloak.withToken(viewer, "POST", providers() + "/x/refresh", null).statusCode()).isEqualTo(403);
		assertThat(keycloak.withToken(nobody, "GET", providers(), null).statusCode()).isEqualTo(403);
	}

	@Test
	void aPublishedTestKeyIsNotRegisteredUnlessTheRealmAllowsIt() {
		// RFC 9421 Appendix B.1.4 test-key-ed25519, also the Web Bot Auth drafts' example key
		String testKey = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs\"}";
		HttpResponse<String> refused = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"test-key-" + UUID.randomUUID() + "\",\"keys\":[{\"jwk\":" + testKey + "}]}");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(KeycloakServer.json(refused.body())).containsEntry("error", "test_key_not_allowed")
			.containsEntry("field", "keys");
	}

	private static String providers() {
		return "/admin/realms/" + REALM + "/agent-providers";
	}

	private static void refused(String body, String field) {
		HttpResponse<String> response = keycloak.admin("POST", providers(), body);
		assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
		assertThat(KeycloakServer.json(response.body())).containsEntry("error", "invalid_request")
			.containsEntry("field", field);
	}

	private static String lookup(String path, int status) {
		HttpResponse<String> response = keycloak
			.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + REALM + path)).build());
		assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
		return response.body();
	}

	private static String userWithRoles(String prefix, String... roles) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/users",
				"{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username
						+ "@example.com\",\"emailVerified\":true,\"firstName\":\"T\",\"lastName\":\"User\","
						+ "\"credentials\":[{\"type\":\"password\",\"value\":\"pw\",\"temporary\":false}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		String userId = location.substring(location.lastIndexOf('/') + 1);
		String clientId = keycloak.clientUuid(REALM, "realm-management");
		for (String role : roles) {
			String representation = keycloak
				.admin("GET", "/admin/realms/" + REALM + "/clients/" + clientId + "/roles/" + role, null)
				.body();
			HttpResponse<String> mapped = keycloak.admin("POST",
					"/admin/realms/" + REALM + "/users/" + userId + "/role-mappings/clients/" + clientId,
					"[" + representation + "]");
			assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
		}
		return keycloak.passwordToken(REALM, "admin-cli", username, "pw");
	}

}
