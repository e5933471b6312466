package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.client.ActorToken;
import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.test.TokenExchangeForm;

import static dev.agentauth.it.delegation.DelegationFixture.LIMITS;
import static dev.agentauth.it.delegation.DelegationFixture.MERCHANT;
import static dev.agentauth.it.delegation.DelegationFixture.OPERATOR;
import static dev.agentauth.it.delegation.DelegationFixture.REALM;
import static dev.agentauth.it.delegation.DelegationFixture.REDIRECT;
import static dev.agentauth.it.delegation.DelegationFixture.SCOPES;
import static dev.agentauth.it.delegation.DelegationFixture.assertError;
import static dev.agentauth.it.delegation.DelegationFixture.consent;
import static dev.agentauth.it.delegation.DelegationFixture.consoleToken;
import static dev.agentauth.it.delegation.DelegationFixture.consumerToken;
import static dev.agentauth.it.delegation.DelegationFixture.consumerTokenOfMerchant;
import static dev.agentauth.it.delegation.DelegationFixture.exchangeForm;
import static dev.agentauth.it.delegation.DelegationFixture.introspect;
import static dev.agentauth.it.delegation.DelegationFixture.issuer;
import static dev.agentauth.it.delegation.DelegationFixture.keycloak;
import static dev.agentauth.it.delegation.DelegationFixture.operator;
import static dev.agentauth.it.delegation.DelegationFixture.realmKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer 2 in Keycloak, over HTTP against the real server: the operator's authorization request, the consumer's
 * login and consent page, the code, and the token exchange for an agent-bound delegation token; every refusal;
 * revocation; introspection; the consumer's and the admin's grant APIs; events.
 */
class DelegationFlowTests {

	@BeforeAll
	static void start() {
		DelegationFixture.start();
	}

	@Test
	void consentThenExchangeIssuesADelegationTokenBoundToTheAgentKey() throws Exception {
		Agent agent = Agent.register("Shopping helper");
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		Pkce pkce = Pkce.generate();
		browser.open(operator.authorizationUri(agent.id(), SCOPES, LIMITS, REDIRECT, "st-1", pkce));
		String consentPage = browser.login("alice", "alice");

		assertThat(browser.status()).isEqualTo(200);
		assertThat(consentPage).contains("Allow Shopping helper to act for you?")
			.contains("id=\"agent-operator\">" + OPERATOR)
			.contains(agent.key().thumbprint())
			.contains("See products and prices")
			.contains("Add items to your shopping cart")
			.contains("Place orders and pay for them in your name")
			.contains("At most 50.00 EUR per purchase")
			.contains("At most 200.00 EUR in total per month")
			.contains("class=\"agent-merchant\">demo-merchant");

		// a one-day grant: the token's lifetime is then the realm's (one hour), not capped by the grant
		browser.approve(86400L);
		assertThat(browser.result()).containsEntry("state", "st-1").containsKey("code");
		Map<String, Object> consumer = operator.redeemCode(browser.result().get("code"), REDIRECT, pkce);
		SignedJWT consumerToken = SignedJWT.parse((String) consumer.get("access_token"));
		String grantId = consumerToken.getJWTClaimsSet().getStringClaim(DelegationClaims.AGENT_GRANT);
		assertThat(grantId).isNotBlank();
		String aliceId = consumerToken.getJWTClaimsSet().getSubject();

		HttpResponse<String> exchanged = operator.exchangeResponse(agent.key(), agent.id(),
				(String) consumer.get("access_token"), MERCHANT, "products:read checkout:create", null);
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		Map<String, Object> response = KeycloakServer.json(exchanged.body());
		assertThat(response).containsEntry("issued_token_type", DelegationClaims.ACCESS_TOKEN_TYPE)
			.containsEntry("token_type", "Agent")
			.containsEntry("scope", "products:read checkout:create")
			.doesNotContainKey("refresh_token");

		SignedJWT token = SignedJWT.parse((String) response.get("access_token"));
		assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(token.verify(new RSASSAVerifier(realmKey(token.getHeader().getKeyID())))).isTrue();
		Map<String, Object> claims = token.getJWTClaimsSet().getClaims();
		assertThat(claims.get("iss")).isEqualTo(issuer);
		assertThat(claims.get("sub")).isEqualTo(aliceId);
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(MERCHANT);
		assertThat(claims.get("azp")).isEqualTo(OPERATOR);
		// RFC 8693 act in the shape of Keycloak's own delegation: the agent, and the operator client that exchanged
		assertThat(claims.get("act")).isEqualTo(Map.of("sub", agent.id(), "client_id", OPERATOR));
		assertThat(claims.get("cnf")).isEqualTo(Map.of("jkt", agent.key().thumbprint()));
		assertThat(claims.get("scope")).isEqualTo("products:read checkout:create");
		assertThat(claims.get(DelegationClaims.AGENT_GRANT)).isEqualTo(grantId);
		assertThat(JSONArrayUtils.toJSONString((List<Object>) claims.get("authorization_details")))
			.isEqualTo("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
					+ "\"budget\":{\"value\":\"200.00\",\"currency\":\"EUR\",\"period\":\"month\"},"
					+ "\"merchants\":[\"demo-merchant\"]}]");
		assertThat(token.getJWTClaimsSet().getJWTID()).isNotBlank();
		long lifetime = token.getJWTClaimsSet().getExpirationTime().getTime() / 1000
				- token.getJWTClaimsSet().getIssueTime().getTime() / 1000;
		assertThat(lifetime).isEqualTo(3600);
		assertThat(response.get("expires_in")).isEqualTo(3600L);

		// the grant as the consumer sees it in the account console, and the consent event
		HttpResponse<String> grants = keycloak.withToken(consoleToken("alice"), "GET",
				"/realms/" + REALM + "/agents/grants", null);
		assertThat(grants.statusCode()).as(grants.body()).isEqualTo(200);
		assertThat(grants.body()).contains("\"id\":\"" + grantId + "\"").contains("\"agent_id\":\"" + agent.id() + "\"")
			.contains("\"status\":\"active\"");
		assertThat(keycloak.admin("GET", "/admin/realms/" + REALM + "/events?type=GRANT_CONSENT&max=500", null).body())
			.contains(grantId).contains(agent.id());
	}

	/** RFC 9396 §14: a merchant learns nothing of the other merchants the consumer allowed. */
	@Test
	@SuppressWarnings("unchecked")
	void aTokenForOneOfTheGrantsMerchantsNamesOnlyThatMerchant() throws Exception {
		Agent agent = Agent.register("Two-shop helper");
		Consent consent = consent(agent, "alice", null, "[{\"type\":\"agent_delegation\","
				+ "\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
				+ "\"merchants\":[\"wine-shop\",\"" + MERCHANT + "\"]}]");
		Map<String, Object> response = operator.exchange(agent.key(), agent.id(), consent.accessToken(), MERCHANT,
				null, null);
		String only = "[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"},"
				+ "\"merchants\":[\"" + MERCHANT + "\"]}]";
		Map<String, Object> claims = SignedJWT.parse((String) response.get("access_token")).getJWTClaimsSet().getClaims();
		assertThat(JSONArrayUtils.toJSONString((List<Object>) claims.get("authorization_details"))).isEqualTo(only);
		assertThat(JSONArrayUtils.toJSONString((List<Object>) response.get("authorization_details"))).isEqualTo(only);
	}

	@Test
	void grantLifetimeCapsTheTokenLifetime() throws Exception {
		Agent agent = Agent.register("Short grant");
		Consent consent = consent(agent, "alice", 3600L);
		SignedJWT token = SignedJWT.parse((String) operator.exchange(agent.key(), agent.id(), consent.accessToken(),
				MERCHANT, null, null).get("access_token"));
		assertThat(token.getJWTClaimsSet().getExpirationTime().getTime() / 1000)
			.isLessThanOrEqualTo(consent.grantExpires());
	}

	@Test
	void revokingTheGrantStopsExchangeAndMakesIntrospectionInactive() throws Exception {
		Agent agent = Agent.register("Revocable");
		Consent consent = consent(agent, "alice", null);
		String delegation = (String) operator.exchange(agent.key(), agent.id(), consent.accessToken(), MERCHANT, null,
				null).get("access_token");

		Map<String, Object> active = introspect(delegation);
		assertThat(active).containsEntry("active", true)
			.containsEntry("act", Map.of("sub", agent.id(), "client_id", OPERATOR))
			.containsEntry("cnf", Map.of("jkt", agent.key().thumbprint()))
			.containsEntry("agent_grant", consent.grantId());

		HttpResponse<String> otherUser = keycloak.withToken(consoleToken("bob"), "DELETE",
				"/realms/" + REALM + "/agents/grants/" + consent.grantId(), null);
		assertThat(otherUser.statusCode()).isEqualTo(404);
		HttpResponse<String> revoked = consent.revokeInAccountConsole();
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);

		assertThat(introspect(delegation)).isEqualTo(Map.of("active", false));
		assertError(operator.exchangeResponse(agent.key(), agent.id(), consent.accessToken(), MERCHANT, null, null),
				400, "invalid_grant", "revoked");
		assertThat(keycloak.admin("GET", "/admin/realms/" + REALM + "/events?type=REVOKE_GRANT&max=500", null).body())
			.contains(consent.grantId());
	}

	@Test
	void adminListsAndRevokesAnyUsersGrants() throws Exception {
		Agent agent = Agent.register("Admin managed");
		Consent consent = consent(agent, "bob", null);
		String bobId = SignedJWT.parse(consent.accessToken()).getJWTClaimsSet().getSubject();
		String base = "/admin/realms/" + REALM + "/agents/grants";
		assertThat(keycloak.admin("GET", base, null).statusCode()).isEqualTo(400);
		HttpResponse<String> listed = keycloak.admin("GET", base + "?user=" + bobId, null);
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		assertThat(listed.body()).contains(consent.grantId());
		assertThat(keycloak.admin("DELETE", base + "/" + consent.grantId(), null).statusCode()).isEqualTo(204);
		assertThat(keycloak.admin("GET", base + "/" + consent.grantId(), null).body()).contains("\"status\":\"revoked\"");
		assertThat(keycloak.admin("DELETE", base + "/no-such-grant", null).statusCode()).isEqualTo(404);
		String merchantToken = keycloak.clientToken(REALM, MERCHANT, "demo-merchant-secret");
		assertThat(keycloak.withToken(merchantToken, "GET", "/realms/" + REALM + "/agents/grants", null).statusCode())
			.isEqualTo(403);
	}

	@Test
	void deletingTheConsumerOrTheAgentDeletesTheirGrants() throws Exception {
		String username = "carol-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/users", "{\"username\":\""
				+ username + "\",\"enabled\":true,\"email\":\"" + username + "@example.com\",\"emailVerified\":true,"
				+ "\"firstName\":\"Carol\",\"lastName\":\"Test\",\"credentials\":[{\"type\":\"password\",\"value\":\""
				+ username + "\",\"temporary\":false}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String userPath = created.headers().firstValue("Location").orElseThrow().replaceAll("^.*/admin/", "/admin/");
		String base = "/admin/realms/" + REALM + "/agents/grants/";
		Consent carols = consent(Agent.register("For Carol"), username, null);
		assertThat(keycloak.admin("GET", base + carols.grantId(), null).statusCode()).isEqualTo(200);
		assertThat(keycloak.admin("DELETE", userPath, null).statusCode()).isEqualTo(204);
		assertThat(keycloak.admin("GET", base + carols.grantId(), null).statusCode()).isEqualTo(404);

		Agent agent = Agent.register("Deleted agent");
		Consent alices = consent(agent, "alice", null);
		assertThat(keycloak.admin("DELETE", "/admin/realms/" + REALM + "/agents/" + agent.id(), null).statusCode())
			.isIn(200, 204);
		assertThat(keycloak.admin("GET", base + alices.grantId(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void denyEndsTheFlowWithAccessDeniedAndStoresNoGrant() throws Exception {
		Agent agent = Agent.register("Denied");
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		browser.open(operator.authorizationUri(agent.id(), SCOPES, LIMITS, REDIRECT, "st-2", Pkce.generate()));
		browser.login("bob", "bob");
		browser.deny();
		assertThat(browser.result()).containsEntry("error", "access_denied").doesNotContainKey("code");
		String bobToken = consoleToken("bob");
		assertThat(keycloak.withToken(bobToken, "GET", "/realms/" + REALM + "/agents/grants", null).body())
			.doesNotContain(agent.id());
	}

	@Test
	void unknownForeignOrSuspendedAgentShowsAnErrorPageAndNoGrant() throws Exception {
		HeadlessConsent unknown = new HeadlessConsent(REDIRECT);
		unknown.open(operator.authorizationUri("no-such-agent", SCOPES, LIMITS, REDIRECT, "st", Pkce.generate()));
		assertThat(unknown.login("alice", "alice")).contains("No agent &#34;no-such-agent&#34; is registered here. Nothing was granted.");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.page()).doesNotContain("agent-consent-form");

		HttpResponse<String> foreign = keycloak.admin("POST", "/admin/realms/" + REALM + "/agents",
				"{\"name\":\"Someone else's\",\"operator\":\"another-operator\"}");
		String foreignId = (String) KeycloakServer.json(foreign.body()).get("id");
		HeadlessConsent wrongOperator = new HeadlessConsent(REDIRECT);
		wrongOperator.open(operator.authorizationUri(foreignId, SCOPES, LIMITS, REDIRECT, "st", Pkce.generate()));
		assertThat(wrongOperator.login("alice", "alice")).contains("is not operated by " + OPERATOR);
		assertThat(wrongOperator.page()).doesNotContain("agent-consent-form");

		Agent agent = Agent.register("Suspended one");
		assertThat(keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id() + "/suspend", null)
			.statusCode()).isEqualTo(200);
		HeadlessConsent suspended = new HeadlessConsent(REDIRECT);
		suspended.open(operator.authorizationUri(agent.id(), SCOPES, LIMITS, REDIRECT, "st", Pkce.generate()));
		assertThat(suspended.login("alice", "alice")).contains("is suspended and cannot be given access");
		assertThat(suspended.page()).doesNotContain("agent-consent-form");
	}

	@Test
	void malformedLimitsAreRefusedAtTheAuthorizationEndpoint() throws Exception {
		Agent agent = Agent.register("Bad limits");
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		browser.open(operator.authorizationUri(agent.id(), SCOPES,
				"[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"-5\",\"currency\":\"EUR\"}}]", REDIRECT,
				"st", Pkce.generate()));
		assertThat(browser.result()).containsEntry("error", "invalid_request");
		assertThat(browser.result().get("error_description")).contains("positive decimal");
	}

	@Test
	void htmlInTheAgentNameIsEscapedOnTheConsentPage() throws Exception {
		Agent agent = Agent.register("<script>alert(1)</script><b>Evil</b>");
		HeadlessConsent browser = new HeadlessConsent(REDIRECT);
		browser.open(operator.authorizationUri(agent.id(), SCOPES, LIMITS, REDIRECT, "st", Pkce.generate()));
		String page = browser.login("alice", "alice");
		assertThat(page).contains("agent-consent-form")
			.doesNotContain("<script>alert(1)</script>")
			.doesNotContain("<b>Evil</b>")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Evil&lt;/b&gt;");
	}

	@Test
	void exchangeRefusalsCarryTheOAuthErrorAndIssueNothing() throws Exception {
		Agent agent = Agent.register("Refusals");
		Consent consent = consent(agent, "alice", null);
		String subject = consent.accessToken();

		// missing parameters
		Map<String, String> form = exchangeForm(subject, ActorToken.create(agent.key(), agent.id(), URI.create(issuer)));
		for (String name : List.of("subject_token", "actor_token", "audience", "subject_token_type")) {
			Map<String, String> missing = new LinkedHashMap<>(form);
			missing.remove(name);
			assertError(operator.postToken(missing), 400, "invalid_request", name);
		}
		// scopes and limits beyond the grant, unknown audience
		assertError(operator.exchangeResponse(agent.key(), agent.id(), subject, MERCHANT, "admin:all", null), 400,
				"invalid_scope", "admin:all");
		assertError(operator.exchangeResponse(agent.key(), agent.id(), subject, MERCHANT, null,
				"[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"500\",\"currency\":\"EUR\"}}]"), 400,
				"invalid_scope", "exceeds");
		assertError(operator.exchangeResponse(agent.key(), agent.id(), subject, OPERATOR, null, null), 400,
				"invalid_scope", "does not include merchant");
		assertError(operator.exchangeResponse(agent.key(), agent.id(), subject, "no-such-client", null, null), 400,
				"invalid_target", "no-such-client");

		// actor tokens: unregistered key, another agent's key, expired, replayed
		AgentKeyPair stranger = AgentKeyPair.generateEd25519();
		assertError(operator.exchangeResponse(stranger, agent.id(), subject, MERCHANT, null, null), 400,
				"invalid_grant", "not registered");
		Agent other = Agent.register("Other agent");
		assertError(operator.exchangeResponse(other.key(), other.id(), subject, MERCHANT, null, null), 400,
				"invalid_grant", "another agent");
		String expired = ActorToken.create(agent.key(), agent.id(), URI.create(issuer), Duration.ofSeconds(60),
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
		assertError(operator.postToken(exchangeForm(subject, expired)), 400, "invalid_grant", "expired");
		String once = ActorToken.create(agent.key(), agent.id(), URI.create(issuer));
		assertThat(operator.postToken(exchangeForm(subject, once)).statusCode()).isEqualTo(200);
		assertError(operator.postToken(exchangeForm(subject, once)), 400, "invalid_grant", "already used");
		String forged = once.substring(0, once.lastIndexOf('.') + 1) + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(new byte[64]);
		assertError(operator.postToken(exchangeForm(subject, forged)), 400, "invalid_grant", "does not verify");

		// subject tokens: garbage, another client's
		assertError(operator.postToken(exchangeForm("not-a-token",
				ActorToken.create(agent.key(), agent.id(), URI.create(issuer)))), 400, "invalid_grant", "subject_token");
		assertError(operator.postToken(exchangeForm(consumerTokenOfMerchant(),
				ActorToken.create(agent.key(), agent.id(), URI.create(issuer)))), 400, "invalid_grant", "");

		// wrong client credentials
		DelegationClient wrongSecret = new DelegationClient(HttpClient.newHttpClient(), URI.create(issuer), OPERATOR,
				"wrong");
		assertThat(KeycloakServer.json(wrongSecret.exchangeResponse(agent.key(), agent.id(), subject, MERCHANT, null,
				null).body())).containsEntry("error", "unauthorized_client");

		// revoked key, then suspended agent
		assertThat(keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id() + "/keys/"
				+ agent.key().thumbprint() + "/revoke", null).statusCode()).isEqualTo(200);
		assertError(operator.exchangeResponse(agent.key(), agent.id(), subject, MERCHANT, null, null), 400,
				"invalid_grant", "revoked");
		Agent suspended = Agent.register("To suspend");
		Consent suspendedConsent = consent(suspended, "alice", null);
		keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + suspended.id() + "/suspend", null);
		assertError(operator.exchangeResponse(suspended.key(), suspended.id(), suspendedConsent.accessToken(), MERCHANT,
				null, null), 400, "invalid_grant", "suspended");
		assertThat(keycloak.admin("GET", "/admin/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&max=500", null)
			.body()).contains("actor_token_replayed").contains("grant_other_agent");
	}

	@Test
	void standardExchangeCannotStripTheBindingOfADelegationToken() throws Exception {
		Agent agent = Agent.register("Binding");
		Consent consent = consent(agent, "alice", null);
		String delegation = (String) operator.exchange(agent.key(), agent.id(), consent.accessToken(), MERCHANT, null,
				null).get("access_token");
		DelegationClient merchant = new DelegationClient(HttpClient.newHttpClient(), URI.create(issuer), MERCHANT,
				"demo-merchant-secret");
		Map<String, String> form = TokenExchangeForm.subject(delegation, DelegationClaims.ACCESS_TOKEN_TYPE).build();
		assertError(merchant.postToken(form), 400, "invalid_request", "bound to its agent's key");
		form.put("audience", OPERATOR);
		assertError(operator.postToken(form), 400, "invalid_request", "bound to its agent's key");
	}

	@Test
	void keycloakLogsWhichImplementationVerifiesActorTokens() throws Exception {
		// the suite's Keycloak has no Amazon Corretto Crypto Provider jar in providers/ (docs/keycloak.md)
		assertThat(java.nio.file.Files.readString(KeycloakServer.logFile()))
			.contains("Agent Auth verifies actor tokens with {ed25519=BouncyCastle, ecdsa-p256-sha256=BouncyCastle, "
					+ "rsa-pss-sha512=JDK (SunRsaSign)} (Amazon Corretto Crypto Provider: unavailable: not on the class path)");
	}

}
