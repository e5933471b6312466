package dev.agentauth.it.console;

import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.Pkce;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.it.provider.WebBotAuthDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console's Agents section and the account console's Connected agents page (theme agentauth, built by
 * keycloak-agent-ui) in a real headless Chromium against the real Keycloak: every action goes through the
 * extension's REST API, so the REST API is what the assertions read back.
 */
class ConsoleBrowserTests {

	static final String REALM = "agentic-commerce";

	static final String OPERATOR = "demo-agent-operator";

	static final String MERCHANT = "demo-merchant";

	static final String SCOPES = "products:read checkout:create";

	static final String LIMITS = "[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
			+ "\"budget\":{\"value\":\"200.00\",\"currency\":\"EUR\",\"period\":\"month\"},\"merchants\":[\"demo-merchant\"]}]";

	static KeycloakServer keycloak;

	@BeforeAll
	static void start() {
		assertThat(Chromium.available()).as("Chromium and chromedriver at %s and %s (apt-get install chromium "
				+ "chromium-driver; .ci/run does it)", Chromium.BINARY, Chromium.DRIVER).isTrue();
		keycloak = KeycloakServer.get();
		// the demo admin's console (master realm) uses the agentauth admin theme, as demo.sh sets it
		HttpResponse<String> master = keycloak.admin("PUT", "/admin/realms/master", "{\"adminTheme\":\"agentauth\"}");
		assertThat(master.statusCode()).as(master.body()).isEqualTo(204);
	}

	@Test
	void adminCreatesAnAgentAddsAKeyAndSuspendsItThenFiltersTheList() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String name = "Browser agent " + suffix;
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		// active agents next to ours, so the status filter has something to hide
		String active = registerAgent("Price watcher " + suffix, AgentKeyPair.generateEd25519());
		registerAgent("Restock assistant " + suffix, AgentKeyPair.generateEd25519());
		try (Chromium browser = new Chromium()) {
			browser.resize(1280, 800);
			openAgents(browser, "master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
			assertThat(browser.testId("view-header").getText()).isEqualTo("Agents");

			// create: the REST 400 for a bad CIDR is shown at the field (the error JSON names it), then the corrected
			// form is saved
			browser.clickButton("Create agent");
			browser.type("agent-name", name);
			browser.type("agent-operator", OPERATOR);
			browser.paste("agent-networks", "192.0.2.0/24\nnot-a-network");
			browser.click("agent-save");
			assertThat(browser.testId("error-allowedNetworks").getText()).contains("not-a-network").contains("CIDR");
			browser.paste("agent-networks", "192.0.2.0/24");
			browser.click("agent-save");
			// the empty list keeps its action: "Add key"
			assertThat(browser.emptyState()).contains("No keys");
			String agentId = browser.currentUrl().replaceAll(".*/agents/([^/]+)/keys$", "$1");
			Map<String, Object> created = KeycloakServer.json(keycloak.admin("GET",
					"/admin/realms/" + REALM + "/agents/" + agentId, null).body());
			assertThat(created).containsEntry("name", name).containsEntry("operator", OPERATOR)
				.containsEntry("allowed_networks", List.of("192.0.2.0/24"));

			// "Add key" opens a dialog; a private JWK is refused by the REST API, and its error is shown there
			browser.clickButton("Add key");
			browser.paste("key-jwk", key.privateJwkJson());
			browser.click("key-add");
			assertThat(browser.testId("key-error").getText()).contains("key_private_material");
			assertThat(browser.present("key-kid")).isFalse();

			browser.paste("key-jwk", key.publicJwkJson());
			browser.click("key-add");
			assertThat(browser.testId("key-kid").getText()).isEqualTo(key.thumbprint());
			browser.until("the dialog closed", () -> !browser.present("key-add-modal"));
			assertThat(browser.lastAlert()).endsWith("Key added");
			assertThat(lookup(key.thumbprint())).containsEntry("agent_status", "ACTIVE");

			agentAction(browser, "agent-suspend");
			browser.until("agent shown as suspended", () -> "SUSPENDED"
				.equals(browser.testId("agent-status").getAttribute("data-status")));
			assertThat(lookup(key.thumbprint())).containsEntry("agent_status", "SUSPENDED")
				.containsEntry("agent_id", agentId);
			// the picture without the open menu and the alert: a click outside closes the menu
			browser.closeAlerts();
			browser.testId("view-header").click();
			browser.screenshot("admin-agent-details");

			// the Events tab is Keycloak's admin-events view of this agent (create, key, suspend); no grants yet
			browser.click("tab-events");
			browser.until("create, key and suspend events listed", () -> browser
				.all(org.openqa.selenium.By.cssSelector("[data-testid='agent-events'] tbody tr")).size() >= 3);
			browser.click("tab-grants");
			assertThat(browser.emptyState()).contains("No grants");

			// the list searches by name and filters by status (server side, ?search= and ?status=); the search
			// keeps this test's three agents on the first page whatever other tests registered
			browser.click("nav-item-agents");
			browser.testId("agents-table");
			browser.search("table-search-input", suffix);
			browser.until("the search lists this test's three agents only", () -> {
				List<WebElement> rows = browser.all("agent-link");
				return rows.size() == 3
						&& rows.stream().anyMatch((row) -> agentId.equals(row.getDomAttribute("data-agent-id")));
			});
			new Select(browser.testId("agents-status-filter")).selectByValue("SUSPENDED");
			browser.until("only suspended agents listed, ours among them", () -> {
				List<WebElement> rows = browser.all("agent-link");
				return rows.stream().anyMatch((row) -> agentId.equals(row.getDomAttribute("data-agent-id")))
						&& browser.all("agent-status").stream()
							.allMatch((label) -> "SUSPENDED".equals(label.getDomAttribute("data-status")));
			});
			new Select(browser.testId("agents-status-filter")).selectByValue("ACTIVE");
			browser.until("only active agents listed, ours not", () -> browser.all("agent-status").stream()
				.allMatch((label) -> "ACTIVE".equals(label.getDomAttribute("data-status")))
					&& browser.all("agent-link").stream()
						.noneMatch((row) -> agentId.equals(row.getDomAttribute("data-agent-id")))
					&& browser.all("agent-link").stream()
						.anyMatch((row) -> active.equals(row.getDomAttribute("data-agent-id"))));
			new Select(browser.testId("agents-status-filter")).selectByValue("");
			browser.until("all agents listed again, ours among them", () -> browser.all("agent-link").stream()
				.anyMatch((row) -> agentId.equals(row.getDomAttribute("data-agent-id"))));
			browser.closeAlerts();
			browser.screenshot("admin-agents");
		}
	}

	@Test
	void adminSeesWhatMerchantsReportedTheStandingAndTheKeysLastUse() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String name = "Reported " + UUID.randomUUID().toString().substring(0, 8);
		String agentId = registerAgent(name, key);
		// the demo merchant pushes a HIGH risk report and its key usage (the realm's policy is off: review only)
		String merchantToken = keycloak.clientToken(REALM, MERCHANT, "demo-merchant-secret");
		String issuer = keycloak.uri("/realms/" + REALM).toString();
		java.time.Instant now = java.time.Instant.now();
		for (String set : List.of(
				dev.agentauth.core.signal.SignalSets.riskLevelChange(MERCHANT, issuer, now, agentId, key.thumbprint(),
						dev.agentauth.core.signal.RiskLevel.HIGH, "velocity.agent_burst"),
				dev.agentauth.core.signal.SignalSets.keyUsage(MERCHANT, issuer, now,
						Map.of(key.thumbprint(), now.minusSeconds(10))))) {
			HttpResponse<String> pushed = keycloak.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + REALM
					+ "/agents/signals")).header("Authorization", "Bearer " + merchantToken)
				.header("Content-Type", dev.agentauth.core.signal.SignalSets.MEDIA_TYPE)
				.POST(HttpRequest.BodyPublishers.ofString(set)).build());
			assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
		}
		try (Chromium browser = new Chromium()) {
			browser.resize(1280, 800);
			openAgents(browser, "master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
			openAgent(browser, name, agentId);
			browser.click("tab-standing");
			assertThat(browser.testId("standing-level").getText()).isEqualTo("HIGH");
			assertThat(browser.testId("standing-row").getText()).contains(MERCHANT).contains("velocity.agent_burst");
			browser.screenshot("admin-agent-standing");
			browser.click("tab-keys");
			assertThat(browser.testId("key-last-used").getText()).isNotEqualTo("—");
			// at 1280 px every header is whole and the row's actions are on the screen
			browser.screenshot("admin-agent-keys");
			assertTableFits(browser, "keys-table");
			// retiring a key used in the last hour works, with a warning
			keyAction(browser, key.thumbprint(), "key-retire");
			browser.until("the warning shown", () -> browser.lastAlert().contains("last hour"));
		}
	}

	@Test
	void viewAgentsOnlyAdminSeesAgentsWithoutActions() throws Exception {
		String name = "Read-only view " + UUID.randomUUID().toString().substring(0, 8);
		String agentId = registerAgent(name, AgentKeyPair.generateEd25519());
		// Keycloak's own console opens only for users with one of its built-in admin roles (query-users here);
		// view-agents alone is enough for the REST API, not for the console
		String user = createUser("viewer", "view-agents", "query-users");
		try (Chromium browser = new Chromium()) {
			openAgents(browser, REALM, user, "secret");
			assertThat(browser.present("agents-create")).isFalse();
			openAgent(browser, name, agentId);
			browser.click("tab-keys");
			browser.testId("key-kid");
			assertThat(browser.present("action-dropdown")).isFalse();
			assertThat(browser.present("key-add-open")).isFalse();
			assertThat(browser.all(KEBAB)).isEmpty();
			browser.click("tab-details");
			assertThat(browser.testId("agent-name").isEnabled()).isFalse();
			assertThat(browser.present("agent-save")).isFalse();
			// Keycloak's admin-events API needs view-events: the tab says so instead of showing a 403
			browser.click("tab-events");
			assertThat(browser.testId("events-forbidden").getText()).contains("view-events");
			assertThat(browser.present("agent-events")).isFalse();
			browser.click("tab-grants");
			assertThat(browser.emptyState()).contains("No grants");
		}
	}

	@Test
	void manageAgentsOnlyAdminChangesAgentsButNotTheRealm() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String user = createUser("agent-manager", "manage-agents", "query-users");
		try (Chromium browser = new Chromium()) {
			openAgents(browser, REALM, user, "secret");
			// Keycloak's sections that need other roles are not offered
			assertThat(browser.present("nav-item-realm-settings")).isFalse();
			assertThat(browser.present("nav-item-clients")).isFalse();
			assertThat(browser.present("nav-item-events")).isFalse();

			// can: create an agent, add its key, suspend it
			browser.clickButton("Create agent");
			browser.type("agent-name", "Managed " + suffix);
			browser.type("agent-operator", OPERATOR);
			browser.click("agent-save");
			assertThat(browser.emptyState()).contains("No keys");
			String agentId = browser.currentUrl().replaceAll(".*/agents/([^/]+)/keys$", "$1");
			browser.clickButton("Add key");
			browser.paste("key-jwk", key.publicJwkJson());
			browser.click("key-add");
			assertThat(browser.testId("key-kid").getText()).isEqualTo(key.thumbprint());
			agentAction(browser, "agent-suspend");
			browser.until("agent shown as suspended", () -> "SUSPENDED"
				.equals(browser.testId("agent-status").getAttribute("data-status")));
			assertThat(lookup(key.thumbprint())).containsEntry("agent_status", "SUSPENDED")
				.containsEntry("agent_id", agentId);

			// cannot: read Keycloak's admin events (view-events); the tab says so
			browser.click("tab-events");
			assertThat(browser.testId("events-forbidden").getText()).contains("view-events");
			assertThat(browser.present("agent-events")).isFalse();
		}
		// and the REST API agrees: its token reads agents, not the realm's admin events
		String token = keycloak.passwordToken(REALM, "admin-cli", user, "secret");
		assertThat(keycloak.withToken(token, "GET", "/admin/realms/" + REALM + "/agents?max=1", null).statusCode())
			.isEqualTo(200);
		assertThat(keycloak.withToken(token, "GET", "/admin/realms/" + REALM + "/admin-events?max=1", null)
			.statusCode()).isEqualTo(403);
	}

	@Test
	void adminDrivesEveryChangeOfAnAgentInTheBrowser() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String name = "Every action " + suffix;
		AgentKeyPair retired = AgentKeyPair.generateEd25519();
		AgentKeyPair revoked = AgentKeyPair.generateEd25519();
		String agentId = registerAgent(name, retired);
		addKey(agentId, revoked);
		// a consumer approves the agent on the consent page: the grant the Grants tab revokes
		String consumer = createUser("approver");
		String grantId = approve(agentId, consumer);
		try (Chromium browser = new Chromium()) {
			openAgents(browser, "master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
			openAgent(browser, name, agentId);

			// edit and save
			browser.click("tab-details");
			retype(browser, "agent-name", name + " (edited)");
			retype(browser, "agent-description", "Edited in the browser");
			browser.click("agent-save");
			browser.until("the saved alert", () -> browser.lastAlert().endsWith("Agent saved"));
			assertThat(agent(agentId)).containsEntry("name", name + " (edited)")
				.containsEntry("description", "Edited in the browser");
			browser.until("the header shows the new name", () -> browser.testId("view-header").getText()
				.equals(name + " (edited)"));

			// retire: the notice and the row show when the overlap ends
			browser.click("tab-keys");
			keyAction(browser, retired.thumbprint(), "key-retire");
			browser.until("the row shows the overlap end", () -> keyRow(browser, retired.thumbprint())
				.findElement(org.openqa.selenium.By.cssSelector("[data-testid='key-not-after']")).getText()
				.startsWith("until "));
			String end = keyRow(browser, retired.thumbprint())
				.findElement(org.openqa.selenium.By.cssSelector("[data-testid='key-not-after']")).getText()
				.substring("until ".length());
			browser.until("the alert says when the overlap ends", () -> browser.all("global-alerts").stream()
				.anyMatch((alerts) -> alerts.getText().contains("Key retired: it stays valid until " + end)));
			assertThat(lookup(retired.thumbprint())).containsEntry("key_status", "RETIRED").containsKey("not_after");

			// revoke a key, after confirming
			keyAction(browser, revoked.thumbprint(), "key-revoke");
			browser.click("confirm");
			browser.until("the key shown as revoked", () -> "REVOKED".equals(keyRow(browser, revoked.thumbprint())
				.findElement(org.openqa.selenium.By.cssSelector("[data-testid='key-status']"))
				.getDomAttribute("data-status")));
			assertThat(lookup(revoked.thumbprint())).containsEntry("key_status", "REVOKED");

			// suspend, then activate
			agentAction(browser, "agent-suspend");
			browser.until("agent shown as suspended", () -> "SUSPENDED"
				.equals(browser.testId("agent-status").getAttribute("data-status")));
			agentAction(browser, "agent-activate");
			browser.until("agent shown as active again", () -> "ACTIVE"
				.equals(browser.testId("agent-status").getAttribute("data-status")));
			assertThat(agent(agentId)).containsEntry("status", "active");

			// revoke the consumer's grant from the Grants tab; its table is wider than the tab at 1366 px (the row's
			// actions would be off screen), so this step runs at 1700 px until that layout is fixed
			browser.resize(1700, 900);
			browser.click("tab-grants");
			assertThat(browser.testId("grant-consumer").getDomAttribute("data-grant-id")).isEqualTo(grantId);
			assertThat(grantRow(browser, grantId).getText()).contains(consumer);
			browser.closeAlerts();
			grantRow(browser, grantId).findElement(KEBAB).click();
			browser.click("grant-revoke");
			browser.click("confirm");
			browser.until("the grant shown as revoked", () -> "REVOKED".equals(grantRow(browser, grantId)
				.findElement(org.openqa.selenium.By.cssSelector("[data-testid='grant-status']"))
				.getDomAttribute("data-status")));
			assertThat(grant(grantId)).containsEntry("status", "revoked");

			// revoke the agent, after confirming
			agentAction(browser, "agent-revoke");
			browser.click("confirm");
			browser.until("agent shown as revoked", () -> "REVOKED"
				.equals(browser.testId("agent-status").getAttribute("data-status")));
			assertThat(agent(agentId)).containsEntry("status", "revoked");

			// delete, after confirming: back to the list, and gone from the REST API
			agentAction(browser, "agent-delete");
			browser.click("confirm");
			// the list (its empty state when this was the realm's only agent)
			browser.until("back on the Agents list", () -> browser.currentUrl().endsWith("/agents"));
			browser.until("the Agents header", () -> "Agents".equals(browser.testId("view-header").getText()));
			assertThat(keycloak.admin("GET", "/admin/realms/" + REALM + "/agents/" + agentId, null).statusCode())
				.isEqualTo(404);
		}
	}

	@Test
	void adminAddsAWebBotAuthDirectoryRefreshesItSeesItsAgentThenDisablesAndDeletesIt() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String alias = "crawler-" + suffix;
		String name = "Shopping crawler " + suffix;
		try (WebBotAuthDirectory directory = WebBotAuthDirectory.start(); Chromium browser = new Chromium()) {
			String kept = AgentKey.from(directory.keys().get(0)).thumbprint();
			browser.resize(1280, 800);
			openAgents(browser, "master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
			browser.click("nav-item-agent-providers");
			browser.until("the Agent providers section",
					() -> "Agent providers".equals(browser.testId("view-header").getText()));

			// add: the REST 400 for a plain-http URL of another host is shown at the URL field, then the directory
			// (served by the npm web-bot-auth package on 127.0.0.1) is added and fetched at once
			browser.clickButton("Add provider");
			browser.type("provider-alias", alias);
			browser.type("provider-display-name", name);
			browser.type("provider-url", "http://directory.example/.well-known/http-message-signatures-directory");
			browser.click("provider-save");
			assertThat(browser.testId("error-url").getText()).contains("https");
			retype(browser, "provider-url", directory.url());
			browser.click("provider-save");
			browser.until("the provider's page", () -> name.equals(browser.testId("view-header").getText()));
			assertThat(browser.testId("provider-status").getDomAttribute("data-status")).isEqualTo("ok");
			assertThat(browser.testId("provider-key-count").getText()).isEqualTo("2");
			assertThat(browser.testId("provider-last-result").getText()).isEqualTo("OK");
			assertThat(provider(alias)).containsEntry("status", "ok").containsEntry("keyCount", 2L)
				.containsEntry("profile", "web-bot-auth").containsEntry("url", directory.url());

			// refresh now, after a key left the directory: the answer (key count, result) in an alert and on the page
			directory.drop();
			agentAction(browser, "provider-refresh");
			browser.until("the refresh's answer",
					() -> browser.lastAlert().endsWith("Fetched 1 key (1 retired, 0 skipped)"));
			browser.until("the new key count", () -> "1".equals(browser.testId("provider-key-count").getText()));
			assertThat(provider(alias)).containsEntry("keyCount", 1L).containsEntry("lastResult", "ok");
			browser.closeAlerts();
			browser.testId("view-header").click();
			browser.screenshot("admin-agent-provider");

			// the list, at 1280 px: status, key count and last fetch of the provider; every column whole (the
			// picture as an admin first sees the list, before any search)
			browser.click("nav-item-agent-providers");
			browser.until("the providers table", () -> !browser.all("provider-key-count").isEmpty());
			browser.screenshot("admin-agent-providers");
			browser.search("table-search-input", alias);
			assertThat(providerRow(browser, alias).getText()).contains(name).contains("web-bot-auth").contains("OK");
			assertThat(providerRow(browser, alias)
				.findElement(org.openqa.selenium.By.cssSelector("[data-testid='provider-key-count']")).getText())
				.isEqualTo("1");
			assertTableFits(browser, "providers-table");

			// its agent is in the Agents list, with its provider; suspending it works as for a registered agent
			browser.click("nav-item-agents");
			browser.search("table-search-input", name);
			browser.until("the brokered agent listed with its provider", () -> browser.all("agent-provider").stream()
				.anyMatch((cell) -> alias.equals(cell.getDomAttribute("data-provider"))));
			browser.closeAlerts();
			browser.screenshot("admin-agents-brokered");
			browser.visible(org.openqa.selenium.By.xpath("//tr[.//*[@data-provider='" + alias
					+ "']]//*[@data-testid='agent-link']")).click();
			assertThat(browser.testId("agent-brokered").getText()).isEqualTo("Brokered from " + alias);
			agentAction(browser, "agent-suspend");
			browser.until("agent shown as suspended", () -> "SUSPENDED"
				.equals(browser.testId("agent-status").getAttribute("data-status")));
			assertThat(lookup(kept)).containsEntry("agent_status", "SUSPENDED");

			// disable (after confirming): merchants no longer find its keys
			browser.click("nav-item-agent-providers");
			browser.search("table-search-input", alias);
			providerAction(browser, alias, "provider-disable");
			browser.click("confirm");
			browser.until("the provider shown as disabled", () -> "disabled".equals(providerRow(browser, alias)
				.findElement(org.openqa.selenium.By.cssSelector("[data-testid='provider-status']"))
				.getDomAttribute("data-status")));
			assertThat(provider(alias)).containsEntry("enabled", false).containsEntry("status", "disabled");
			assertThat(keycloak.withToken(null, "GET", "/realms/" + REALM + "/agents/keys/" + kept, null)
				.statusCode()).isEqualTo(404);

			// delete (after confirming): gone from the list and from the REST API
			providerAction(browser, alias, "provider-delete");
			browser.click("confirm");
			browser.until("the provider no longer listed", () -> browser.all(org.openqa.selenium.By
				.cssSelector("[data-testid='provider-link'][data-alias='" + alias + "']")).isEmpty());
			assertThat(keycloak.admin("GET", "/admin/realms/" + REALM + "/agent-providers/" + alias, null)
				.statusCode()).isEqualTo(404);
		}
	}

	private static Map<String, Object> provider(String alias) {
		HttpResponse<String> response = keycloak.admin("GET", "/admin/realms/" + REALM + "/agent-providers/" + alias,
				null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return KeycloakServer.json(response.body());
	}

	private static WebElement providerRow(Chromium browser, String alias) {
		return browser.visible(org.openqa.selenium.By
			.xpath("//tr[.//a[@data-testid='provider-link' and @data-alias='" + alias + "']]"));
	}

	/** Opens a provider row's actions menu (kebab) and picks one. */
	private static void providerAction(Chromium browser, String alias, String action) {
		browser.closeAlerts();
		providerRow(browser, alias).findElement(KEBAB).click();
		browser.click(action);
	}

	/**
	 * The admin console from its front page, as a user arrives: {@code /admin/{consoleRealm}/console/}, log in, then
	 * (from the master realm) "Manage realms" and the demo realm, then "Agents" in the navigation.
	 */
	private static void openAgents(Chromium browser, String consoleRealm, String user, String password) {
		browser.open(keycloak.uri("/admin/" + consoleRealm + "/console/").toString());
		browser.login(user, password);
		if (!REALM.equals(consoleRealm)) {
			browser.click("nav-item-realms");
			browser.search("table-search-input", REALM);
			browser.visible(org.openqa.selenium.By.linkText(REALM)).click();
			browser.until("the demo realm is the current one", () -> browser.testId("currentRealm").getText()
				.startsWith("Agentic Commerce"));
		}
		browser.click("nav-item-agents");
		browser.until("the Agents section", () -> "Agents".equals(browser.testId("view-header").getText()));
	}

	/** From the Agents list: search the agent by name and open it. */
	private static void openAgent(Chromium browser, String name, String agentId) {
		browser.search("table-search-input", name);
		browser.visible(org.openqa.selenium.By.cssSelector(
				"[data-testid='agent-link'][data-agent-id='" + agentId + "']")).click();
		browser.until("the agent's page", () -> browser.testId("view-header").getText().startsWith(name));
	}

	/** Replaces a filled field's text as a user does (select all, type): React sees every change. */
	private static void retype(Chromium browser, String testId, String text) {
		browser.testId(testId).sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), text);
	}

	/** A table row's actions menu (PatternFly's kebab), by its accessible name. */
	private static final org.openqa.selenium.By KEBAB = org.openqa.selenium.By
		.xpath(".//button[@aria-label='Kebab toggle']");

	/** The agent page's "Action" menu (Keycloak's ViewHeader), then one of its items. */
	private static void agentAction(Chromium browser, String action) {
		browser.closeAlerts();
		// the menu may still be open from the previous action (Keycloak's ViewHeader keeps it open)
		if (browser.all(action).stream().noneMatch(WebElement::isDisplayed)) {
			browser.click("action-dropdown");
		}
		browser.click(action);
	}

	private static WebElement keyRow(Chromium browser, String kid) {
		return browser.visible(org.openqa.selenium.By.xpath("//tr[.//code[@data-kid='" + kid + "']]"));
	}

	private static WebElement grantRow(Chromium browser, String grantId) {
		return browser
			.visible(org.openqa.selenium.By.xpath("//tr[.//*[@data-testid='grant-consumer' and @data-grant-id='"
					+ grantId + "']]"));
	}

	/** Opens a key row's actions menu (kebab) and picks one. */
	private static void keyAction(Chromium browser, String kid, String action) {
		browser.closeAlerts();
		keyRow(browser, kid).findElement(KEBAB).click();
		browser.click(action);
	}

	/** No header of the table is cut ("Algori…"), and each row's actions menu is inside the window. */
	private static void assertTableFits(Chromium browser, String testId) {
		browser.testId(testId);
		Object problems = browser.script("const table = document.querySelector(\"[data-testid='" + testId + "']\");"
				+ "const problems = [];"
				+ "[...table.querySelectorAll('th')].filter((th) => !th.querySelector('.pf-v5-screen-reader'))"
				+ ".forEach((th) => { if (th.scrollWidth > th.clientWidth"
				+ " || [...th.querySelectorAll('*')].some((e) => e.scrollWidth > e.clientWidth))"
				+ " problems.push('header cut: ' + th.textContent); });"
				+ "const right = Math.min(window.innerWidth, document.documentElement.clientWidth);"
				+ "table.querySelectorAll('.pf-v5-c-menu-toggle').forEach((b) => { const r = b.getBoundingClientRect();"
				+ " if (r.right > right) problems.push('actions end at ' + r.right + ' > ' + right); });"
				+ "if (table.scrollWidth > table.parentElement.clientWidth) problems.push('table is ' + table.scrollWidth"
				+ " + ' px in ' + table.parentElement.clientWidth);"
				+ "return problems.join('; ');");
		assertThat(problems).isEqualTo("");
	}

	/** The consent page approved by {@code username} for this agent (through the operator, as an agent asks). */
	private static String approve(String agentId, String username) throws Exception {
		DelegationClient operator = new DelegationClient(HttpClient.newHttpClient(), keycloak.uri("/realms/" + REALM),
				OPERATOR, "demo-operator-secret");
		java.net.URI redirect = java.net.URI.create("http://localhost:8090/callback");
		dev.agentauth.client.testing.HeadlessConsent consent = new dev.agentauth.client.testing.HeadlessConsent(
				redirect);
		consent.open(operator.authorizationUri(agentId, SCOPES, LIMITS, redirect, UUID.randomUUID().toString(),
				Pkce.generate()));
		consent.login(username, "secret");
		consent.approve(null);
		assertThat(consent.result()).as(consent.page()).containsKey("code");
		List<Object> grants = grantsOf(consumerId(username));
		assertThat(grants).hasSize(1);
		return (String) ((Map<?, ?>) grants.get(0)).get("id");
	}

	private static Map<String, Object> agent(String agentId) {
		HttpResponse<String> response = keycloak.admin("GET", "/admin/realms/" + REALM + "/agents/" + agentId, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return KeycloakServer.json(response.body());
	}

	private static void addKey(String agentId, AgentKeyPair key) {
		HttpResponse<String> added = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agentId + "/keys",
				"{\"jwk\":" + key.publicJwkJson() + "}");
		assertThat(added.statusCode()).as(added.body()).isIn(200, 201);
	}

	@Test
	void adminWithoutAgentRolesHasNoAgentsEntry() throws Exception {
		String user = createUser("users-only", "view-users");
		try (Chromium browser = new Chromium()) {
			browser.open(keycloak.uri("/admin/" + REALM + "/console/").toString());
			browser.login(user, "secret");
			// Keycloak's own entry of the same "Manage" group is there, ours is not
			browser.click("nav-item-users");
			browser.testId("nav-item-users");
			assertThat(browser.present("nav-item-agents")).isFalse();
		}
	}

	@Test
	void consumerSeesTheApprovedAgentWithItsLimitsAndRevokesIt() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		String agentName = "Grocery helper " + UUID.randomUUID().toString().substring(0, 8);
		String agentId = registerAgent(agentName, key);
		String consumer = createConsumer("Dana", "Shopper");
		DelegationClient operator = new DelegationClient(HttpClient.newHttpClient(),
				keycloak.uri("/realms/" + REALM), OPERATOR, "demo-operator-secret");
		Pkce pkce = Pkce.generate();
		MerchantServer merchant = MerchantServer.get();
		try (OperatorCallback callback = OperatorCallback.start(keycloak, OPERATOR);
				Chromium browser = new Chromium()) {
			// the consent page, in the browser; the operator's callback receives the code
			browser.open(operator.authorizationUri(agentId, SCOPES, LIMITS, callback.uri(), "st-browser", pkce)
				.toString());
			browser.login(consumer, "secret");
			// the consent page stays readable on a 375 px wide phone: nothing wider than the screen
			browser.resize(375, 812);
			browser.visible(org.openqa.selenium.By.id("agent-approve"));
			assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
				.isEqualTo(Boolean.TRUE);
			browser.screenshot("consent-page-375");
			browser.resize(1366, 900);
			browser.visible(org.openqa.selenium.By.id("agent-approve")).click();
			browser.until("the operator received the code", () -> callback.code() != null);
			String consumerToken = (String) operator.redeemCode(callback.code(), callback.uri(), pkce)
				.get("access_token");
			String delegation = (String) operator.exchange(key, agentId, consumerToken, MERCHANT, SCOPES, null)
				.get("access_token");
			HttpResponse<String> before = checkout(merchant, key, delegation);
			assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

			// where a consumer starts: the account console's front page (signed in already), then its navigation
			AccountConsole console = new AccountConsole(browser, keycloak.baseUri(), REALM);
			String front = console.open(consumer, "secret");
			assertThat(front).isEqualTo("Personal info");
			assertThat(console.user()).isEqualTo("Dana Shopper");
			console.follow("Connected agents", front);
			WebElement card = browser.testId("connected-agent");
			String grantId = card.getDomAttribute("data-grant-id");
			assertThat(browser.testId("connected-agent-name").getText()).contains(agentName);
			assertThat(browser.testId("connected-agent-operator").getText()).isEqualTo(OPERATOR);
			assertThat(browser.testId("connected-agent-key").getText()).contains(key.thumbprint());
			assertThat(browser.testId("connected-agent-scopes").getText()).contains("See products and prices")
				.contains("Place orders and pay for them in your name");
			assertThat(browser.testId("connected-agent-limits").getText()).contains("At most €50.00 per purchase")
				.contains("At most €200.00 in total per month")
				.contains("Only at: demo-merchant");
			assertThat(card.getDomAttribute("data-status")).isEqualTo("ACTIVE");
			assertThat(grant(grantId)).containsEntry("status", "active");
			browser.screenshot("account-connected-agents");

			browser.click("connected-agent-revoke");
			browser.click("confirm");
			browser.until("grant shown as revoked", () -> "REVOKED"
				.equals(browser.testId("connected-agent").getDomAttribute("data-status")));
			assertThat(browser.present("connected-agent-revoke")).isFalse();
			assertThat(grant(grantId)).containsEntry("status", "revoked");
			// the revocation feed carries it to the merchant, which then refuses the delegation
			browser.until("the merchant refuses the revoked delegation", () -> {
				try {
					HttpResponse<String> after = checkout(merchant, key, delegation);
					return after.statusCode() == 401 && after.body().contains("grant_revoked");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			// the admin console's Grants tab reads the same grant by agent, with the consumer's username
			HttpResponse<String> byAgent = keycloak.admin("GET",
					"/admin/realms/" + REALM + "/agents/grants?agent=" + agentId, null);
			assertThat(byAgent.statusCode()).as(byAgent.body()).isEqualTo(200);
			List<Object> grants = com.nimbusds.jose.util.JSONArrayUtils.parse(byAgent.body());
			assertThat(grants).hasSize(1);
			Map<?, ?> only = (Map<?, ?>) grants.get(0);
			assertThat(only.get("id")).isEqualTo(grantId);
			assertThat(only.get("username")).isEqualTo(consumer);
			assertThat(only.get("status")).isEqualTo("revoked");
		}
	}

	@Test
	void consumerOpensTheAccountConsoleFromItsFrontPageAndEveryPageOfItsNavigationLoads() throws Exception {
		String consumer = createConsumer("Erin", "Buyer");
		try (Chromium browser = new Chromium()) {
			List<String> seen = new AccountConsole(browser, keycloak.baseUri(), REALM).tour(consumer, "secret");
			assertThat(seen).contains("front page: Personal info", "user: Erin Buyer", "Personal info -> Personal info",
					"Connected agents -> Connected agents")
				.anyMatch((line) -> line.startsWith("Signing in -> "))
				.anyMatch((line) -> line.startsWith("Applications -> "))
				.noneMatch((line) -> line.contains("ERROR"));
		}
	}

	/** A signed checkout of 45.00 EUR (within the grant's 50.00 per purchase) with the delegation token. */
	private static HttpResponse<String> checkout(MerchantServer merchant, AgentKeyPair key, String delegation)
			throws Exception {
		byte[] body = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":6}]}".getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(merchant.uri("/api/v1/checkout"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Agent " + delegation)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpRequest signed = new AgentRequestSigner(key).sign(request, body);
		HttpRequest withBody = HttpRequest.newBuilder(signed, (name, value) -> true)
			.method(signed.method(), HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return HttpClient.newHttpClient().send(withBody, HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> lookup(String kid) {
		HttpResponse<String> response = keycloak.withToken(null, "GET", "/realms/" + REALM + "/agents/keys/" + kid,
				null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return KeycloakServer.json(response.body());
	}

	private static List<Object> grantsOf(String userId) {
		HttpResponse<String> response = keycloak.admin("GET", "/admin/realms/" + REALM + "/agents/grants?user=" + userId,
				null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		try {
			return com.nimbusds.jose.util.JSONArrayUtils.parse(response.body());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String consumerId(String username) {
		String body = keycloak.admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username=" + username, null)
			.body();
		try {
			return (String) ((Map<?, ?>) com.nimbusds.jose.util.JSONArrayUtils.parse(body).get(0)).get("id");
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> grant(String grantId) {
		HttpResponse<String> response = keycloak.admin("GET", "/admin/realms/" + REALM + "/agents/grants/" + grantId,
				null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return KeycloakServer.json(response.body());
	}

	private static String registerAgent(String name, AgentKeyPair key) throws Exception {
		Map<String, Object> agent = new LinkedHashMap<>();
		agent.put("name", name);
		agent.put("operator", OPERATOR);
		agent.put("keys", List.of(Map.of("jwk", JSONObjectUtils.parse(key.publicJwkJson()))));
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				JSONObjectUtils.toJSONString(agent));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return (String) KeycloakServer.json(created.body()).get("id");
	}

	/** A consumer of the realm with password "secret" and a name, as the account console shows it. */
	private static String createConsumer(String firstName, String lastName) throws Exception {
		String username = firstName.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
		String body = "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username
				+ "@example.org\",\"emailVerified\":true,\"firstName\":\"" + firstName + "\",\"lastName\":\""
				+ lastName + "\",\"credentials\":[{\"type\":\"password\",\"value\":\"secret\",\"temporary\":false}]}";
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/users", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return username;
	}

	/** A user of the realm with password "secret" and the given realm-management roles. */
	private static String createUser(String prefix, String... managementRoles) throws Exception {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		String body = "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username
				+ "@example.org\",\"emailVerified\":true,\"firstName\":\"Test\",\"lastName\":\"User\","
				+ "\"credentials\":[{\"type\":\"password\",\"value\":\"secret\",\"temporary\":false}]}";
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/users", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		String userId = URLDecoder.decode(location.substring(location.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
		String clientId = keycloak.clientUuid(REALM, "realm-management");
		for (String managementRole : managementRoles) {
			String role = keycloak.admin("GET", "/admin/realms/" + REALM + "/clients/" + clientId + "/roles/"
					+ managementRole, null).body();
			HttpResponse<String> mapped = keycloak.admin("POST", "/admin/realms/" + REALM + "/users/" + userId
					+ "/role-mappings/clients/" + clientId, "[" + role + "]");
			assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
		}
		return username;
	}

}
