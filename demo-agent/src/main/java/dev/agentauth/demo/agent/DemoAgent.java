// Longer than ~400 lines on purpose: the demo is one scripted story of numbered steps that ./demo.sh prints; split
// over files, the reader could no longer follow it top to bottom.
package dev.agentauth.demo.agent;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.KeyProof;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.signature.CompactJws;
import dev.agentauth.core.signature.SimpleHeaderVerifier;

/**
 * The demo's shopping agent. It registers itself with a fresh Ed25519 key through operator self-registration,
 * gets Alice's consent (consent page driven headlessly as the demo consumer) and exchanges it for a delegation
 * token bound to its key, then shows what the merchant accepts and refuses: a signed call, a tampered body, a
 * replay, and calls after the agent was suspended. Exits 1 when a step does not behave as expected.
 */
public final class DemoAgent {

	private final Map<String, String> options;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final boolean simpleHeaders;

	private int step;

	private DemoAgent(Map<String, String> options, boolean simpleHeaders) {
		this.options = options;
		this.simpleHeaders = simpleHeaders;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>(Map.of("keycloak", "http://localhost:8080", "realm",
				"agentic-commerce", "merchant", "http://localhost:8081", "operator", "demo-agent-operator",
				"operator-secret", "demo-operator-secret", "admin-user", "admin", "admin-password", "admin",
				"merchant-management", "http://localhost:8082"));
		boolean simpleHeaders = false;
		for (int i = 0; i < args.length; i += 2) {
			if (args[i].equals("--simple-headers")) {
				// a flag without a value: the article's header scheme instead of RFC 9421
				simpleHeaders = true;
				i--;
				continue;
			}
			if (i + 1 >= args.length || !args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
				System.err.println("unknown option " + args[i] + "; known: " + options.keySet() + ", --simple-headers");
				System.exit(2);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		boolean ok;
		try {
			DemoAgent agent = new DemoAgent(options, simpleHeaders);
			ok = simpleHeaders ? agent.runSimpleHeaders() : agent.run();
		}
		catch (IOException | RuntimeException ex) {
			System.out.println("  FAILED: " + ex);
			ok = false;
		}
		System.exit(ok ? 0 : 1);
	}

	private boolean run() throws Exception {
		String keycloak = this.options.get("keycloak");
		String realm = this.options.get("realm");
		String issuer = keycloak + "/realms/" + realm;
		String merchant = this.options.get("merchant");

		title("The operator registers a new agent with a fresh Ed25519 key (self-registration, proof of possession)");
		String operatorToken = token(issuer, "grant_type=client_credentials&client_id="
				+ enc(this.options.get("operator")) + "&client_secret=" + enc(this.options.get("operator-secret")));
		HttpResponse<String> created = json("POST", issuer + "/agents", operatorToken,
				"{\"name\":\"Demo shopping agent\",\"description\":\"Buys tea for Alice\"}");
		if (!expect(created, 201, null)) {
			return false;
		}
		String agentId = (String) parse(created.body()).get("id");
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		HttpResponse<String> added = registerKey(issuer, operatorToken, agentId, key);
		if (!expect(added, 201, null)) {
			return false;
		}
		System.out.println("  agent " + agentId + ", keyid " + key.thumbprint());
		AgentRequestSigner signer = new AgentRequestSigner(key);

		Delegated delegated = delegate(issuer, agentId, key);
		if (delegated == null) {
			return false;
		}

		title("Signed GET /api/v1/products");
		boolean ok = expect(send(signer.sign(get(merchant + "/api/v1/products"), null), null), 200, null);

		byte[] cart = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":2}]}".getBytes(StandardCharsets.UTF_8);
		title("Signed POST /api/v1/cart");
		HttpRequest signedCart = signer.sign(post(merchant + "/api/v1/cart", cart), cart);
		ok &= expect(send(signedCart, cart), 200, null);

		title("Signed POST /api/v1/checkout without a delegation (the agent acting on its own)");
		ok &= expect(send(signer.sign(post(merchant + "/api/v1/checkout", cart), cart), cart), 403, "insufficient_scope");

		title("Signed POST /api/v1/checkout with Authorization: Agent <delegation token>, 15.00 EUR");
		ok &= expect(send(signer.sign(withToken(post(merchant + "/api/v1/checkout", cart), delegated.token()), cart),
				cart), 200, null);

		byte[] pots = "{\"items\":[{\"sku\":\"pot-003\",\"quantity\":2}]}".getBytes(StandardCharsets.UTF_8);
		title("The same with 2 teapots, 79.80 EUR (over Alice's 50.00 EUR per purchase)");
		ok &= expect(send(signer.sign(withToken(post(merchant + "/api/v1/checkout", pots), delegated.token()), pots),
				pots), 403, "spend_limit_exceeded");

		title("The cart request above sent again, unchanged (replayed nonce)");
		ok &= expect(send(signedCart, cart), 401, "nonce_replayed");

		title("Body changed after signing (quantity 2 -> 200)");
		byte[] tampered = new String(cart, StandardCharsets.UTF_8).replace("2}", "200}")
			.getBytes(StandardCharsets.UTF_8);
		HttpRequest signedAgain = signer.sign(post(merchant + "/api/v1/cart", cart), cart);
		ok &= expect(send(signedAgain, tampered), 401, "digest_mismatch");

		title("Alice revokes her grant in Keycloak's account console (DELETE /realms/" + realm
				+ "/agents/grants/{id} with the console's token)");
		// the operator's copy of Alice's token cannot do it: the grants API takes only the account console's
		ok &= expect(json("DELETE", issuer + "/agents/grants/" + delegated.grantId(), delegated.consumerToken(), null),
				401, null);
		String console = HeadlessConsent.accountConsoleToken(URI.create(issuer), "alice", "alice");
		ok &= expect(json("DELETE", issuer + "/agents/grants/" + delegated.grantId(), console, null), 204, null);
		Thread.sleep(Duration.ofMillis(500));
		title("Checkout with the revoked delegation (the merchant learnt it from the revocation feed)");
		ok &= expect(send(signer.sign(withToken(post(merchant + "/api/v1/checkout", cart), delegated.token()), cart),
				cart), 401, "grant_revoked");

		title("An admin suspends the agent in Keycloak");
		String adminToken = adminToken();
		ok &= expect(json("POST", keycloak + "/admin/realms/" + realm + "/agents/" + agentId + "/suspend", adminToken,
				null), 200, null);
		// the merchant still has the key cached (max-age 60 s); the suspension reaches it through the feed
		Thread.sleep(Duration.ofMillis(500));

		title("Signed GET /api/v1/products by the suspended agent (learnt from the revocation feed, key still cached)");
		ok &= expect(send(signer.sign(get(merchant + "/api/v1/products"), null), null), 403, "agent_suspended");

		if ("none".equals(this.options.get("merchant-management"))) {
			// the behaviour steps switch the merchant's risk mode through its Actuator, which this merchant hides
			System.out.println("\n(behaviour steps skipped: --merchant-management none)");
		}
		else {
			ok &= riskSteps(issuer, operatorToken, merchant, cart);
		}

		System.out.println();
		System.out.println(ok ? "All steps behaved as expected." : "Some steps did not behave as expected.");
		return ok;
	}

	/**
	 * The article's header scheme (the merchant must run with {@code agentauth.compat.simple-headers.enabled=true}):
	 * what it accepts, and the limitation it keeps: the path is not signed, so a captured request passes on another
	 * endpoint once. Then the same calls with RFC 9421, which binds method and URL.
	 */
	private boolean runSimpleHeaders() throws Exception {
		String keycloak = this.options.get("keycloak");
		String issuer = keycloak + "/realms/" + this.options.get("realm");
		String merchant = this.options.get("merchant");

		title("The operator registers a new agent with a fresh Ed25519 key");
		String operatorToken = token(issuer, "grant_type=client_credentials&client_id="
				+ enc(this.options.get("operator")) + "&client_secret=" + enc(this.options.get("operator-secret")));
		HttpResponse<String> created = json("POST", issuer + "/agents", operatorToken,
				"{\"name\":\"Demo legacy agent\",\"description\":\"Still signs with Agent-ID/Timestamp/Signature\"}");
		if (!expect(created, 201, null)) {
			return false;
		}
		String agentId = (String) parse(created.body()).get("id");
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		if (!expect(registerKey(issuer, operatorToken, agentId, key), 201, null)) {
			return false;
		}
		System.out.println("  agent " + agentId + ", keyid " + key.thumbprint());

		title("GET /api/v1/products with Agent-ID, Timestamp, Signature = base64(Ed25519(body + timestamp))");
		boolean ok = expect(send(simple(get(merchant + "/api/v1/products"), agentId, key, null), null), 200, null);

		byte[] cart = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":2}]}".getBytes(StandardCharsets.UTF_8);
		title("POST /api/v1/cart, simple headers");
		ok &= expect(send(simple(post(merchant + "/api/v1/cart", cart), agentId, key, cart), cart), 200, null);

		// another body: within the same second the same body and timestamp would be a replay of the call above
		byte[] three = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":3}]}".getBytes(StandardCharsets.UTF_8);
		title("The limitation: a captured cart request sent to /api/v1/checkout instead (same headers, same body)");
		HttpRequest meant = simple(post(merchant + "/api/v1/cart", three), agentId, key, three);
		HttpRequest moved = HttpRequest.newBuilder(meant, (name, value) -> true)
			.uri(URI.create(merchant + "/api/v1/checkout")).build();
		HttpResponse<String> attack = send(moved, three);
		// 403 insufficient_scope, not 401: the signature was accepted on a path it was not made for
		ok &= expect(attack, 403, "insufficient_scope");
		System.out.println("     the signature verified on checkout; only the missing delegation stopped it");
		title("The agent's own cart request, now second");
		ok &= expect(send(meant, three), 401, "nonce_replayed");

		title("The same move with an RFC 9421 signature (method and URL signed)");
		AgentRequestSigner signer = new AgentRequestSigner(key);
		HttpRequest signedCart = signer.sign(post(merchant + "/api/v1/cart", cart), cart);
		ok &= expect(send(HttpRequest.newBuilder(signedCart, (name, value) -> true)
			.uri(URI.create(merchant + "/api/v1/checkout")).build(), cart), 401, "signature_invalid");

		System.out.println();
		System.out.println(ok ? "All steps behaved as expected." : "Some steps did not behave as expected.");
		return ok;
	}

	/** The article's headers on {@code request}. */
	private static HttpRequest simple(HttpRequest request, String agentId, AgentKeyPair key, byte[] body) {
		String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
		return HttpRequest.newBuilder(request, (name, value) -> true)
			.header(SimpleHeaderVerifier.AGENT_ID, agentId)
			.header(SimpleHeaderVerifier.TIMESTAMP, timestamp)
			.header(SimpleHeaderVerifier.SIGNATURE, SimpleHeaderVerifier.sign(key.signingKey(), body, timestamp))
			.build();
	}

	/**
	 * Layer 3 with a second agent and the merchant's shipped risk defaults: a burst in shadow mode (served, counted
	 * as would-be throttles), the merchant switched to enforce, a burst of twice the burst threshold (429, and a
	 * score of 70 or more: reported to Keycloak), and a checkout without a cart call on a delegation older than the
	 * merchant's step-up max_age (401 fresh_delegation_required, then 200 with a fresh token).
	 */
	private boolean riskSteps(String issuer, String operatorToken, String merchant, byte[] cart) throws Exception {
		String management = this.options.get("merchant-management") + "/actuator/agentauthrisk";
		title("The operator registers a second agent (for the behaviour steps)");
		HttpResponse<String> created = json("POST", issuer + "/agents", operatorToken,
				"{\"name\":\"Demo bursty agent\",\"description\":\"Checks prices a lot\"}");
		if (!expect(created, 201, null)) {
			return false;
		}
		String agentId = (String) parse(created.body()).get("id");
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		if (!expect(registerKey(issuer, operatorToken, agentId, key), 201, null)) {
			return false;
		}
		AgentRequestSigner signer = new AgentRequestSigner(key);
		Delegated delegated = delegate(issuer, agentId, key);
		if (delegated == null) {
			return false;
		}

		title("A burst of 80 signed GET /api/v1/products in a few seconds (risk mode: shadow)");
		Map<Integer, Integer> statuses = burst(signer, merchant, 80, 0);
		boolean ok = statuses.keySet().equals(java.util.Set.of(200));
		System.out.println("  -> " + statuses + (ok ? "   (expected: shadow mode never blocks)" : "   UNEXPECTED"));

		title("GET " + management + " (what the risk layer would have done)");
		HttpResponse<String> risk = this.http.send(HttpRequest.newBuilder(URI.create(management)).build(),
				HttpResponse.BodyHandlers.ofString());
		Map<String, Object> decisions = (risk.statusCode() == 200) ? parse(risk.body()) : Map.of();
		Object wouldBe = (decisions.get("decisions") instanceof Map<?, ?> counts) ? counts.get("wouldBe") : null;
		boolean throttled = (wouldBe instanceof Map<?, ?> actions) && actions.get("throttle") instanceof Number n
				&& n.longValue() > 0;
		System.out.println("  -> " + risk.statusCode() + " mode " + decisions.get("mode") + ", decisions by would-be action "
				+ wouldBe + (throttled ? "   (expected)" : "   UNEXPECTED: no would-be throttle"));
		System.out.println("     the merchant's audit lines say e.g. 'score=60 action=throttle enforced=false mode=shadow "
				+ "rules=[velocity.agent_burst:50,agent.cold_start:10]' (more than 50 requests of one key in 10 s)");
		ok &= throttled;

		title("The merchant switches to enforce (POST " + management + " {\"mode\":\"enforce\"})");
		HttpResponse<String> switched = this.http.send(HttpRequest.newBuilder(URI.create(management))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"enforce\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		ok &= expect(switched, 200, null);

		title("A burst of 200 signed GETs within one 10-second window (risk mode: enforce)");
		// one window later the key's baseline has decayed; twice the burst threshold scores 70, the report score
		statuses = burst(signer, merchant, 200, 1);
		boolean limited = statuses.containsKey(429);
		System.out.println("  -> " + statuses + (limited ? "   (expected: 429 rate_limited with Retry-After; from twice "
				+ "the threshold the score reaches 70 and the merchant reports the agent to Keycloak)"
				: "   UNEXPECTED: no 429"));
		ok &= limited;

		System.out.println();
		System.out.println("  waiting 10 s: the burst's 10-second window passes and the delegation token becomes older");
		System.out.println("  than the merchant's step-up max_age (5 s in this demo; 5 min by default)");
		Thread.sleep(Duration.ofSeconds(10));
		title("Signed POST /api/v1/checkout with the delegation but no cart call before (enforce)");
		HttpResponse<String> stepUp = send(
				signer.sign(withToken(post(merchant + "/api/v1/checkout", cart), delegated.token()), cart), cart);
		ok &= expect(stepUp, 401, "fresh_delegation_required");
		System.out.println("     WWW-Authenticate: " + stepUp.headers().firstValue("WWW-Authenticate").orElse("-"));

		title("A fresh delegation token (token exchange again), the same checkout");
		DelegationClient client = new DelegationClient(this.http, URI.create(issuer), this.options.get("operator"),
				this.options.get("operator-secret"));
		String fresh = (String) client.exchange(key, agentId, delegated.consumerToken(), "demo-merchant",
				"products:read cart:write checkout:create", null).get("access_token");
		ok &= expect(send(signer.sign(withToken(post(merchant + "/api/v1/checkout", cart), fresh), cart), cart), 200,
				null);
		ok &= signalSteps(issuer, operatorToken, agentId, key, merchant);
		return ok;
	}

	/**
	 * The loop back to Keycloak (issue 16): the merchant reported the burst (CAEP risk-level-change) and the key's
	 * use; an admin sees the standing, and the operator's key rotation is warned that the old key is still in use.
	 */
	private boolean signalSteps(String issuer, String operatorToken, String agentId, AgentKeyPair key,
			String merchant) throws Exception {
		String keycloak = this.options.get("keycloak");
		String admin = keycloak + "/admin/realms/" + this.options.get("realm") + "/agents/" + agentId;
		String adminToken = adminToken();

		title("The merchant reported the burst to Keycloak (CAEP risk-level-change): the agent's standing, as an admin");
		HttpResponse<String> standing = poll(() -> json("GET", admin + "/standing", adminToken, null),
				(body) -> body.contains("\"HIGH\""));
		boolean ok = expect(standing, 200, null);
		Object level = parse(standing.body()).get("level");
		System.out.println("     level " + level + (("HIGH".equals(level)) ? "   (expected: the merchant saw the burst)"
				: "   UNEXPECTED: no HIGH report"));
		ok &= "HIGH".equals(level);

		title("The merchant reported the key's use: last_used of the agent's key in Keycloak");
		HttpResponse<String> agent = poll(() -> json("GET", admin, adminToken, null),
				(body) -> body.contains("\"last_used\""));
		boolean used = agent.body().contains("\"last_used\"");
		System.out.println("  -> " + agent.statusCode() + (used ? "   (expected: last_used is set)"
				: "   UNEXPECTED: no last_used"));
		ok &= used;

		title("The operator rotates the key: registers a new one, retires the old one (warned: still in use)");
		AgentKeyPair next = AgentKeyPair.generateEd25519();
		ok &= expect(registerKey(issuer, operatorToken, agentId, next), 201, null);
		HttpResponse<String> retired = json("POST", issuer + "/agents/" + agentId + "/keys/" + key.thumbprint()
				+ "/retire", operatorToken, null);
		ok &= expect(retired, 200, null);
		Object warning = parse(retired.body()).get("warning");
		System.out.println("     warning: " + ((warning != null) ? warning : "UNEXPECTED: none"));
		ok &= warning != null;

		title("Signed GET /api/v1/products with the new key");
		ok &= expect(send(new AgentRequestSigner(next).sign(get(merchant + "/api/v1/products"), null), null), 200,
				null);
		return ok;
	}

	/** Calls {@code call} every 500 ms for up to 20 s until {@code done} holds for the body; the last answer. */
	private static HttpResponse<String> poll(java.util.concurrent.Callable<HttpResponse<String>> call,
			java.util.function.Predicate<String> done) throws Exception {
		java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
		HttpResponse<String> response = call.call();
		while (!done.test(response.body()) && java.time.Instant.now().isBefore(deadline)) {
			Thread.sleep(500);
			response = call.call();
		}
		return response;
	}

	/**
	 * Status counts of {@code n} signed GETs sent from the start of a 10-second window of the risk layer (fixed
	 * windows since the epoch), after {@code skip} whole windows without requests.
	 */
	private Map<Integer, Integer> burst(AgentRequestSigner signer, String merchant, int n, int skip)
			throws Exception {
		long window = 10_000;
		long now = System.currentTimeMillis();
		Thread.sleep(window - now % window + skip * window + 50);
		Map<Integer, Integer> statuses = new java.util.TreeMap<>();
		for (int i = 0; i < n; i++) {
			HttpResponse<String> response = send(signer.sign(get(merchant + "/api/v1/products"), null), null);
			statuses.merge(response.statusCode(), 1, Integer::sum);
		}
		return statuses;
	}

	/** Alice's token (to revoke her grant later) and the delegation token. */
	private record Delegated(String consumerToken, String grantId, String token) {
	}

	/** Layer 2: Alice's consent (driven headlessly as the demo consumer) and the token exchange. */
	private Delegated delegate(String issuer, String agentId, AgentKeyPair key) throws Exception {
		DelegationClient client = new DelegationClient(this.http, URI.create(issuer), this.options.get("operator"),
				this.options.get("operator-secret"));
		URI redirect = URI.create("http://localhost:8090/callback");
		Pkce pkce = Pkce.generate();
		String limits = "[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
				+ "\"budget\":{\"value\":\"200.00\",\"currency\":\"EUR\",\"period\":\"month\"},"
				+ "\"merchants\":[\"demo-merchant\"]}]";
		URI consentUrl = client.authorizationUri(agentId, "products:read cart:write checkout:create", limits, redirect,
				"demo", pkce);
		title("Alice approves the agent on the consent page (auto-approved here as alice/alice)");
		System.out.println("  to see the page yourself (with --keep-running), open in a browser and log in as alice/alice:");
		System.out.println("  " + consentUrl);
		HeadlessConsent browser = new HeadlessConsent(redirect);
		browser.open(consentUrl);
		browser.login("alice", "alice");
		if (!browser.page().contains("agent-consent-form")) {
			System.out.println("  FAILED: no consent page (status " + browser.status() + ")");
			return null;
		}
		System.out.println("  consent page shows: agent, operator, key fingerprint, 3 scopes, 50.00 EUR per purchase");
		browser.approve(null);
		String code = browser.result().get("code");
		if (code == null) {
			System.out.println("  FAILED: no authorization code: " + browser.result());
			return null;
		}
		Map<String, Object> consumer = client.redeemCode(code, redirect, pkce);
		String consumerToken = (String) consumer.get("access_token");
		Map<String, Object> consumerClaims = claims(consumerToken);
		System.out.println("  -> grant " + consumerClaims.get("agent_grant") + " (claim agent_grant in Alice's token)");

		title("Token exchange: Alice's token + an actor token signed by the agent's key -> delegation token");
		Map<String, Object> exchanged = client.exchange(key, agentId, consumerToken, "demo-merchant",
				"products:read cart:write checkout:create", null);
		Map<String, Object> delegation = claims((String) exchanged.get("access_token"));
		System.out.println("  -> 200, expires_in " + exchanged.get("expires_in") + " s");
		System.out.println("     sub " + delegation.get("sub") + " (Alice), act " + delegation.get("act") + ", aud "
				+ delegation.get("aud"));
		System.out.println("     cnf " + delegation.get("cnf") + " (= the agent key's thumbprint)");
		System.out.println("     scope \"" + delegation.get("scope") + "\", authorization_details "
				+ com.nimbusds.jose.util.JSONArrayUtils.toJSONString(
						(java.util.List<Object>) delegation.get("authorization_details")));
		return new Delegated(consumerToken, (String) consumerClaims.get("agent_grant"),
				(String) exchanged.get("access_token"));
	}

	private static Map<String, Object> claims(String jwt) throws ParseException {
		try {
			return CompactJws.parse(jwt).claims();
		}
		catch (AgentAuthException ex) {
			throw new ParseException(ex.getMessage(), 0);
		}
	}

	private void title(String text) {
		System.out.println();
		System.out.println("[" + (++this.step) + "] " + text);
	}

	private boolean expect(HttpResponse<String> response, int status, String code) throws ParseException {
		String actualCode = null;
		if (response.headers().firstValue("Content-Type").orElse("").contains("json") && response.body().startsWith("{")) {
			Object value = parse(response.body()).get("code");
			actualCode = (value instanceof String text) ? text : null;
		}
		boolean ok = response.statusCode() == status && (code == null || code.equals(actualCode));
		System.out.println("  -> " + response.statusCode() + ((actualCode != null) ? " " + actualCode : "")
				+ (ok ? "   (expected)" : "   UNEXPECTED: wanted " + status + ((code != null) ? " " + code : "")));
		if (!ok) {
			System.out.println("     body: " + response.body());
		}
		return ok;
	}

	private static HttpRequest get(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).GET().build();
	}

	private static HttpRequest withToken(HttpRequest request, String token) {
		return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Agent " + token).build();
	}

	private static HttpRequest post(String uri, byte[] body) {
		return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
	}

	/** Sends a signed request with {@code body} (which may differ from the signed one, to show tampering). */
	private HttpResponse<String> send(HttpRequest signed, byte[] body) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(signed.uri());
		signed.headers().map().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		builder.method(signed.method(), (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(body));
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> json(String method, String uri, String token, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token);
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		builder.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body));
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The operator adds {@code key} to its agent, with the proof of possession the realm asks for. */
	private HttpResponse<String> registerKey(String issuer, String operatorToken, String agentId, AgentKeyPair key)
			throws IOException, InterruptedException {
		return json("POST", issuer + "/agents/" + agentId + "/keys", operatorToken, "{\"jwk\":" + key.publicJwkJson()
				+ ",\"proof\":\"" + KeyProof.create(key, agentId, issuer) + "\"}");
	}

	/** A token of the Keycloak admin (master realm, admin-cli). */
	private String adminToken() throws IOException, InterruptedException, ParseException {
		return token(this.options.get("keycloak") + "/realms/master", "grant_type=password&client_id=admin-cli"
				+ "&username=" + enc(this.options.get("admin-user")) + "&password="
				+ enc(this.options.get("admin-password")));
	}

	private String token(String issuer, String form) throws IOException, InterruptedException, ParseException {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("token request to " + issuer + " failed: " + response.statusCode());
		}
		return (String) parse(response.body()).get("access_token");
	}

	private static Map<String, Object> parse(String json) throws ParseException {
		return JSONObjectUtils.parse(json);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
