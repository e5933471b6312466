package dev.agentauth.it.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.it.console.AccountConsole;
import dev.agentauth.it.console.Chromium;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak's own features, the same with our provider jar as without it: every check runs against Keycloak
 * 26.7.3 as distributed ({@link KeycloakServer#stock()}) and against Keycloak with our provider
 * ({@link KeycloakServer#get()}), both with the same realms made from {@code compat/compat-realm.json}, and what
 * each saw (statuses, error codes, claim names, page headings) must be the same line for line. The stock run's
 * lines are also checked for what Keycloak is known to do, so both runs must pass, not merely agree.
 */
class KeycloakCompatibilityTests {

	/** Keycloak's default client scopes, and its account console's own client as created. */
	static final String REALM = "compat";

	/** The same realm, with lightweight access tokens for the account console's client. */
	static final String LIGHTWEIGHT_REALM = "compat-lightweight";

	/** The demo realm of {@code realm-config/}, on the Keycloak with our provider. */
	static final String DEMO_REALM = "agentic-commerce";

	static KeycloakServer stock;

	static KeycloakServer extended;

	@BeforeAll
	static void start() {
		// the two start side by side: the stock one's first start includes Keycloak's build step
		CompletableFuture<KeycloakServer> starting = CompletableFuture.supplyAsync(KeycloakServer::stock);
		extended = KeycloakServer.get();
		stock = starting.join();
		for (KeycloakServer keycloak : List.of(stock, extended)) {
			CompatRealm.create(keycloak, REALM, false);
			CompatRealm.create(keycloak, LIGHTWEIGHT_REALM, true);
		}
	}

	@Test
	void accountConsoleFromItsFrontPageThroughEveryNavigationEntryIsUnchanged() {
		assertThat(Chromium.available()).as("Chromium and chromedriver at %s and %s", Chromium.BINARY,
				Chromium.DRIVER).isTrue();
		for (String realm : List.of(REALM, LIGHTWEIGHT_REALM)) {
			List<String> expected = accountConsole(stock, realm);
			assertThat(expected).as("stock Keycloak, realm %s", realm)
				.contains("front page: Personal info", "user: " + CompatRealm.USER_NAME, "Personal info -> Personal info")
				.anyMatch((line) -> line.startsWith("Signing in -> "))
				.anyMatch((line) -> line.startsWith("Device activity -> "))
				.anyMatch((line) -> line.startsWith("Applications -> "))
				.noneMatch((line) -> line.contains("ERROR"));
			assertThat(accountConsole(extended, realm)).as("with our provider, realm %s", realm)
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void adminConsoleMainSectionsAreUnchanged() {
		assertThat(Chromium.available()).isTrue();
		List<String> expected = adminConsole(stock);
		assertThat(expected).as("stock Keycloak").hasSize(AdminConsoleSections.SECTIONS.size())
			.noneMatch((line) -> line.contains("ERROR") || line.contains("danger"));
		assertThat(adminConsole(extended)).as("with our provider").containsExactlyElementsOf(expected);
	}

	@Test
	void tokenEndpointsUserinfoAndIntrospectionAreUnchanged() throws Exception {
		List<String> expected = new OidcChecks(stock, REALM).flows();
		assertThat(expected).as("stock Keycloak")
			.anyMatch((line) -> line.startsWith("compat-web authorization code + PKCE: 200 "))
			.anyMatch((line) -> line.startsWith("refresh: 200 "))
			.anyMatch((line) -> line.startsWith("client credentials: 200 "))
			.anyMatch((line) -> line.startsWith("standard token exchange: 200 ")
					&& line.contains("issued_token_type=urn:ietf:params:oauth:token-type:access_token"))
			.anyMatch((line) -> line.startsWith("token exchange by a client without it: 4"))
			.anyMatch((line) -> line.startsWith("userinfo: 200 ") && line.contains("name=" + CompatRealm.USER_NAME))
			// Keycloak answers inactive to a caller outside the token's audience
			.anyMatch((line) -> line.startsWith("introspection by the client: 200 active=false"))
			.anyMatch((line) -> line.startsWith("introspection by the audience: 200 active=true")
					&& line.contains("name=" + CompatRealm.USER_NAME))
			.anyMatch((line) -> line.startsWith("introspection of a forged token: 200 active=false"));
		assertThat(new OidcChecks(extended, REALM).flows()).as("with our provider").containsExactlyElementsOf(expected);
	}

	@Test
	void lightweightAccessTokensAtTheAccountApiAndUserinfoAreUnchanged() throws Exception {
		List<String> expected = new OidcChecks(stock, REALM).lightweight();
		assertThat(expected).as("stock Keycloak")
			// Keycloak 26.7.3's userinfo refuses a lightweight access token (even with sub and its audience)
			.anyMatch((line) -> line.startsWith("lightweight userinfo: 401 "))
			// the introspection answer has the claims the lightweight token left out
			.anyMatch((line) -> line.startsWith("lightweight introspection: 200 active=true")
					&& line.contains("name=" + CompatRealm.USER_NAME))
			.anyMatch((line) -> line.startsWith("lightweight account REST API: 200 ")
					&& line.contains("username=" + CompatRealm.USER))
			.anyMatch((line) -> line.startsWith("lightweight account REST API credentials: 200"));
		assertThat(new OidcChecks(extended, REALM).lightweight()).as("with our provider")
			.containsExactlyElementsOf(expected);
	}

	@Test
	void demoRealmKeepsKeycloaksDefaultClientScopesAndAddsOurs() {
		// what Keycloak creates for a realm that lists no client scopes, on the stock Keycloak
		Map<String, List<String>> defaults = clientScopes(stock, REALM);
		Map<String, List<String>> demo = clientScopes(extended, DEMO_REALM);
		assertThat(demo).as("the demo realm's client scopes and their mappers").containsAllEntriesOf(defaults)
			.containsKeys("products:read", "cart:write", "checkout:create");
		for (String kind : List.of("default-default-client-scopes", "default-optional-client-scopes")) {
			assertThat(scopeNames(extended, DEMO_REALM, kind)).as(kind)
				.containsExactlyInAnyOrderElementsOf(scopeNames(stock, REALM, kind));
		}
		// a client that names none gets the realm's defaults, as compat-light does on the stock Keycloak
		List<String> clientDefaults = clientScopeNames(stock, REALM, "compat-light", "default-client-scopes");
		for (String client : List.of("demo-agent-operator", "demo-merchant")) {
			assertThat(clientScopeNames(extended, DEMO_REALM, client, "default-client-scopes")).as(client)
				.containsAll(clientDefaults);
		}
		// Keycloak's own clients are created before a realm file's scopes: they must list them as stock has them
		// (the account console's token had no sub and no roles, and its front page answered 403)
		for (String client : List.of("account", "account-console", "admin-cli", "broker", "realm-management",
				"security-admin-console")) {
			for (String kind : List.of("default-client-scopes", "optional-client-scopes")) {
				assertThat(clientScopeNames(extended, DEMO_REALM, client, kind)).as(client + " " + kind)
					.containsExactlyInAnyOrderElementsOf(clientScopeNames(stock, REALM, client, kind));
			}
		}
		assertThat(clientScopeNames(extended, DEMO_REALM, "demo-agent-operator", "optional-client-scopes"))
			.containsAll(clientScopeNames(stock, REALM, "compat-light", "optional-client-scopes"))
			.contains("products:read", "cart:write", "checkout:create");
	}

	// client scope name -> its protocol and its mappers (name, type), sorted
	private static Map<String, List<String>> clientScopes(KeycloakServer keycloak, String realm) {
		Map<String, List<String>> scopes = new TreeMap<>();
		for (Object scope : array(keycloak.admin("GET", "/admin/realms/" + realm + "/client-scopes", null))) {
			Map<?, ?> fields = (Map<?, ?>) scope;
			List<String> mappers = new ArrayList<>();
			mappers.add("protocol " + fields.get("protocol"));
			if (fields.get("protocolMappers") instanceof List<?> list) {
				for (Object mapper : list) {
					Map<?, ?> m = (Map<?, ?>) mapper;
					mappers.add(m.get("name") + " (" + m.get("protocolMapper") + ")");
				}
			}
			java.util.Collections.sort(mappers);
			scopes.put((String) fields.get("name"), mappers);
		}
		return scopes;
	}

	private static List<String> scopeNames(KeycloakServer keycloak, String realm, String kind) {
		return names(array(keycloak.admin("GET", "/admin/realms/" + realm + "/" + kind, null)));
	}

	private static List<String> clientScopeNames(KeycloakServer keycloak, String realm, String clientId,
			String kind) {
		return names(array(keycloak.admin("GET", "/admin/realms/" + realm + "/clients/"
				+ keycloak.clientUuid(realm, clientId) + "/" + kind, null)));
	}

	private static List<String> names(List<Object> representations) {
		return representations.stream().map((scope) -> (String) ((Map<?, ?>) scope).get("name")).sorted().toList();
	}

	private static List<Object> array(java.net.http.HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		try {
			return com.nimbusds.jose.util.JSONArrayUtils.parse(response.body());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> accountConsole(KeycloakServer keycloak, String realm) {
		try (Chromium browser = new Chromium()) {
			return new AccountConsole(browser, keycloak.baseUri(), realm).tour(CompatRealm.USER, CompatRealm.USER);
		}
	}

	private static List<String> adminConsole(KeycloakServer keycloak) {
		try (Chromium browser = new Chromium()) {
			return new ArrayList<>(new AdminConsoleSections(browser, keycloak.baseUri(), REALM).visit(CompatRealm.ADMIN,
					CompatRealm.ADMIN));
		}
	}

}
