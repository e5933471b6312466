package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page as an attacker sees it: a cross-site or replayed POST of the form creates no grant, every value
 * an agent or its operator chooses is escaped, and the page cannot be framed.
 */
class ConsentPageSecurityTests {

	private static final String REALM = DelegationFixture.REALM;

	private static final String SCRIPT = "<script>alert(1)</script>";

	// an operator client whose id carries markup (if Keycloak takes it), and a delegable scope whose consent text does
	// (Keycloak refuses markup in scope names: "Unexpected name ... for ClientScope")
	private static final String EVIL_OPERATOR = "op\"><script>alert(2)</script>";

	private static final String PLAIN_OPERATOR = "escape-test-operator";

	private static final String EVIL_SCOPE = "escape:scope";

	private static final String EVIL_SCOPE_TEXT = "<img/src=x/onerror=alert(3)>";

	private static KeycloakServer keycloak;

	private static String operatorClientId;

	@BeforeAll
	static void start() {
		DelegationFixture.start();
		keycloak = DelegationFixture.keycloak;
	}

	@Test
	void crossSitePostOfTheConsentFormCreatesNoGrant() throws Exception {
		Agent agent = Agent.register("CSRF target");
		HeadlessConsent alice = aliceOnTheConsentPage(agent);
		URI action = alice.formAction("agent-consent-form");

		// another site makes the consumer's browser post the form: no Keycloak cookie goes with it (SameSite, and
		// the attacker cannot read them), so Keycloak cannot tie it to alice's login
		HeadlessConsent attacker = new HeadlessConsent(DelegationFixture.REDIRECT);
		attacker.submit(action, Map.of("approve", "", "lifetime", "2592000"));
		assertThat(attacker.result()).doesNotContainKey("code");
		// nor can another consumer's logged-in browser approve alice's request
		HeadlessConsent bob = aliceOnTheConsentPage(agent, "bob");
		bob.submit(action, Map.of("approve", "", "lifetime", "2592000"));
		assertThat(bob.result()).doesNotContainKey("code");
		assertThat(grantsOf("alice")).doesNotContain(agent.id());

		// alice's own page still works once, with the lifetime she chose
		alice.approve(3600L);
		assertThat(alice.result()).containsKey("code");
	}

	@Test
	void replayedConsentPostCreatesNoSecondGrant() throws Exception {
		Agent agent = Agent.register("Replay target");
		HeadlessConsent alice = aliceOnTheConsentPage(agent);
		URI action = alice.formAction("agent-consent-form");
		alice.approve(3600L);
		assertThat(alice.result()).containsKey("code");
		String firstCode = alice.result().get("code");

		// the same POST again, with alice's cookies: the action's session code is spent
		HeadlessConsent again = alice;
		again.submit(action, Map.of("approve", "", "lifetime", "2592000"));
		assertThat(again.result().get("code")).as(again.page()).isIn(firstCode, null);
		assertThat(count(grantsOf("alice"), agent.id())).isEqualTo(1);
	}

	@Test
	void consentPageCannotBeFramed() throws Exception {
		HeadlessConsent alice = aliceOnTheConsentPage(Agent.register("Frame target"));
		assertThat(alice.page()).contains("agent-consent-form");
		// Keycloak's realm defaults (browserSecurityHeaders): X-Frame-Options SAMEORIGIN, CSP frame-ancestors 'self'
		assertThat(alice.headers().firstValue("X-Frame-Options")).hasValueSatisfying(
				(value) -> assertThat(value).isIn("SAMEORIGIN", "DENY"));
		assertThat(alice.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((value) -> assertThat(value).contains("frame-ancestors 'self'"));
		assertThat(alice.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void markupInEveryValueOnTheConsentPageIsEscaped() throws Exception {
		DelegationClient evilOperator = createEvilOperator();
		Map<String, Object> registration = new LinkedHashMap<>();
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		registration.put("name", SCRIPT + "<b>name</b>");
		registration.put("description", "<img src=x onerror=alert(4)>description");
		registration.put("operator", operatorClientId);
		registration.put("keys", List.of(Map.of("jwk", com.nimbusds.jose.util.JSONObjectUtils.parse(key.publicJwkJson()))));
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				com.nimbusds.jose.util.JSONObjectUtils.toJSONString(registration));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String agentId = (String) KeycloakServer.json(created.body()).get("id");

		String limits = "[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
				+ "\"merchants\":[\"<svg onload=alert(5)>\",\"demo-merchant\"]}]";
		HeadlessConsent alice = new HeadlessConsent(DelegationFixture.REDIRECT);
		alice.open(evilOperator.authorizationUri(agentId, "products:read " + EVIL_SCOPE, limits,
				DelegationFixture.REDIRECT, "escape", Pkce.generate()));
		String page = alice.login("alice", "alice");
		assertThat(page).as(page).contains("agent-consent-form");
		assertThat(page).doesNotContain(SCRIPT)
			.doesNotContain("<b>name</b>")
			.doesNotContain("<img src=x")
			.doesNotContain("<svg onload")
			.doesNotContain("<img/src=x")
			.doesNotContain("<script>alert(2)")
			.doesNotContain("op\"><");
		assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.contains("&lt;img src=x onerror=alert(4)&gt;description")
			.contains("&lt;svg onload=alert(5)&gt;")
			.contains("&lt;img/src=x/onerror=alert(3)&gt;");
		if (operatorClientId.equals(EVIL_OPERATOR)) {
			assertThat(page).contains("op&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
		}

		// a currency cannot carry markup: it is refused before any page (ISO 4217 letters only)
		HeadlessConsent currency = new HeadlessConsent(DelegationFixture.REDIRECT);
		currency.open(evilOperator.authorizationUri(agentId, "products:read",
				"[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"1\",\"currency\":\"<b>E</b>\"}}]",
				DelegationFixture.REDIRECT, "escape", Pkce.generate()));
		assertThat(currency.result()).containsEntry("error", "invalid_request");
		assertThat(currency.page()).doesNotContain("<b>E</b>");
	}

	// --- helpers ---

	private static HeadlessConsent aliceOnTheConsentPage(Agent agent) throws Exception {
		return aliceOnTheConsentPage(agent, "alice");
	}

	private static HeadlessConsent aliceOnTheConsentPage(Agent agent, String user) throws Exception {
		HeadlessConsent browser = new HeadlessConsent(DelegationFixture.REDIRECT);
		browser.open(DelegationFixture.operator.authorizationUri(agent.id(), DelegationFixture.SCOPES,
				DelegationFixture.LIMITS, DelegationFixture.REDIRECT, "csrf", Pkce.generate()));
		assertThat(browser.login(user, user)).contains("agent-consent-form");
		return browser;
	}

	private static String grantsOf(String user) throws Exception {
		HttpResponse<String> grants = keycloak.withToken(DelegationFixture.consoleToken(user), "GET",
				"/realms/" + REALM + "/agents/grants", null);
		assertThat(grants.statusCode()).as(grants.body()).isEqualTo(200);
		return grants.body();
	}

	private static int count(String text, String part) {
		return text.split(java.util.regex.Pattern.quote("\"agent_id\":\"" + part + "\""), -1).length - 1;
	}

	// a client (operator) whose id carries markup, or a plain one if Keycloak refuses that id (then markup cannot
	// reach the page through the operator), with a delegable client scope whose consent text carries markup
	private static DelegationClient createEvilOperator() {
		HttpResponse<String> scope = keycloak.admin("POST", "/admin/realms/" + REALM + "/client-scopes",
				com.nimbusds.jose.util.JSONObjectUtils.toJSONString(Map.of("name", EVIL_SCOPE, "protocol",
						"openid-connect", "attributes", Map.of("agentauth.delegable", "true", "include.in.token.scope",
								"true", "display.on.consent.screen", "true", "consent.screen.text", EVIL_SCOPE_TEXT))));
		assertThat(scope.statusCode()).as(scope.body()).isIn(201, 409);
		for (String clientId : List.of(EVIL_OPERATOR, PLAIN_OPERATOR)) {
			Map<String, Object> client = new LinkedHashMap<>();
			client.put("clientId", clientId);
			client.put("secret", "evil-secret");
			client.put("publicClient", false);
			client.put("standardFlowEnabled", true);
			client.put("serviceAccountsEnabled", true);
			client.put("redirectUris", List.of("http://localhost:8090/*"));
			client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
			client.put("optionalClientScopes", List.of("products:read", EVIL_SCOPE));
			HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/clients",
					com.nimbusds.jose.util.JSONObjectUtils.toJSONString(client));
			if (created.statusCode() == 201 || created.statusCode() == 409) {
				// the optional scopes of a new client's representation may be ignored: add them one by one
				String clientUuid = keycloak.clientUuid(REALM, clientId);
				for (String name : List.of("products:read", EVIL_SCOPE)) {
					String scopeId = scopeId(name);
					keycloak.admin("PUT", "/admin/realms/" + REALM + "/clients/" + clientUuid
							+ "/optional-client-scopes/" + scopeId, null);
				}
				operatorClientId = clientId;
				return new DelegationClient(HttpClient.newHttpClient(), keycloak.uri("/realms/" + REALM), clientId,
						"evil-secret");
			}
			assertThat(clientId).as("Keycloak refused the plain operator: " + created.body()).isEqualTo(EVIL_OPERATOR);
		}
		throw new IllegalStateException("unreachable");
	}

	private static String scopeId(String name) {
		String list = keycloak.admin("GET", "/admin/realms/" + REALM + "/client-scopes", null).body();
		try {
			for (Object scope : com.nimbusds.jose.util.JSONArrayUtils.parse(list)) {
				if (scope instanceof Map<?, ?> map && name.equals(map.get("name"))) {
					return (String) map.get("id");
				}
			}
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
		throw new IllegalStateException("No client scope " + name);
	}

}
