package dev.agentauth.it.delegation;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.it.merchant.MerchantServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brokered agents end to end: a realm admin adds an agent provider through the admin REST API of the shared
 * Keycloak, and the demo merchant (a real process, shipped defaults: {@code allow-test-keys} false, revocation feed
 * on) accepts and refuses requests signed by signers that are not ours:
 * <ul>
 * <li>a Web Bot Auth directory served by a node process that signs its directory, and the agent's requests, with
 * Cloudflare's npm {@code web-bot-auth} package ({@code Signature-Agent} in its string form);</li>
 * <li>a Visa TAP key set ({@code jwks} provider, profile {@code visa-tap}) served by this test, the request signed
 * by a hand-written RFC 9421 signature base and the JDK's Ed25519 (no code of ours on the signing side);</li>
 * <li>a consumer's consent to a brokered Web Bot Auth agent and our token exchange with an actor token signed by
 * its directory key: the delegation token is bound to that key and refused once the grant is revoked.</li>
 * </ul>
 */
@SuppressWarnings("unchecked")
class BrokeredAgentEndToEndTests {

	private static final String REALM = "agentic-commerce";

	private static final Path NODE_DIR = Path.of("src/test/node/web-bot-auth-directory");

	private static final String PRODUCTS = "/api/v1/products";

	// the merchant's default revocation.max-lag: a feed event reaches it well within this bound
	private static final Duration FEED_BOUND = Duration.ofSeconds(30);

	private static KeycloakServer keycloak;

	private static MerchantServer merchant;

	// a Web Bot Auth agent's directory (node, npm web-bot-auth), one per test that trusts one: a key of a
	// deleted provider is remembered as unknown by the merchant for its negative-ttl
	private record Directory(Process process, int port, List<Map<String, Object>> keys,
			List<Map<String, Object>> privateKeys) {

		static Directory start(String name) throws Exception {
			Process process = new ProcessBuilder("node", "server.mjs", "0").directory(NODE_DIR.toFile())
				.redirectError(Path.of("target", name + ".log").toFile())
				.start();
			String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			assertThat(line).as("the directory server's first line (see target/" + name + ".log)").isNotNull();
			Map<String, Object> started = KeycloakServer.json(line);
			return new Directory(process, ((Number) started.get("port")).intValue(),
					(List<Map<String, Object>>) started.get("keys"),
					(List<Map<String, Object>>) started.get("privateKeys"));
		}

		String url() {
			return "http://127.0.0.1:" + this.port + "/.well-known/http-message-signatures-directory";
		}

		String thumbprint(int key) throws Exception {
			return AgentKey.from(this.keys.get(key)).thumbprint();
		}

		// GET /api/v1/products signed by the npm package's signer with this directory's key, Signature-Agent a
		// string; with Authorization: Agent <token> (covered) when a delegation token is given
		HttpResponse<String> send(int key, String delegationToken) throws Exception {
			Map<String, Object> input = new LinkedHashMap<>(Map.of("url", merchant.uri(PRODUCTS).toString(),
					"method", "GET", "key", key, "signatureAgent", "\"http://127.0.0.1:" + this.port + "\""));
			if (delegationToken != null) {
				input.put("authorization", "Agent " + delegationToken);
			}
			HttpResponse<String> signed = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/sign"))
						.POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(input)))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
			Map<String, Object> answer = JSONObjectUtils.parse(signed.body());
			assertThat(answer.get("keyid")).isEqualTo(thumbprint(key));
			Map<String, String> headers = new LinkedHashMap<>();
			JSONObjectUtils.getJSONObject(answer, "headers")
				.forEach((name, value) -> headers.put(name, (String) value));
			return BrokeredAgentEndToEndTests.send(headers);
		}

		void drop() throws Exception {
			assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/drop"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
		}

	}

	private static final List<Process> directories = new java.util.concurrent.CopyOnWriteArrayList<>();

	private static HttpServer jwksServer;

	private static final HttpClient http = HttpClient.newHttpClient();

	private static KeyPair tapKey;

	private static String tapKid;

	private static Map<String, Object> tapPublicJwk;

	@BeforeAll
	static void start() throws Exception {
		keycloak = KeycloakServer.get();
		merchant = MerchantServer.get();
		DelegationFixture.start();
		if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
			Process ci = new ProcessBuilder("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")
				.directory(NODE_DIR.toFile())
				.redirectErrorStream(true)
				.redirectOutput(Path.of("target", "web-bot-auth-npm-ci.log").toFile())
				.start();
			assertThat(ci.waitFor(180, TimeUnit.SECONDS) && ci.exitValue() == 0)
				.as("npm ci in " + NODE_DIR + " (see target/web-bot-auth-npm-ci.log)").isTrue();
		}
		// a scheme's key, fresh (not a published test key), named by a kid that is not a thumbprint
		tapKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		tapKid = "tap-e2e-" + UUID.randomUUID().toString().substring(0, 8);
		byte[] x = tapKey.getPublic().getEncoded();
		tapPublicJwk = Map.of("kty", "OKP", "crv", "Ed25519", "x",
				base64url(Arrays.copyOfRange(x, x.length - 32, x.length)));
		Map<String, Object> jwk = new LinkedHashMap<>(tapPublicJwk);
		jwk.put("kid", tapKid);
		byte[] jwks = JSONObjectUtils.toJSONString(Map.of("keys", List.of(jwk))).getBytes(StandardCharsets.UTF_8);
		jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		jwksServer.createContext("/tap/jwks", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		jwksServer.start();
	}

	private static Directory directory(String name) throws Exception {
		Directory directory = Directory.start(name);
		directories.add(directory.process());
		return directory;
	}

	@AfterAll
	static void stop() {
		directories.forEach(Process::destroy);
		if (jwksServer != null) {
			jwksServer.stop(0);
		}
	}

	@Test
	void aWebBotAuthAgentIsAcceptedOnceItsDirectoryIsTrustedStaysAcceptedForTheOverlapAndIsRefusedWhenDisabled()
			throws Exception {
		Directory directory = directory("web-bot-auth-directory-e2e");
		String alias = "wba-e2e-" + UUID.randomUUID().toString().substring(0, 8);
		String stays = directory.thumbprint(0);
		String leaves = directory.thumbprint(1);
		try {
			HttpResponse<String> created = keycloak.admin("POST", providers(), "{\"alias\":\"" + alias
					+ "\",\"displayName\":\"E2E Crawler\",\"type\":\"web-bot-auth\",\"url\":\"" + directory.url()
					+ "\",\"profile\":\"web-bot-auth\",\"enabled\":true}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			assertThat(KeycloakServer.json(created.body())).containsEntry("status", "ok")
				.containsEntry("keyCount", 2L);

			HttpResponse<String> accepted = directory.send(0, null);
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
			HttpResponse<String> other = directory.send(1, null);
			assertThat(other.statusCode()).as(other.body()).isEqualTo(200);

			// the second key leaves the directory: retired, valid for the rotation overlap from the refresh on
			directory.drop();
			Instant before = Instant.now().minusSeconds(1);
			HttpResponse<String> refreshed = keycloak.admin("POST", providers() + "/" + alias + "/refresh", null);
			Instant after = Instant.now().plusSeconds(1);
			assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
			assertThat(KeycloakServer.json(refreshed.body())).containsEntry("retired", 1L)
				.containsEntry("keyCount", 1L);
			RegisteredKey retired = RegisteredKey.parse(lookup("/agents/keys/" + leaves, 200));
			assertThat(retired.keyStatus()).isEqualTo(KeyStatus.RETIRED);
			assertThat(retired.notAfter()).isBetween(before.plusSeconds(KeycloakServer.ROTATION_OVERLAP_SECONDS),
					after.plusSeconds(KeycloakServer.ROTATION_OVERLAP_SECONDS));
			// during the overlap the merchant keeps accepting the retired key
			HttpResponse<String> overlap = directory.send(1, null);
			assertThat(overlap.statusCode()).as(overlap.body()).isEqualTo(200);

			// disabled: an agent suspension event in the revocation feed makes the merchant drop the cached key
			// without waiting for its cache to expire; the lookup then answers 404, so the key is unknown
			HttpResponse<String> disabled = keycloak.admin("PUT", providers() + "/" + alias, "{\"displayName\":"
					+ "\"E2E Crawler\",\"type\":\"web-bot-auth\",\"url\":\"" + directory.url()
					+ "\",\"enabled\":false}");
			assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
			// on the way the merchant may answer 403 agent_suspended: the feed applies the suspension to its
			// revocation set just before it drops the cached key (seen in CI); it never accepts again, and once the
			// key is dropped the lookup's 404 makes it unknown
			HttpResponse<String> refused = Eventually.poll(FEED_BOUND, Duration.ofMillis(200), () -> {
				HttpResponse<String> response = directory.send(0, null);
				assertThat(response.statusCode()).as(response.body()).isIn(200, 401, 403);
				return response;
			}, (response) -> response.statusCode() == 401);
			assertRefused(refused, 401, "unknown_key");
			assertRefused(directory.send(0, null), 401, "unknown_key");
			lookup("/agents/keys/" + stays, 404);
		}
		finally {
			keycloak.admin("DELETE", providers() + "/" + alias, null);
		}
	}

	@Test
	void aConsumerApprovesABrokeredAgentWhoseDelegationTokensAreBoundToItsDirectoryKeyUntilTheGrantIsRevoked()
			throws Exception {
		Directory directory = directory("web-bot-auth-directory-e2e-delegation");
		String alias = "wba-deleg-" + UUID.randomUUID().toString().substring(0, 8);
		try {
			HttpResponse<String> created = keycloak.admin("POST", providers(), "{\"alias\":\"" + alias
					+ "\",\"displayName\":\"Brokered Shopper\",\"type\":\"web-bot-auth\",\"url\":\""
					+ directory.url() + "\",\"profile\":\"web-bot-auth\"}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String agentId = brokeredAgentId(alias);
			// the agent's operator holds the directory's private key and runs our token exchange
			AgentKeyPair key = AgentKeyPair.fromJwkJson(JSONObjectUtils.toJSONString(directory.privateKeys().get(0)));
			assertThat(key.thumbprint()).isEqualTo(directory.thumbprint(0));

			// the consent page names the provider and the agent's directory
			Approval approval = approve(agentId);
			assertThat(approval.page()).contains("id=\"agent-provider\">Brokered Shopper<")
				.contains("id=\"agent-directory\"><code>" + directory.url() + "</code>")
				.contains(directory.thumbprint(0));
			String consumerToken = approval.consumerToken();
			String grantId = approval.grantId();

			// the exchange: an actor token signed with the directory's key, kid = its thumbprint
			String delegation = (String) DelegationFixture.operator
				.exchange(key, agentId, consumerToken, DelegationFixture.MERCHANT, null, null)
				.get("access_token");
			Map<String, Object> cnf = SignedJWT.parse(delegation).getJWTClaimsSet().getJSONObjectClaim("cnf");
			assertThat(cnf).containsEntry("jkt", directory.thumbprint(0));
			// the other directory key is the same agent's, but the token is bound to the key that signed the actor
			HttpResponse<String> accepted = directory.send(0, delegation);
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
			assertRefused(directory.send(1, delegation), 401, "token_binding_mismatch");

			// the consumer revokes the grant: the revocation feed makes the merchant refuse
			assertThat(DelegationFixture.revokeInAccountConsole("alice", grantId).statusCode()).isEqualTo(204);
			HttpResponse<String> refused = Eventually.poll(FEED_BOUND, Duration.ofMillis(200),
					() -> directory.send(0, delegation), (response) -> response.statusCode() != 200);
			assertRefused(refused, 401, "grant_revoked");
		}
		finally {
			keycloak.admin("DELETE", providers() + "/" + alias, null);
		}
	}

	@Test
	void aVisaTapRequestIsAcceptedAndANineMinuteWindowOrAReplayedNonceIsRefusedAndItsAgentGetsDelegationTokens()
			throws Exception {
		String alias = "tap-e2e-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> created = keycloak.admin("POST", providers(),
				"{\"alias\":\"" + alias + "\",\"displayName\":\"TAP Scheme\",\"type\":\"jwks\",\"url\":\"http://127.0.0.1:"
						+ jwksServer.getAddress().getPort() + "/tap/jwks\",\"profile\":\"visa-tap\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(KeycloakServer.json(created.body())).containsEntry("status", "ok").containsEntry("keyCount", 1L);

		// created a second ahead (within the clock skew): never before the merchant's nonce memory began, even
		// when this class starts the merchant
		Instant now = Instant.now().plusSeconds(1);
		Map<String, String> signed = signTap(now, now.plusSeconds(480), UUID.randomUUID().toString());
		HttpResponse<String> accepted = send(signed);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		assertRefused(send(signed), 401, "nonce_replayed");

		HttpResponse<String> nineMinutes = send(
				signTap(now, now.plusSeconds(540), UUID.randomUUID().toString()));
		assertRefused(nineMinutes, 401, "signature_lifetime_too_long");

		// delegation: the consent page shows the scheme's key id; the actor token names the key by its JWKS kid;
		// the delegation token is bound to the key's thumbprint and accepted with a TAP signature covering it
		String agentId = brokeredAgentId(alias);
		Approval approval = approve(agentId);
		assertThat(approval.page()).contains("id=\"agent-provider\">TAP Scheme<").contains("<code>" + tapKid + "</code>");
		HttpResponse<String> exchanged = DelegationFixture.operator
			.postToken(DelegationFixture.exchangeForm(approval.consumerToken(), tapActorToken(agentId)));
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		String delegation = (String) KeycloakServer.json(exchanged.body()).get("access_token");
		assertThat(SignedJWT.parse(delegation).getJWTClaimsSet().getJSONObjectClaim("cnf")).containsEntry("jkt",
				AgentKey.from(tapPublicJwk).thumbprint());
		Instant later = Instant.now().plusSeconds(1);
		HttpResponse<String> delegated = send(
				signTap(later, later.plusSeconds(60), UUID.randomUUID().toString(), delegation));
		assertThat(delegated.statusCode()).as(delegated.body()).isEqualTo(200);

		assertThat(keycloak.admin("DELETE", providers() + "/" + alias, null).statusCode()).isEqualTo(204);
	}

	// the actor token of the TAP agent, written by hand: header kid = the JWKS kid, signed with the JDK's Ed25519
	private static String tapActorToken(String agentId) throws Exception {
		long now = Instant.now().getEpochSecond();
		String header = base64url(JSONObjectUtils.toJSONString(Map.of("alg", "EdDSA", "typ", "JWT", "kid", tapKid))
			.getBytes(StandardCharsets.UTF_8));
		String claims = base64url(JSONObjectUtils
			.toJSONString(Map.of("iss", agentId, "sub", agentId, "aud", DelegationFixture.issuer, "jti",
					UUID.randomUUID().toString(), "iat", now, "exp", now + 60))
			.getBytes(StandardCharsets.UTF_8));
		Signature ed25519 = Signature.getInstance("Ed25519");
		ed25519.initSign(tapKey.getPrivate());
		ed25519.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
		return header + "." + claims + "." + base64url(ed25519.sign());
	}

	private record Approval(String page, String consumerToken, String grantId) {
	}

	// alice approves the agent on the consent page (its HTML kept) for the demo operator client
	private static Approval approve(String agentId) throws Exception {
		HeadlessConsent browser = new HeadlessConsent(DelegationFixture.REDIRECT);
		Pkce pkce = Pkce.generate();
		browser.open(DelegationFixture.operator.authorizationUri(agentId, DelegationFixture.SCOPES,
				DelegationFixture.LIMITS, DelegationFixture.REDIRECT, UUID.randomUUID().toString(), pkce));
		String page = browser.login("alice", "alice");
		browser.approve(null);
		assertThat(browser.result()).as(browser.page()).containsKey("code");
		String consumerToken = (String) DelegationFixture.operator
			.redeemCode(browser.result().get("code"), DelegationFixture.REDIRECT, pkce)
			.get("access_token");
		return new Approval(page, consumerToken,
				SignedJWT.parse(consumerToken).getJWTClaimsSet().getStringClaim(DelegationClaims.AGENT_GRANT));
	}

	private static String brokeredAgentId(String alias) throws Exception {
		return (String) JSONArrayUtils
			.parse(keycloak.admin("GET", "/admin/realms/" + REALM + "/agents?max=1000", null).body())
			.stream()
			.map((agent) -> (Map<String, Object>) agent)
			.filter((agent) -> alias.equals(agent.get("provider")))
			.findFirst()
			.orElseThrow()
			.get("id");
	}

	// the Signature-Input and Signature of a TAP browsing agent, from the RFC 9421 signature base written by hand
	private static Map<String, String> signTap(Instant created, Instant expires, String nonce) throws Exception {
		return signTap(created, expires, nonce, null);
	}

	// with Authorization: Agent <token>, covered, when a delegation token is given
	private static Map<String, String> signTap(Instant created, Instant expires, String nonce, String delegation)
			throws Exception {
		String authorization = (delegation != null) ? "Agent " + delegation : null;
		String params = ((authorization != null) ? "(\"@authority\" \"@path\" \"authorization\")"
				: "(\"@authority\" \"@path\")") + ";created=" + created.getEpochSecond() + ";expires="
				+ expires.getEpochSecond() + ";keyid=\"" + tapKid + "\";alg=\"ed25519\";nonce=\"" + nonce
				+ "\";tag=\"agent-browser-auth\"";
		String base = "\"@authority\": " + merchant.uri("/").getRawAuthority() + "\n\"@path\": " + PRODUCTS
				+ ((authorization != null) ? "\n\"authorization\": " + authorization : "")
				+ "\n\"@signature-params\": " + params;
		Signature ed25519 = Signature.getInstance("Ed25519");
		ed25519.initSign(tapKey.getPrivate());
		ed25519.update(base.getBytes(StandardCharsets.US_ASCII));
		Map<String, String> headers = new LinkedHashMap<>();
		if (authorization != null) {
			headers.put("Authorization", authorization);
		}
		headers.put("Signature-Input", "sig2=" + params);
		headers.put("Signature", "sig2=:" + Base64.getEncoder().encodeToString(ed25519.sign()) + ":");
		return headers;
	}

	private static HttpResponse<String> send(Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(merchant.uri(PRODUCTS)).GET();
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(JSONObjectUtils.parse(response.body())).as(response.body()).containsEntry("code", code);
	}

	private static String providers() {
		return "/admin/realms/" + REALM + "/agent-providers";
	}

	private static String lookup(String path, int status) {
		HttpResponse<String> response = keycloak
			.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + REALM + path)).build());
		assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
		return response.body();
	}

	private static String base64url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
