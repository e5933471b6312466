package dev.agentauth.it.compat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.signature.CompactJws;
import dev.agentauth.it.keycloak.KeycloakServer;

/**
 * Keycloak's OAuth and OpenID Connect endpoints used the ordinary way, against one Keycloak: each step is written
 * down as a line of what can be compared between two Keycloaks (status, error code, the names of the claims, and
 * the values that do not change from one run to the next: audience, authorized party, scope, token types).
 */
final class OidcChecks {

	private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	private final KeycloakServer keycloak;

	private final String realm;

	private final List<String> seen = new ArrayList<>();

	OidcChecks(KeycloakServer keycloak, String realm) {
		this.keycloak = keycloak;
		this.realm = realm;
	}

	/** Authorization code + PKCE, userinfo, introspection, refresh, client credentials, token exchange. */
	List<String> flows() throws Exception {
		Map<String, Object> tokens = signIn("compat-web", "compat-web-secret");
		String accessToken = (String) tokens.get("access_token");
		userinfo("userinfo", accessToken);
		introspect("introspection by the client", accessToken, "compat-web", "compat-web-secret");
		introspect("introspection by the audience", accessToken, "compat-exchanger", "compat-exchanger-secret");
		introspect("introspection of a forged token", accessToken.substring(0, accessToken.lastIndexOf('.') + 1)
				+ "AAAA", "compat-web", "compat-web-secret");

		Map<String, Object> refreshed = token("refresh", "compat-web", "compat-web-secret",
				form("grant_type", "refresh_token", "refresh_token", (String) tokens.get("refresh_token")));
		userinfo("userinfo after refresh", (String) refreshed.get("access_token"));

		Map<String, Object> service = token("client credentials", "compat-exchanger", "compat-exchanger-secret",
				form("grant_type", "client_credentials"));
		introspect("introspection of the service token", (String) service.get("access_token"), "compat-exchanger",
				"compat-exchanger-secret");

		// standard token exchange (V2): the subject token names compat-exchanger in its audience
		Map<String, Object> exchanged = token("standard token exchange", "compat-exchanger",
				"compat-exchanger-secret", form("grant_type", TOKEN_EXCHANGE, "subject_token", accessToken,
						"subject_token_type", ACCESS_TOKEN_TYPE, "requested_token_type", ACCESS_TOKEN_TYPE));
		introspect("introspection of the exchanged token", (String) exchanged.get("access_token"),
				"compat-exchanger", "compat-exchanger-secret");
		// a client without standard token exchange enabled is refused
		token("token exchange by a client without it", "compat-web", "compat-web-secret",
				form("grant_type", TOKEN_EXCHANGE, "subject_token", accessToken, "subject_token_type",
						ACCESS_TOKEN_TYPE));
		return this.seen;
	}

	/** A client with lightweight access tokens: its token at userinfo, introspection and the account REST API. */
	List<String> lightweight() throws Exception {
		Map<String, Object> tokens = signIn("compat-light", "compat-light-secret");
		String accessToken = (String) tokens.get("access_token");
		userinfo("lightweight userinfo", accessToken);
		introspect("lightweight introspection", accessToken, "compat-light", "compat-light-secret");
		HttpResponse<String> account = this.keycloak.withToken(accessToken, "GET",
				"/realms/" + this.realm + "/account/", null);
		Map<String, Object> profile = (account.statusCode() == 200) ? KeycloakServer.json(account.body()) : Map.of();
		this.seen.add("lightweight account REST API: " + account.statusCode() + " fields " + names(profile)
				+ " username=" + profile.get("username") + " " + error(account));
		HttpResponse<String> credentials = this.keycloak.withToken(accessToken, "GET",
				"/realms/" + this.realm + "/account/credentials", null);
		this.seen.add("lightweight account REST API credentials: " + credentials.statusCode() + " "
				+ error(credentials));
		return this.seen;
	}

	// the browser's part with Keycloak's login form (cookies, redirects), then the code redeemed with the verifier
	private Map<String, Object> signIn(String clientId, String secret) throws Exception {
		Pkce pkce = Pkce.generate();
		URI authorize = this.keycloak.uri("/realms/" + this.realm + "/protocol/openid-connect/auth?"
				+ form("response_type", "code", "client_id", clientId, "redirect_uri", CompatRealm.CALLBACK, "scope",
						"openid", "state", "compat", "code_challenge", pkce.challenge(), "code_challenge_method",
						"S256"));
		HeadlessConsent browser = new HeadlessConsent(URI.create(CompatRealm.CALLBACK));
		browser.open(authorize);
		browser.login(CompatRealm.USER, CompatRealm.USER);
		Map<String, String> result = browser.result();
		this.seen.add(clientId + " authorization: " + new TreeSet<>(result.keySet()) + " state="
				+ result.get("state"));
		String code = result.get("code");
		if (code == null) {
			throw new IllegalStateException("No code: " + result + " " + browser.status() + " " + browser.page());
		}
		// a code Keycloak did not issue is refused (one that names the client session would end it: Keycloak
		// takes it for a replayed code)
		HttpResponse<String> unknown = post("/protocol/openid-connect/token", clientId, secret,
				form("grant_type", "authorization_code", "code", "unknown-code", "redirect_uri", CompatRealm.CALLBACK));
		this.seen.add(clientId + " unknown code: " + unknown.statusCode() + " " + error(unknown));
		return token(clientId + " authorization code + PKCE", clientId, secret, form("grant_type",
				"authorization_code", "code", code, "redirect_uri", CompatRealm.CALLBACK, "code_verifier",
				pkce.verifier()));
	}

	private Map<String, Object> token(String step, String clientId, String secret, String form) {
		HttpResponse<String> response = post("/protocol/openid-connect/token", clientId, secret, form);
		if (response.statusCode() != 200) {
			this.seen.add(step + ": " + response.statusCode() + " " + error(response));
			return Map.of();
		}
		Map<String, Object> body = KeycloakServer.json(response.body());
		Map<String, Object> claims = payload((String) body.get("access_token"));
		StringBuilder line = new StringBuilder(step).append(": 200 fields ").append(names(body))
			.append(" token_type=").append(body.get("token_type"))
			.append(" issued_token_type=").append(body.get("issued_token_type"))
			.append(" access token claims ").append(names(claims))
			.append(stable(claims));
		if (body.get("id_token") instanceof String idToken) {
			line.append(" id token claims ").append(names(payload(idToken)));
		}
		this.seen.add(line.toString());
		return body;
	}

	private void userinfo(String step, String accessToken) {
		if (accessToken == null) {
			this.seen.add(step + ": no token");
			return;
		}
		HttpResponse<String> response = this.keycloak.withToken(accessToken, "GET",
				"/realms/" + this.realm + "/protocol/openid-connect/userinfo", null);
		Map<String, Object> claims = (response.statusCode() == 200) ? KeycloakServer.json(response.body()) : Map.of();
		this.seen.add(step + ": " + response.statusCode() + " claims " + names(claims) + " name=" + claims.get("name")
				+ " " + error(response));
	}

	private void introspect(String step, String token, String clientId, String secret) {
		if (token == null) {
			this.seen.add(step + ": no token");
			return;
		}
		HttpResponse<String> response = post("/protocol/openid-connect/token/introspect", clientId, secret,
				form("token", token));
		Map<String, Object> claims = (response.statusCode() == 200) ? KeycloakServer.json(response.body()) : Map.of();
		this.seen.add(step + ": " + response.statusCode() + " active=" + claims.get("active") + " claims "
				+ names(claims) + stable(claims) + " " + error(response));
	}

	private HttpResponse<String> post(String path, String clientId, String secret, String form) {
		String credentials = Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return this.keycloak.send(HttpRequest.newBuilder(this.keycloak.uri("/realms/" + this.realm + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + credentials)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	// the values that are the same in every run
	private static String stable(Map<String, Object> claims) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String name : List.of("aud", "azp", "client_id", "typ", "token_type", "scope", "preferred_username",
				"username", "name", "email")) {
			Object value = claims.get(name);
			if (value instanceof String text && "scope".equals(name)) {
				value = new TreeSet<>(List.of(text.split(" ")));
			}
			if (value instanceof List<?> list) {
				value = list.stream().map(String::valueOf).sorted().toList();
			}
			if (value != null) {
				values.put(name, value);
			}
		}
		return " " + values;
	}

	private static String error(HttpResponse<String> response) {
		if (response.statusCode() / 100 == 2) {
			return "";
		}
		try {
			Object error = JSONObjectUtils.parse(response.body()).get("error");
			return "error=" + error;
		}
		catch (ParseException ex) {
			return "(not JSON)";
		}
	}

	private static TreeSet<String> names(Map<String, Object> claims) {
		return new TreeSet<>(claims.keySet());
	}

	private static Map<String, Object> payload(String jwt) {
		if (jwt == null) {
			return Map.of();
		}
		try {
			return CompactJws.parse(jwt).claims();
		}
		catch (AgentAuthException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String form(String... pairs) {
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < pairs.length; i += 2) {
			parts.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
		}
		return parts.stream().collect(Collectors.joining("&"));
	}

}
