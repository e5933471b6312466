package dev.agentauth.it.registry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONArrayUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent key registry on a real Keycloak: admin REST, the public key lookup, bad input, realm cleanup.
 */
@SuppressWarnings("unchecked")
class AgentRegistryTests {

	private static final String REALM = "agentic-commerce";

	private static KeycloakServer keycloak;

	@BeforeAll
	static void startKeycloak() {
		keycloak = KeycloakServer.get();
	}

	@Test
	void createAgentWithKeyThenPublicLookupReturnsTheRegisteredKey() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String name = "shopper-" + UUID.randomUUID();
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"" + name + "\",\"operator\":\"demo-agent-operator\",\"allowedNetworks\":[\"192.0.2.0/24\"],"
						+ "\"keys\":[{\"jwk\":" + key.publicJwkJson() + "}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String agentId = (String) KeycloakServer.json(created.body()).get("id");
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/admin/realms/" + REALM + "/agents/" + agentId));

		HttpResponse<String> lookup = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + key.thumbprint())).build());
		assertThat(lookup.statusCode()).isEqualTo(200);
		assertThat(lookup.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(value) -> assertThat(value).contains("max-age=" + KeycloakServer.PUBLIC_MAX_AGE_SECONDS));
		RegisteredKey registered = RegisteredKey.parse(lookup.body());
		assertThat(registered.agentId()).isEqualTo(agentId);
		assertThat(registered.agentStatus()).isEqualTo(AgentStatus.ACTIVE);
		assertThat(registered.keyStatus()).isEqualTo(KeyStatus.ACTIVE);
		assertThat(registered.operator()).isEqualTo("demo-agent-operator");
		assertThat(registered.keyId()).isEqualTo(key.thumbprint());
		assertThat(registered.allowedNetworks()).containsExactly("192.0.2.0/24");
		assertThat(lookup.body()).doesNotContain("\"d\"");

		String etag = lookup.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> notModified = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + key.thumbprint()))
			.header("If-None-Match", etag)
			.build());
		assertThat(notModified.statusCode()).isEqualTo(304);

		HttpResponse<String> agent = keycloak.admin("GET", "/admin/realms/" + REALM + "/agents/" + agentId, null);
		assertThat(agent.statusCode()).isEqualTo(200);
		assertThat(KeycloakServer.json(agent.body())).containsEntry("name", name)
			.containsEntry("status", "active")
			.containsEntry("allowed_networks", List.of("192.0.2.0/24"));

		HttpResponse<String> search = keycloak.admin("GET",
				"/admin/realms/" + REALM + "/agents?search=" + name.substring(8, 20) + "&max=5", null);
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(JSONArrayUtils.parse(search.body())).hasSize(1);
	}

	@Test
	void addKeyToExistingAgentReturnsItsThumbprintAsKid() throws Exception {
		String agentId = createAgent("rotating-" + UUID.randomUUID());
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		HttpResponse<String> added = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agentId + "/keys",
				"{\"jwk\":" + key.publicJwkJson() + "}");
		assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
		assertThat(KeycloakServer.json(added.body())).containsEntry("kid", key.thumbprint())
			.containsEntry("alg", "ed25519");

		HttpResponse<String> again = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agentId + "/keys",
				"{\"jwk\":" + key.publicJwkJson() + "}");
		assertThat(again.statusCode()).isEqualTo(409);

		// a new agent bringing an already registered key: 409, and the agent is not stored either
		String name = "duplicate-" + UUID.randomUUID();
		HttpResponse<String> clash = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"" + name + "\",\"keys\":[{\"jwk\":" + key.publicJwkJson() + "}]}");
		assertThat(clash.statusCode()).as(clash.body()).isEqualTo(409);
		assertThat(JSONArrayUtils.parse(keycloak.admin("GET", "/admin/realms/" + REALM + "/agents?search=" + name, null)
			.body())).isEmpty();
		AgentKeyPair fresh = AgentKeyPair.generateEd25519();
		HttpResponse<String> twice = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"" + name + "\",\"keys\":[{\"jwk\":" + fresh.publicJwkJson() + "},{\"jwk\":"
						+ fresh.publicJwkJson() + "}]}");
		assertThat(twice.statusCode()).as(twice.body()).isEqualTo(409);
		assertThat(JSONArrayUtils.parse(keycloak.admin("GET", "/admin/realms/" + REALM + "/agents?search=" + name, null)
			.body())).isEmpty();
		assertThat(keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + fresh.thumbprint())).build()).statusCode())
			.isEqualTo(404);
	}

	@Test
	void unknownKidIsA404Problem() {
		HttpResponse<String> lookup = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"))
			.build());
		assertThat(lookup.statusCode()).isEqualTo(404);
		assertThat(lookup.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(KeycloakServer.json(lookup.body())).containsEntry("code", "unknown_key");
	}

	@Test
	void privateKeyMaterialIsRefusedExplicitlyAndNothingIsStored() throws Exception {
		String name = "leaky-" + UUID.randomUUID();
		HttpResponse<String> refused = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"" + name + "\",\"keys\":[{\"jwk\":" + AgentKeyPair.generateEd25519().privateJwkJson() + "}]}");
		assertThat(refused.statusCode()).isEqualTo(400);
		Map<String, Object> error = KeycloakServer.json(refused.body());
		assertThat(error).containsEntry("error", "key_private_material");
		assertThat((String) error.get("error_description")).contains("private");
		assertThat(JSONArrayUtils.parse(keycloak.admin("GET", "/admin/realms/" + REALM + "/agents?search=" + name, null)
			.body())).isEmpty();
	}

	@Test
	void badInputIsRefusedWithSpecificErrors() throws Exception {
		RSAKey small = new RSAKeyGenerator(1024, true).keyUse(KeyUse.SIGNATURE).generate();
		assertRefused("{\"name\":\"a\",\"keys\":[{\"jwk\":" + small.toPublicJWK().toJSONString() + "}]}", 400,
				"key_too_small");
		assertRefused("{\"name\":\"a\",\"keys\":[{\"jwk\":{\"kty\":\"OKP\",\"crv\":\"X25519\","
				+ "\"x\":\"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo\"}}]}", 400, "key_unsupported");
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String wrongKid = key.publicJwkJson().replace(key.thumbprint(), "not-the-thumbprint");
		assertRefused("{\"name\":\"a\",\"keys\":[{\"jwk\":" + wrongKid + "}]}", 400, "key_id_mismatch");
		assertRefused("{\"name\":\"a\",\"allowedNetworks\":[\"10.0.0.0/33\"]}", 400, "invalid_request");
		assertRefused("{\"name\":\"a\",\"allowed_networks\":[\"example.com/24\"]}", 400, "invalid_request");
		assertRefused("{\"name\":\"a\",\"allowed_networks\":\"10.0.0.0/8\"}", 400, "invalid_request");
		assertRefused("{\"name\":42}", 400, "invalid_request");
		assertRefused("{\"description\":\"no name\"}", 400, "invalid_request");
		assertRefused("not json", 400, "invalid_request");
		assertRefused("{\"name\":\"" + "x".repeat(70_000) + "\"}", 413, "invalid_request");
		assertThat(keycloak.admin("GET", "/admin/realms/" + REALM + "/agents/" + UUID.randomUUID(), null).statusCode())
			.isEqualTo(404);
	}

	@Test
	void adminEndpointsRefuseAnonymousCallers() {
		HttpResponse<String> anonymous = keycloak.withToken(null, "GET", "/admin/realms/" + REALM + "/agents", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	void registryChangesAreAdminEvents() throws Exception {
		String agentId = createAgent("evented-" + UUID.randomUUID());
		HttpResponse<String> events = keycloak.admin("GET",
				"/admin/realms/" + REALM + "/admin-events?max=200", null);
		assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
		assertThat(JSONArrayUtils.parse(events.body())).anySatisfy((event) -> {
			assertThat(((Map<?, ?>) event).get("resourceType")).isEqualTo("AGENT");
			assertThat(((Map<?, ?>) event).get("operationType")).isEqualTo("CREATE");
			assertThat((String) ((Map<?, ?>) event).get("resourcePath")).contains(agentId);
		});
	}

	@Test
	void deletingARealmRemovesItsAgentsAndKeys() throws Exception {
		String realm = "cleanup-" + UUID.randomUUID().toString().substring(0, 8);
		String realmJson = "{\"realm\":\"" + realm + "\",\"enabled\":true}";
		assertThat(keycloak.admin("POST", "/admin/realms", realmJson).statusCode()).isEqualTo(201);
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		assertThat(keycloak.admin("POST", "/admin/realms/" + realm + "/agents",
				"{\"name\":\"doomed\",\"keys\":[{\"jwk\":" + key.publicJwkJson() + "}]}").statusCode()).isEqualTo(201);
		String lookupPath = "/realms/" + realm + "/agents/keys/" + key.thumbprint();
		assertThat(keycloak.send(HttpRequest.newBuilder(keycloak.uri(lookupPath)).build()).statusCode()).isEqualTo(200);

		// a realm created after start-up gets the registry roles too
		String managementId = keycloak.clientUuid(realm, "realm-management");
		assertThat(keycloak.admin("GET", "/admin/realms/" + realm + "/clients/" + managementId + "/roles/view-agents", null)
			.statusCode()).isEqualTo(200);

		assertThat(keycloak.admin("DELETE", "/admin/realms/" + realm, null).statusCode()).isEqualTo(204);
		assertThat(keycloak.admin("POST", "/admin/realms", realmJson).statusCode()).isEqualTo(201);
		assertThat(keycloak.send(HttpRequest.newBuilder(keycloak.uri(lookupPath)).build()).statusCode()).isEqualTo(404);
		assertThat(keycloak.admin("GET", "/admin/realms/" + realm + "/agents", null).body()).isEqualTo("[]");
		keycloak.admin("DELETE", "/admin/realms/" + realm, null);
	}

	@Test
	void suspendActivateAndRevokeChangeWhatMerchantsSee() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String agentId = createAgent("status-" + UUID.randomUUID(), key);
		String base = "/admin/realms/" + REALM + "/agents/" + agentId;

		assertThat(keycloak.admin("POST", base + "/suspend", null).statusCode()).isEqualTo(200);
		assertThat(lookup(key).agentStatus()).isEqualTo(AgentStatus.SUSPENDED);
		assertThat(keySet(agentId, "jwks")).isEmpty();

		assertThat(keycloak.admin("POST", base + "/activate", null).statusCode()).isEqualTo(200);
		assertThat(lookup(key).agentStatus()).isEqualTo(AgentStatus.ACTIVE);
		assertThat(keySet(agentId, "jwks")).hasSize(1);

		assertThat(keycloak.admin("POST", base + "/revoke", null).statusCode()).isEqualTo(200);
		assertThat(lookup(key).agentStatus()).isEqualTo(AgentStatus.REVOKED);
		HttpResponse<String> reactivate = keycloak.admin("POST", base + "/activate", null);
		assertThat(reactivate.statusCode()).isEqualTo(409);
		assertThat(lookup(key).agentStatus()).isEqualTo(AgentStatus.REVOKED);
		assertThat(keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + UUID.randomUUID() + "/suspend", null)
			.statusCode()).isEqualTo(404);
	}

	@Test
	void retiredKeyStaysServedForTheOverlapWindowAndRevokedKeyEndsAtOnce() throws Exception {
		AgentKeyPair oldKey = AgentKeyPair.generateEd25519();
		AgentKeyPair newKey = AgentKeyPair.generateEd25519();
		String agentId = createAgent("rotation-" + UUID.randomUUID(), oldKey);
		String base = "/admin/realms/" + REALM + "/agents/" + agentId + "/keys";
		assertThat(keycloak.admin("POST", base, "{\"jwk\":" + newKey.publicJwkJson() + "}").statusCode()).isEqualTo(201);

		long before = java.time.Instant.now().getEpochSecond();
		HttpResponse<String> retired = keycloak.admin("POST", base + "/" + oldKey.thumbprint() + "/retire", null);
		assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
		RegisteredKey old = lookup(oldKey);
		assertThat(old.keyStatus()).isEqualTo(KeyStatus.RETIRED);
		// the overlap window the server runs with (spi-agent-registry--jpa--rotation-overlap)
		assertThat(old.notAfter().getEpochSecond()).isBetween(before + KeycloakServer.ROTATION_OVERLAP_SECONDS - 1,
				before + KeycloakServer.ROTATION_OVERLAP_SECONDS + 5);
		old.checkUsable(java.time.Instant.now());
		assertThat(keySet(agentId, "jwks")).hasSize(2);
		HttpResponse<String> directory = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/" + agentId + "/directory")).build());
		assertThat(directory.headers().firstValue("Content-Type"))
			.hasValue("application/http-message-signatures-directory+json");

		assertThat(keycloak.admin("POST", base + "/" + oldKey.thumbprint() + "/revoke", null).statusCode()).isEqualTo(200);
		RegisteredKey revoked = lookup(oldKey);
		assertThat(revoked.keyStatus()).isEqualTo(KeyStatus.REVOKED);
		assertThat(keySet(agentId, "jwks")).singleElement()
			.satisfies((jwk) -> assertThat(((Map<?, ?>) jwk).get("kid")).isEqualTo(newKey.thumbprint()));
		assertThat(keycloak.admin("POST", base + "/" + oldKey.thumbprint() + "/retire", null).statusCode()).isEqualTo(200);
		assertThat(lookup(oldKey).keyStatus()).isEqualTo(KeyStatus.REVOKED);
		assertThat(keycloak.admin("POST", base + "/unknown-kid/revoke", null).statusCode()).isEqualTo(404);
	}

	@Test
	void updateAndDeleteAgent() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String agentId = createAgent("editable-" + UUID.randomUUID(), key);
		String path = "/admin/realms/" + REALM + "/agents/" + agentId;
		HttpResponse<String> updated = keycloak.admin("PUT", path,
				"{\"name\":\"renamed\",\"description\":\"new\",\"allowedNetworks\":[\"2001:db8::/32\"]}");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(KeycloakServer.json(keycloak.admin("GET", path, null).body())).containsEntry("name", "renamed")
			.containsEntry("description", "new").containsEntry("allowed_networks", List.of("2001:db8::/32"));
		assertThat(keycloak.admin("PUT", path, "{\"name\":\"renamed\",\"allowed_networks\":[\"192.0.2.1\"]}")
			.statusCode()).isEqualTo(200);
		assertThat(KeycloakServer.json(keycloak.admin("GET", path, null).body()))
			.containsEntry("allowed_networks", List.of("192.0.2.1"));
		assertThat(keycloak.admin("PUT", path, "{\"name\":\"\"}").statusCode()).isEqualTo(400);

		assertThat(keycloak.admin("DELETE", path, null).statusCode()).isEqualTo(204);
		assertThat(keycloak.admin("GET", path, null).statusCode()).isEqualTo(404);
		assertThat(keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + key.thumbprint())).build()).statusCode())
			.isEqualTo(404);
	}

	@Test
	void viewAgentsMayReadButNotChangeAndManageAgentsMayChange() throws Exception {
		String viewer = userWithRoles("viewer", "view-agents");
		String manager = userWithRoles("manager", "manage-agents");
		String nobody = userWithRoles("nobody");
		String agents = "/admin/realms/" + REALM + "/agents";

		assertThat(keycloak.withToken(viewer, "GET", agents, null).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = keycloak.withToken(viewer, "POST", agents, "{\"name\":\"x\"}");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(KeycloakServer.json(refused.body())).containsEntry("error", "access_denied")
			.containsKey("error_description");
		assertThat(keycloak.withToken(manager, "POST", agents, "{\"name\":\"by-manager\"}").statusCode())
			.isEqualTo(201);
		assertThat(keycloak.withToken(manager, "GET", agents, null).statusCode()).isEqualTo(200);
		assertThat(keycloak.withToken(nobody, "GET", agents, null).statusCode()).isEqualTo(403);
		assertThat(keycloak.withToken(nobody, "POST", agents, "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
	}

	@Test
	void realmAdminRoleIncludesManageAgents() throws Exception {
		String clientId = realmManagementId();
		HttpResponse<String> composites = keycloak.admin("GET",
				"/admin/realms/" + REALM + "/clients/" + clientId + "/roles/realm-admin/composites", null);
		assertThat(composites.statusCode()).isEqualTo(200);
		assertThat(JSONArrayUtils.parse(composites.body()))
			.anySatisfy((role) -> assertThat(((Map<?, ?>) role).get("name")).isEqualTo("manage-agents"));
	}

	private static String userWithRoles(String prefix, String... roles) {
		return keycloak.userTokenWithRealmManagementRoles(REALM, prefix, roles);
	}

	private static String realmManagementId() {
		return keycloak.clientUuid(REALM, "realm-management");
	}

	private static RegisteredKey lookup(AgentKeyPair key) throws Exception {
		HttpResponse<String> response = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + key.thumbprint())).build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return RegisteredKey.parse(response.body());
	}

	private static List<Object> keySet(String agentId, String kind) {
		HttpResponse<String> response = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/" + agentId + "/" + kind)).build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (List<Object>) KeycloakServer.json(response.body()).get("keys");
	}

	private static String createAgent(String name, AgentKeyPair key) {
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"" + name + "\",\"keys\":[{\"jwk\":" + key.publicJwkJson() + "}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return (String) KeycloakServer.json(created.body()).get("id");
	}

	private static String createAgent(String name) {
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"" + name + "\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return (String) KeycloakServer.json(created.body()).get("id");
	}

	private static void assertRefused(String body, int status, String error) {
		HttpResponse<String> response = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(KeycloakServer.json(response.body())).containsEntry("error", error);
	}

}
