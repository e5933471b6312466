package dev.agentauth.it.console;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * Keycloak's account console as a user meets it: its front page ({@code /realms/{realm}/account/}), then its
 * navigation. What it sees is written down as plain lines (the page headings, the user's name in the masthead,
 * any error page), so that two Keycloaks can be compared line by line.
 */
public final class AccountConsole {

	private static final By NAV_LINK = By.cssSelector("nav a[href]");

	private static final By LOGIN_BUTTON = By.id("kc-login");

	private static final By NAV_GROUP = By.cssSelector("nav button[aria-expanded='false']");

	private final Chromium browser;

	private final String root;

	public AccountConsole(Chromium browser, URI keycloak, String realm) {
		this.browser = browser;
		this.root = keycloak.resolve("/realms/" + realm + "/account/").toString();
	}

	/** Opens the front page, signing in with the login form when Keycloak asks; returns its heading. */
	public String open(String username, String password) {
		this.browser.open(this.root);
		// Keycloak's login form is told by its submit button: the console's Personal info page has a username field too
		this.browser.until("the login form or the account console", () -> !this.browser.all(LOGIN_BUTTON).isEmpty()
				|| !this.browser.all(By.tagName("h1")).isEmpty() || this.browser.errorShown());
		String loginHeading = null;
		if (!this.browser.all(LOGIN_BUTTON).isEmpty()) {
			// the login page has a heading too: the console's is another one
			loginHeading = this.browser.heading(null);
			this.browser.login(username, password);
		}
		return this.browser.heading(loginHeading);
	}

	/**
	 * Opens the front page, then follows every entry of the navigation (groups expanded), each once, in order:
	 * {@code front page: <heading>}, {@code user: <name in the masthead>}, then {@code <entry> -> <heading>} per
	 * entry; an error page is written as {@code <entry> -> ERROR <message>}.
	 */
	public List<String> tour(String username, String password) {
		List<String> seen = new ArrayList<>();
		seen.add("front page: " + open(username, password));
		seen.add("user: " + user());
		Map<String, String> entries = entries();
		String previous = null;
		for (Map.Entry<String, String> entry : entries.entrySet()) {
			previous = follow(entry.getKey(), previous);
			seen.add(entry.getKey() + " -> " + previous);
		}
		return seen;
	}

	/** The navigation's entries (label to link), with every group expanded. */
	public Map<String, String> entries() {
		for (int round = 0; round < 5 && !this.browser.all(NAV_GROUP).isEmpty(); round++) {
			for (WebElement group : this.browser.all(NAV_GROUP)) {
				try {
					group.click();
				}
				catch (StaleElementReferenceException ex) {
					// re-rendered: the next round finds it again
				}
			}
		}
		Map<String, String> entries = new LinkedHashMap<>();
		for (WebElement link : this.browser.all(NAV_LINK)) {
			String label = link.getText().strip();
			if (!label.isEmpty()) {
				entries.putIfAbsent(label, link.getDomAttribute("href"));
			}
		}
		return entries;
	}

	/** Clicks the navigation entry {@code label} and returns the heading of the page it leads to. */
	public String follow(String label, String previousHeading) {
		this.browser.until("navigation entry " + label, () -> findEntry(label) != null);
		WebElement link = findEntry(label);
		String href = link.getDomAttribute("href");
		link.click();
		this.browser.until("the address of " + label, () -> this.browser.currentUrl().endsWith(href)
				|| this.browser.errorShown());
		return this.browser.heading(previousHeading);
	}

	/** The user's name as the masthead shows it ("Anonymous" when the console's token has no name). */
	public String user() {
		return String.valueOf(this.browser.script(
				"const t = document.querySelector(\"[data-testid='options-toggle']\");"
						+ "if (t) { return t.innerText.trim(); }"
						+ "const m = document.querySelector(\"[class*='c-masthead'], header\");"
						+ "if (!m) { return '(no masthead)'; }"
						+ "const names = [...m.querySelectorAll('button')].map((b) => b.innerText.trim()).filter((n) => n);"
						+ "return names.length ? names.join(' | ') : m.innerText.trim();"))
			.replaceAll("\\s+", " ");
	}

	private WebElement findEntry(String label) {
		for (WebElement link : this.browser.all(NAV_LINK)) {
			try {
				if (label.equals(link.getText().strip())) {
					return link;
				}
			}
			catch (StaleElementReferenceException ex) {
				return null;
			}
		}
		return null;
	}

}
