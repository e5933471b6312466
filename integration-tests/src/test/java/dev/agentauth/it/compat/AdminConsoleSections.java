package dev.agentauth.it.compat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.By;

import dev.agentauth.it.console.Chromium;

/**
 * The admin console of a realm, signed in as that realm's administrator, through the main sections of its
 * navigation: each section's heading, or the error page, and whether an error alert is shown.
 */
final class AdminConsoleSections {

	/** The navigation entries' test ids ({@code nav-item-<section>}) of Keycloak's admin console. */
	static final List<String> SECTIONS = List.of("realm-settings", "clients", "client-scopes", "users", "sessions",
			"events");

	private final Chromium browser;

	private final String console;

	AdminConsoleSections(Chromium browser, URI keycloak, String realm) {
		this.browser = browser;
		this.console = keycloak.resolve("/admin/" + realm + "/console/").toString();
	}

	List<String> visit(String username, String password) {
		this.browser.open(this.console);
		this.browser.login(username, password);
		this.browser.testId("nav-item-" + SECTIONS.get(0));
		List<String> seen = new ArrayList<>();
		String heading = null;
		for (String section : SECTIONS) {
			this.browser.click("nav-item-" + section);
			this.browser.until("the address of " + section,
					() -> this.browser.currentUrl().contains("/" + section) || this.browser.errorShown());
			heading = this.browser.heading(heading);
			boolean alert = !this.browser.all(By.cssSelector("[class*='c-alert'][class*='m-danger']")).isEmpty();
			seen.add(section + " -> " + heading + (alert ? " (danger alert)" : ""));
		}
		return seen;
	}

}
