package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

import dev.agentauth.client.ActorToken;
import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.test.TokenExchangeForm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegation tests' shared fixture in the demo realm of the suite's Keycloak: its clients, an operator client,
 * agents registered through the admin API, the consumer's consent flow, the token-exchange form, introspection,
 * consumer tokens, the realm's keys and the OAuth error assertion. {@link #start()} first, from a
 * {@code @BeforeAll}.
 */
final class DelegationFixture {

	static final String REALM = "agentic-commerce";

	static final String OPERATOR = "demo-agent-operator";

	static final String OPERATOR_SECRET = "demo-operator-secret";

	static final String MERCHANT = "demo-merchant";

	static final URI REDIRECT = URI.create("http://localhost:8090/callback");

	static final String SCOPES = "products:read cart:write checkout:create";

	static final String LIMITS = "[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
			+ "\"budget\":{\"value\":\"200.00\",\"currency\":\"EUR\",\"period\":\"month\"},\"merchants\":[\"demo-merchant\"]}]";

	static KeycloakServer keycloak;

	static DelegationClient operator;

	static String issuer;

	private DelegationFixture() {
	}

	/** Points the fixture at the suite's Keycloak (started once per run); every test class calls it first. */
	static void start() {
		keycloak = KeycloakServer.get();
		issuer = keycloak.uri("/realms/" + REALM).toString();
		operator = new DelegationClient(HttpClient.newHttpClient(), URI.create(issuer), OPERATOR, OPERATOR_SECRET);
	}

	record Agent(String id, AgentKeyPair key) {

		static Agent register(String name) {
			AgentKeyPair key = AgentKeyPair.generateEd25519();
			Map<String, Object> agent = new LinkedHashMap<>();
			agent.put("name", name);
			agent.put("operator", OPERATOR);
			try {
				agent.put("keys", List.of(Map.of("jwk", com.nimbusds.jose.util.JSONObjectUtils.parse(key.publicJwkJson()))));
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException(ex);
			}
			String body = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(agent);
			HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents", body);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			return new Agent((String) KeycloakServer.json(created.body()).get("id"), key);
		}

	}

	/**
	 * A grant of {@code user}'s, and the consumer token the operator redeemed with it (which the consumer grants API
	 * refuses).
	 */
	record Consent(String accessToken, String grantId, long grantExpires, String user) {

		/** The consumer revokes the grant as the account console's Connected agents page does. */
		HttpResponse<String> revokeInAccountConsole() throws Exception {
			return DelegationFixture.revokeInAccountConsole(this.user, this.grantId);
		}

	}

	/** The whole consent flow for {@code user}; the consumer's access token and the grant. */
	static Consent consent(Agent agent, String user, Long lifetime) throws Exception {
		return consent(agent, user, lifetime, LIMITS);
	}

	/** The whole consent flow for {@code user} with these limits. */
	static Consent consent(Agent agent, String user, Long lifetime, String limits) throws Exception {
		return consent(operator, agent, user, lifetime, limits);
	}

	/**
	 * The whole consent flow for {@code user} with these limits, through {@code via} (an operator client whose
	 * issuer may be another address of the same Keycloak, e.g. a proxy: tokens then name that issuer).
	 */
	static Consent consent(DelegationClient via, Agent agent, String user, Long lifetime, String limits)
			throws Exception {
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		Pkce pkce = Pkce.generate();
		browser.open(via.authorizationUri(agent.id(), SCOPES, limits, REDIRECT, UUID.randomUUID().toString(), pkce));
		browser.login(user, user);
		browser.approve(lifetime);
		assertThat(browser.result()).as(browser.page()).containsKey("code");
		String accessToken = (String) via.redeemCode(browser.result().get("code"), REDIRECT, pkce)
			.get("access_token");
		String grantId = SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim(DelegationClaims.AGENT_GRANT);
		String realm = via.tokenEndpoint().getPath().replaceAll("^.*/realms/([^/]+)/.*$", "$1");
		HttpResponse<String> grant = keycloak.admin("GET", "/admin/realms/" + realm + "/agents/grants/" + grantId, null);
		assertThat(grant.statusCode()).as(grant.body()).isEqualTo(200);
		long expires = ((Number) KeycloakServer.json(grant.body()).get("expires")).longValue();
		return new Consent(accessToken, grantId, expires, user);
	}

	/** The operator's RFC 8693 exchange of a consumer token for a delegation token to the demo merchant. */
	static Map<String, String> exchangeForm(String subjectToken, String actorToken) {
		return TokenExchangeForm.subject(subjectToken, DelegationClaims.ACCESS_TOKEN_TYPE)
			.actor(actorToken, ActorToken.TOKEN_TYPE)
			.audience(MERCHANT)
			.build();
	}

	static Map<String, Object> introspect(String token) {
		HttpResponse<String> response = keycloak.send(java.net.http.HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/protocol/openid-connect/token/introspect"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((MERCHANT + ":demo-merchant-secret").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + token))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return KeycloakServer.json(response.body());
	}

	/**
	 * The consumer's token of Keycloak's account console ({@code account-console}): the only token the consumer
	 * grants API accepts.
	 */
	static String consoleToken(String user) throws Exception {
		return HeadlessConsent.accountConsoleToken(URI.create(issuer), user, user);
	}

	/** {@code user} revokes a grant of theirs with the account console's token; the raw response. */
	static HttpResponse<String> revokeInAccountConsole(String user, String grantId) throws Exception {
		return keycloak.withToken(consoleToken(user), "DELETE", "/realms/" + REALM + "/agents/grants/" + grantId,
				null);
	}

	/** A consumer token of the operator client without going through an agent (no grant). */
	static String consumerToken(String user, String password) throws Exception {
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		Pkce pkce = Pkce.generate();
		URI plain = URI.create(operator.authorizationEndpoint() + "?response_type=code&client_id=" + OPERATOR
				+ "&redirect_uri=" + REDIRECT + "&scope=openid&state=s&code_challenge=" + pkce.challenge()
				+ "&code_challenge_method=S256");
		browser.open(plain);
		browser.login(user, password);
		assertThat(browser.result()).as(browser.page()).containsKey("code");
		return (String) operator.redeemCode(browser.result().get("code"), REDIRECT, pkce).get("access_token");
	}

	/** A token issued to the merchant client (client credentials): not the operator's subject token. */
	static String consumerTokenOfMerchant() {
		return keycloak.clientToken(REALM, MERCHANT, "demo-merchant-secret");
	}

	static RSAKey realmKey(String kid) throws Exception {
		HttpResponse<String> certs = keycloak.send(java.net.http.HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/protocol/openid-connect/certs")).build());
		return JWKSet.parse(certs.body()).getKeyByKeyId(kid).toRSAKey();
	}

	static void assertError(HttpResponse<String> response, int status, String error, String descriptionPart) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		Map<String, Object> json = KeycloakServer.json(response.body());
		assertThat(json).as(response.body()).containsEntry("error", error);
		assertThat(String.valueOf(json.get("error_description"))).as(response.body()).contains(descriptionPart);
		assertThat(json).doesNotContainKey("access_token");
	}

}
