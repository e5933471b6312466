package dev.agentauth.it.signal;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realm of its own for the signal tests (so its auto-suspend policy touches no other test): merchant clients
 * {@code merchant-a}, {@code merchant-b}, {@code merchant-c} (service accounts with the realm role
 * {@code agent-merchant}, secret = client id + "-secret"), {@code not-a-merchant} (a service account without it),
 * admin events on.
 */
final class SignalRealm {

	static final String SECRET_SUFFIX = "-secret-0123456789";

	final String name;

	final KeycloakServer keycloak;

	private SignalRealm(String name, KeycloakServer keycloak) {
		this.name = name;
		this.keycloak = keycloak;
	}

	static SignalRealm create() {
		KeycloakServer keycloak = KeycloakServer.get();
		String name = "signals-" + UUID.randomUUID().toString().substring(0, 8);
		List<Map<String, Object>> clients = new ArrayList<>();
		List<Map<String, Object>> users = new ArrayList<>();
		for (String client : List.of("merchant-a", "merchant-b", "merchant-c", "not-a-merchant")) {
			clients.add(Map.of("clientId", client, "enabled", true, "publicClient", false, "secret",
					client + SECRET_SUFFIX, "serviceAccountsEnabled", true, "standardFlowEnabled", false));
			users.add(Map.of("username", "service-account-" + client, "enabled", true, "serviceAccountClientId",
					client, "realmRoles", client.startsWith("merchant") ? List.of("agent-merchant") : List.of()));
		}
		Map<String, Object> realm = new LinkedHashMap<>();
		realm.put("realm", name);
		realm.put("enabled", true);
		realm.put("adminEventsEnabled", true);
		realm.put("adminEventsDetailsEnabled", true);
		realm.put("roles", Map.of("realm", List.of(Map.of("name", "agent-merchant"))));
		realm.put("clients", clients);
		realm.put("users", users);
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms", JSONObjectUtils.toJSONString(realm));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new SignalRealm(name, keycloak);
	}

	String issuer() {
		return this.keycloak.uri("/realms/" + this.name).toString();
	}

	String token(String client) {
		return this.keycloak.clientToken(this.name, client, client + SECRET_SUFFIX);
	}

	/** Replaces the realm's signal attributes (all four are always sent, so none lingers from a previous test). */
	void policy(String autoSuspend, String credentialCompromise, int rateLimit) {
		Map<String, Object> attributes = Map.of("agentauth.signals.auto-suspend", autoSuspend,
				"agentauth.signals.window", "PT1H", "agentauth.signals.credential-compromise", credentialCompromise,
				"agentauth.signals.rate-limit", String.valueOf(rateLimit));
		HttpResponse<String> updated = this.keycloak.admin("PUT", "/admin/realms/" + this.name,
				JSONObjectUtils.toJSONString(Map.of("attributes", attributes)));
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
	}

	record Agent(String id, AgentKeyPair key) {
		String kid() {
			return this.key.thumbprint();
		}
	}

	Agent agent(String agentName) {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		try {
			String body = JSONObjectUtils.toJSONString(Map.of("name", agentName, "keys",
					List.of(Map.of("jwk", JSONObjectUtils.parse(key.publicJwkJson())))));
			HttpResponse<String> created = this.keycloak.admin("POST", "/admin/realms/" + this.name + "/agents", body);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			return new Agent((String) KeycloakServer.json(created.body()).get("id"), key);
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Pushes a SET as {@code application/secevent+jwt} with the bearer token (none when null). */
	HttpResponse<String> push(String token, String set) {
		return push(token, set, SignalSets.MEDIA_TYPE);
	}

	HttpResponse<String> push(String token, String set, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.keycloak.uri("/realms/" + this.name + "/agents/signals"))
			.header("Content-Type", contentType)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(set));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.keycloak.send(request.build());
	}

	Map<String, Object> admin(String path) {
		HttpResponse<String> response = this.keycloak.admin("GET", "/admin/realms/" + this.name + path, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return KeycloakServer.json(response.body());
	}

	String agentStatus(String agentId) {
		return (String) admin("/agents/" + agentId).get("status");
	}

	void delete() {
		this.keycloak.admin("DELETE", "/admin/realms/" + this.name, null);
	}

}
