package dev.agentauth.client.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.client.Pkce;

/**
 * For tests and demos only: plays the consumer's browser through Keycloak's login form and the Agent Auth
 * consent page without a browser (cookies kept, redirects followed until they leave Keycloak). Real consumers
 * use a real browser; nothing here is needed in production code.
 *
 * @since 0.1.0
 */
public final class HeadlessConsent {

	/** Keycloak's account console client (public, PKCE). */
	private static final String ACCOUNT_CONSOLE = "account-console";

	private static final Pattern FORM = Pattern.compile("<form[^>]*id=\"(?<id>[^\"]+)\"[^>]*action=\"(?<action>[^\"]+)\"",
			Pattern.CASE_INSENSITIVE);

	/** Cookies by name; kept by hand because Keycloak marks them Secure, which java.net drops on http. */
	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String redirectPrefix;

	/** The last HTML page shown (login, consent or error page). */
	private String page = "";

	private int status;

	private java.net.http.HttpHeaders headers = java.net.http.HttpHeaders.of(Map.of(), (name, value) -> true);

	/** @param redirectUri where the flow ends (the operator's redirect URI) */
	public HeadlessConsent(URI redirectUri) {
		this.redirectPrefix = redirectUri.toString();
	}

	/**
	 * Logs {@code username} in to Keycloak's account console client ({@code account-console}: public, PKCE) and
	 * returns the access token the console's pages hold. It is the token the realm's consumer grants API
	 * ({@code {issuer}/agents/grants}) accepts, as the console's Connected agents page uses it.
	 * @param issuer the realm URL, e.g. {@code https://id.example/realms/shop}
	 * @throws IOException if the login does not end with a code or the code is not redeemed
	 */
	public static String accountConsoleToken(URI issuer, String username, String password)
			throws IOException, InterruptedException {
		String realm = issuer.toString().replaceAll("/+$", "");
		URI redirect = URI.create(realm + "/account/");
		Pkce pkce = Pkce.generate();
		HeadlessConsent browser = new HeadlessConsent(redirect);
		browser.open(URI.create(realm + "/protocol/openid-connect/auth?response_type=code&client_id=" + ACCOUNT_CONSOLE
				+ "&redirect_uri=" + URLEncoder.encode(redirect.toString(), StandardCharsets.UTF_8)
				+ "&scope=openid&state=" + UUID.randomUUID() + "&code_challenge=" + pkce.challenge()
				+ "&code_challenge_method=S256"));
		browser.login(username, password);
		String code = browser.result().get("code");
		if (code == null) {
			throw new IOException("The account console login of " + username + " ended without a code (status "
					+ browser.status() + ")");
		}
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("client_id", ACCOUNT_CONSOLE);
		form.put("redirect_uri", redirect.toString());
		form.put("code_verifier", pkce.verifier());
		HttpResponse<String> response = browser.post(URI.create(realm + "/protocol/openid-connect/token"), form);
		try {
			if (response.statusCode() == 200
					&& JSONObjectUtils.parse(response.body()).get("access_token") instanceof String token) {
				return token;
			}
		}
		catch (java.text.ParseException ex) {
			// reported below
		}
		throw new IOException("The account console's code was not redeemed (status " + response.statusCode() + ")");
	}

	/** Opens the authorization URL and returns the page it lands on (normally the login form). */
	public String open(URI authorizationUri) throws IOException, InterruptedException {
		return follow(get(authorizationUri));
	}

	/** Submits the login form; returns the next page (the consent page), or "" when the flow already ended. */
	public String login(String username, String password) throws IOException, InterruptedException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("credentialId", "");
		return follow(post(action("kc-form-login"), form));
	}

	/** Presses Approve on the consent page, with the lifetime (seconds) or the page's default when null. */
	public String approve(@Nullable Long lifetimeSeconds) throws IOException, InterruptedException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("approve", "");
		if (lifetimeSeconds != null) {
			form.put("lifetime", Long.toString(lifetimeSeconds));
		}
		return follow(post(action("agent-consent-form"), form));
	}

	/** Presses Deny on the consent page. */
	public String deny() throws IOException, InterruptedException {
		return follow(post(action("agent-consent-form"), Map.of("deny", "")));
	}

	/**
	 * The {@code action} URL of the form {@code formId} on the last page (e.g. {@code agent-consent-form}), for tests
	 * that post it again or from another browser.
	 * @throws IOException if the page has no such form
	 */
	public URI formAction(String formId) throws IOException {
		return action(formId);
	}

	/**
	 * Posts {@code form} to {@code action} with this browser's cookies (which may be none, or another consumer's) and
	 * follows the redirects; returns the page it lands on, or "" when the flow ended ({@link #result()}).
	 */
	public String submit(URI action, Map<String, String> form) throws IOException, InterruptedException {
		return follow(post(action, form));
	}

	/** The last page's response headers. */
	public java.net.http.HttpHeaders headers() {
		return this.headers;
	}

	/** The last page's HTML. */
	public String page() {
		return this.page;
	}

	/** The last page's HTTP status. */
	public int status() {
		return this.status;
	}

	/** The query parameters of the final redirect ({@code code}, {@code state} or {@code error}); empty before. */
	public Map<String, String> result() {
		return this.result;
	}

	private Map<String, String> result = Map.of();

	private String follow(HttpResponse<String> response) throws IOException, InterruptedException {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10; hops++) {
			if (current.statusCode() / 100 != 3) {
				this.page = current.body();
				this.status = current.statusCode();
				this.headers = current.headers();
				return this.page;
			}
			String location = current.headers().firstValue("Location").orElseThrow();
			URI next = current.uri().resolve(location);
			if (next.toString().startsWith(this.redirectPrefix)) {
				this.result = query(next);
				this.page = "";
				this.status = current.statusCode();
				return "";
			}
			current = get(next);
		}
		throw new IOException("Too many redirects");
	}

	private URI action(String formId) throws IOException {
		Matcher matcher = FORM.matcher(this.page);
		while (matcher.find()) {
			if (matcher.group("id").equals(formId)) {
				return URI.create(matcher.group("action").replace("&amp;", "&"));
			}
		}
		throw new IOException("No form '" + formId + "' on the page (status " + this.status + ")");
	}

	private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		if (!this.cookies.isEmpty()) {
			request.header("Cookie", this.cookies.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue())
				.collect(Collectors.joining("; ")));
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		for (String header : response.headers().allValues("Set-Cookie")) {
			String pair = header.split(";", 2)[0];
			int eq = pair.indexOf('=');
			if (eq > 0) {
				String name = pair.substring(0, eq).trim();
				String value = pair.substring(eq + 1).trim();
				boolean expired = header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty();
				if (expired) {
					this.cookies.remove(name);
				}
				else {
					this.cookies.put(name, value);
				}
			}
		}
		return response;
	}

	private HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
		String body = form.entrySet().stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> values = new LinkedHashMap<>();
		String query = uri.getRawQuery();
		if (query == null) {
			return values;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String name = (eq < 0) ? pair : pair.substring(0, eq);
			String value = (eq < 0) ? "" : pair.substring(eq + 1);
			values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return values;
	}

}
