package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.agentauth.client.ActorToken;
import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.KeyProof;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.testing.HeadlessConsent;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the extension against every kind of caller, on the real Keycloak: one row per endpoint, one
 * column per caller, the expected outcome in each cell. The same table is in docs/security.md; change both. The
 * list of endpoints is not written by hand: {@link #theTableHasARowForEveryEndpointOfTheResources()} reads it from
 * the provider's JAX-RS resource classes (every {@code @GET}/{@code @POST}/... method, sub-resource locators
 * followed), so an endpoint without a row fails the build.
 *
 * <p>Cells are HTTP statuses, or: {@code 200+} = 200 and the body holds consumer A's grant, {@code 200-} = 200
 * without it (a caller must never see another consumer's grant), {@code active}/{@code inactive} = introspection
 * answer, {@code grant}/{@code none} = whether the consent POST produced an authorization code (a grant).
 * Rows that change state get a fresh agent or grant for each cell that is expected to succeed, so a leak shows as
 * a wrong cell and not as a knock-on failure. A token of another realm is 401 where the extension authenticates
 * the caller itself and 403 on the admin REST API, where Keycloak accepts a realm's own tokens but refuses
 * (403) a token of any realm other than the target and master.
 */
class AuthorizationMatrixTests {

	enum Caller {

		/** No credentials at all. */
		ANONYMOUS,
		/** Consumer A (alice): her token of Keycloak's account console (client account-console). */
		CONSUMER_A,
		/** Consumer B (bob), likewise. */
		CONSUMER_B,
		/** Consumer A's token that operator A redeemed at consent (azp = the operator, agent_grant). */
		CONSUMER_A_AT_OPERATOR,
		/** The delegation token of A's grant as the merchant holds it (aud = the merchant, act, cnf). */
		DELEGATION,
		/** The operator of the agent under test (demo-agent-operator), client credentials. */
		OPERATOR_A,
		/** Another agent operator of the same realm (role agent-operator), client credentials. */
		OPERATOR_B,
		/** A user of the realm with realm-management view-agents. */
		ADMIN_VIEW,
		/** A user of the realm with realm-management manage-agents. */
		ADMIN_MANAGE,
		/** The merchant client (demo-merchant, role agent-merchant), client credentials. */
		MERCHANT,
		/** A confidential client of another realm, client credentials of that realm. */
		OTHER_REALM

	}

	// @formatter:off
	/** The expected outcome of each endpoint for each caller, in the order of {@link Caller}. */
	static final String[][] MATRIX = {
		// endpoint                                          anon   cons.A  cons.B  A@op.   deleg.  op.A    op.B    view    manage  merchant other realm
		{ "GET    /admin/realms/R/agents",                   "401", "403",  "403",  "403",  "403",  "403",  "403",  "200",  "200",  "403",  "403" },
		{ "GET    /admin/realms/R/agents/{id}",              "401", "403",  "403",  "403",  "403",  "403",  "403",  "200",  "200",  "403",  "403" },
		{ "GET    /admin/realms/R/agents/{id}/standing",     "401", "403",  "403",  "403",  "403",  "403",  "403",  "200",  "200",  "403",  "403" },
		{ "GET    /admin/realms/R/agents/signals",           "401", "403",  "403",  "403",  "403",  "403",  "403",  "200",  "200",  "403",  "403" },
		{ "GET    /admin/realms/R/agents/retired-keys-in-use", "401", "403", "403", "403",  "403",  "403",  "403",  "200",  "200",  "403",  "403" },
		{ "POST   /admin/realms/R/agents",                   "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "201",  "403",  "403" },
		{ "PUT    /admin/realms/R/agents/{id}",              "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "200",  "403",  "403" },
		{ "POST   /admin/realms/R/agents/{id}/suspend",      "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "200",  "403",  "403" },
		{ "POST   /admin/realms/R/agents/{id}/activate",     "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "200",  "403",  "403" },
		{ "POST   /admin/realms/R/agents/{id}/revoke",       "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "200",  "403",  "403" },
		{ "DELETE /admin/realms/R/agents/{id}",              "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "204",  "403",  "403" },
		{ "POST   /admin/realms/R/agents/{id}/keys",         "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "201",  "403",  "403" },
		{ "POST   /admin/realms/R/agents/{id}/keys/{kid}/retire", "401", "403", "403", "403", "403",  "403",  "403",  "403",  "200",  "403",  "403" },
		{ "POST   /admin/realms/R/agents/{id}/keys/{kid}/revoke", "401", "403", "403", "403", "403",  "403",  "403",  "403",  "200",  "403",  "403" },
		{ "GET    /admin/realms/R/agents/grants?user={A}",   "401", "403",  "403",  "403",  "403",  "403",  "403",  "200+", "200+", "403",  "403" },
		{ "GET    /admin/realms/R/agents/grants?agent={id}", "401", "403",  "403",  "403",  "403",  "403",  "403",  "200+", "200+", "403",  "403" },
		{ "GET    /admin/realms/R/agents/grants/{id}",       "401", "403",  "403",  "403",  "403",  "403",  "403",  "200+", "200+", "403",  "403" },
		{ "DELETE /admin/realms/R/agents/grants/{id}",       "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "204",  "403",  "403" },
		{ "GET    /admin/realms/R/agent-providers",          "401", "403",  "403",  "403",  "403",  "403",  "403",  "200",  "200",  "403",  "403" },
		{ "GET    /admin/realms/R/agent-providers/{alias}",  "401", "403",  "403",  "403",  "403",  "403",  "403",  "200",  "200",  "403",  "403" },
		{ "POST   /admin/realms/R/agent-providers",          "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "201",  "403",  "403" },
		{ "PUT    /admin/realms/R/agent-providers/{alias}",  "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "200",  "403",  "403" },
		{ "DELETE /admin/realms/R/agent-providers/{alias}",  "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "204",  "403",  "403" },
		{ "POST   /admin/realms/R/agent-providers/{alias}/refresh", "401", "403", "403", "403", "403", "403",  "403",  "403",  "200",  "403",  "403" },
		{ "GET    /realms/R/agents/keys/{kid}",              "200", "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200" },
		{ "GET    /realms/R/agents/providers/{alias}/keys/{keyid}", "404", "404", "404", "404", "404", "404", "404", "404", "404", "404", "404" },
		{ "GET    /realms/R/agents/{id}/jwks",               "200", "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200" },
		{ "GET    /realms/R/agents/{id}/directory",          "200", "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200",  "200" },
		{ "POST   /realms/R/agents",                         "401", "403",  "403",  "403",  "403",  "201",  "201",  "403",  "403",  "403",  "401" },
		{ "POST   /realms/R/agents/{id}/keys",               "401", "403",  "403",  "403",  "403",  "201",  "403",  "403",  "403",  "403",  "401" },
		{ "POST   /realms/R/agents/{id}/keys/{kid}/retire",  "401", "403",  "403",  "403",  "403",  "200",  "403",  "403",  "403",  "403",  "401" },
		{ "POST   /realms/R/agents/{id}/keys/{kid}/revoke",  "401", "403",  "403",  "403",  "403",  "200",  "403",  "403",  "403",  "403",  "401" },
		{ "GET    /realms/R/agents/grants",                  "401", "200+", "200-", "401",  "401",  "403",  "403",  "403",  "403",  "403",  "401" },
		{ "GET    /realms/R/agents/grants/{id}",             "401", "200+", "404",  "401",  "401",  "403",  "403",  "403",  "403",  "403",  "401" },
		{ "DELETE /realms/R/agents/grants/{id}",             "401", "204",  "404",  "401",  "401",  "403",  "403",  "403",  "403",  "403",  "401" },
		{ "POST   /realms/R/agents/events",                  "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "403",  "200",  "401" },
		{ "POST   /realms/R/agents/signals",                 "401", "403",  "403",  "403",  "403",  "403",  "403",  "403",  "403",  "202",  "401" },
		{ "POST   token: exchange (A's grant, agent's key)", "401", "401",  "401",  "401",  "401",  "200",  "400",  "401",  "401",  "400",  "401" },
		{ "POST   token/introspect (delegation token)",      "401", "401",  "401",  "401",  "401",  "active", "inactive", "401", "401", "active", "401" },
		{ "POST   consent form of consumer A (approve)",     "none", "grant", "none", "none", "none", "none", "none", "none", "none", "none", "none" },
	};
	// @formatter:on

	/** Rows that are Keycloak's own endpoints running our providers (token exchange, introspection, consent). */
	private static final java.util.Set<String> PROVIDER_ROWS = java.util.Set.of(
			"POST token: exchange (A's grant, agent's key)", "POST token/introspect (delegation token)",
			"POST consent form of consumer A (approve)");

	private static final String REALM = DelegationFixture.REALM;

	private static final String OTHER_REALM = "matrix-other";

	private static final String OPERATOR_B = "matrix-operator-b";

	private static final String SECRET_B = "matrix-operator-b-secret";

	private static KeycloakServer keycloak;

	private static String issuer;

	private static final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

	private static final Map<Caller, String[]> clientCredentials = new EnumMap<>(Caller.class);

	/** Agent X of operator A, with consumer A's grant G and a delegation token D for the merchant. */
	private static Agent agent;

	private static Consent grant;

	private static String delegationToken;

	private static String aliceId;

	@BeforeAll
	static void setUp() throws Exception {
		DelegationFixture.start();
		keycloak = DelegationFixture.keycloak;
		issuer = keycloak.uri("/realms/" + REALM).toString();
		createOperatorB();
		createAdmin("matrix-viewer", "view-agents");
		createAdmin("matrix-manager", "manage-agents");
		createOtherRealm();

		agent = Agent.register("Matrix agent");
		grant = DelegationFixture.consent(agent, "alice", null);
		aliceId = com.nimbusds.jwt.SignedJWT.parse(grant.accessToken()).getJWTClaimsSet().getSubject();
		delegationToken = (String) DelegationFixture.operator
			.exchange(agent.key(), agent.id(), grant.accessToken(), DelegationFixture.MERCHANT, null, null)
			.get("access_token");

		tokens.put(Caller.CONSUMER_A, DelegationFixture.consoleToken("alice"));
		tokens.put(Caller.CONSUMER_B, DelegationFixture.consoleToken("bob"));
		tokens.put(Caller.CONSUMER_A_AT_OPERATOR, grant.accessToken());
		tokens.put(Caller.DELEGATION, delegationToken);
		tokens.put(Caller.OPERATOR_A,
				keycloak.clientToken(REALM, DelegationFixture.OPERATOR, DelegationFixture.OPERATOR_SECRET));
		tokens.put(Caller.OPERATOR_B, keycloak.clientToken(REALM, OPERATOR_B, SECRET_B));
		tokens.put(Caller.ADMIN_VIEW, keycloak.passwordToken(REALM, "admin-cli", "matrix-viewer", "matrix-viewer"));
		tokens.put(Caller.ADMIN_MANAGE, keycloak.passwordToken(REALM, "admin-cli", "matrix-manager", "matrix-manager"));
		tokens.put(Caller.MERCHANT, keycloak.clientToken(REALM, DelegationFixture.MERCHANT, "demo-merchant-secret"));
		tokens.put(Caller.OTHER_REALM, keycloak.clientToken(OTHER_REALM, "foreign-client", "foreign-secret"));
		clientCredentials.put(Caller.OPERATOR_A,
				new String[] { DelegationFixture.OPERATOR, DelegationFixture.OPERATOR_SECRET });
		clientCredentials.put(Caller.OPERATOR_B, new String[] { OPERATOR_B, SECRET_B });
		clientCredentials.put(Caller.MERCHANT, new String[] { DelegationFixture.MERCHANT, "demo-merchant-secret" });
		// a client of another realm sends its own credentials to this realm's endpoints
		clientCredentials.put(Caller.OTHER_REALM, new String[] { "foreign-client", "foreign-secret" });
	}

	@AfterAll
	static void removeOtherRealm() {
		if (keycloak != null) {
			keycloak.admin("DELETE", "/admin/realms/" + OTHER_REALM, null);
		}
	}

	static Stream<Arguments> cells() {
		List<Arguments> cells = new ArrayList<>();
		for (String[] row : MATRIX) {
			for (Caller caller : Caller.values()) {
				cells.add(Arguments.of(row[0].replaceAll("\\s+", " "), caller, row[caller.ordinal() + 1]));
			}
		}
		return cells.stream();
	}

	@ParameterizedTest(name = "{0} as {1} -> {2}")
	@MethodSource("cells")
	void everyEndpointAnswersEveryCallerAsTheTableSays(String endpoint, Caller caller, String expected)
			throws Exception {
		boolean succeeds = expected.startsWith("2") || expected.equals("active") || expected.equals("grant");
		assertThat(call(endpoint, caller, succeeds)).as(endpoint + " as " + caller).isEqualTo(expected);
	}

	@org.junit.jupiter.api.Test
	void theTableHasARowForEveryEndpointOfTheResources() throws Exception {
		java.util.Set<String> endpoints = ResourceEndpoints.of(ResourceEndpoints.ROOTS);
		assertThat(endpoints).as("endpoints read from the resources").hasSizeGreaterThan(20);
		java.util.Set<String> rows = new java.util.TreeSet<>();
		for (String[] row : MATRIX) {
			String endpoint = row[0].replaceAll("\\s+", " ");
			if (!PROVIDER_ROWS.contains(endpoint)) {
				rows.add(endpoint.replaceAll("\\?.*$", ""));
			}
		}
		assertThat(rows).as("rows of MATRIX for the endpoints of the extension's JAX-RS resources")
			.containsExactlyInAnyOrderElementsOf(endpoints);
	}

	@org.junit.jupiter.api.Test
	void theDocumentedTableIsTheTestedTable() throws Exception {
		java.nio.file.Path doc = java.nio.file.Path.of("..", "docs", "security.md");
		String text = java.nio.file.Files.readString(doc);
		for (String[] row : MATRIX) {
			String line = "| `" + row[0].replaceAll("\\s+", " ") + "` | "
					+ String.join(" | ", java.util.Arrays.copyOfRange(row, 1, row.length)) + " |";
			assertThat(text).as("docs/security.md lacks the row").contains(line);
		}
	}

	private static String call(String endpoint, Caller caller, boolean succeeds) throws Exception {
		String token = tokens.get(caller);
		String admin = "/admin/realms/" + REALM + "/agents";
		String realm = "/realms/" + REALM + "/agents";
		String providers = "/admin/realms/" + REALM + "/agent-providers";
		// a fresh agent for the cells that change it, the shared one otherwise
		Agent target = succeeds ? Agent.register("Matrix target " + UUID.randomUUID()) : agent;
		String kid = target.key().thumbprint();
		return switch (endpoint) {
			case "GET /admin/realms/R/agents" -> status(keycloak.withToken(token, "GET", admin, null));
			case "GET /admin/realms/R/agents/{id}" -> status(keycloak.withToken(token, "GET", admin + "/" + target.id(), null));
			case "GET /admin/realms/R/agents/{id}/standing" -> status(keycloak.withToken(token, "GET",
					admin + "/" + agent.id() + "/standing", null));
			case "GET /admin/realms/R/agents/signals", "GET /admin/realms/R/agents/retired-keys-in-use" ->
				status(keycloak.withToken(token, "GET", admin + endpoint.substring(endpoint.lastIndexOf('/')), null));
			case "POST /admin/realms/R/agents" -> status(keycloak.withToken(token, "POST", admin,
					"{\"name\":\"matrix-created\"}"));
			case "PUT /admin/realms/R/agents/{id}" -> status(keycloak.withToken(token, "PUT", admin + "/" + target.id(),
					"{\"name\":\"matrix-renamed\"}"));
			case "POST /admin/realms/R/agents/{id}/suspend", "POST /admin/realms/R/agents/{id}/activate",
					"POST /admin/realms/R/agents/{id}/revoke" -> status(keycloak.withToken(token, "POST",
							admin + "/" + target.id() + endpoint.substring(endpoint.lastIndexOf('/')), null));
			case "DELETE /admin/realms/R/agents/{id}" -> status(keycloak.withToken(token, "DELETE",
					admin + "/" + target.id(), null));
			case "POST /admin/realms/R/agents/{id}/keys" -> status(keycloak.withToken(token, "POST",
					admin + "/" + target.id() + "/keys", "{\"jwk\":" + AgentKeyPair.generateEd25519().publicJwkJson() + "}"));
			case "POST /admin/realms/R/agents/{id}/keys/{kid}/retire", "POST /admin/realms/R/agents/{id}/keys/{kid}/revoke" ->
				status(keycloak.withToken(token, "POST", admin + "/" + target.id() + "/keys/" + kid
						+ endpoint.substring(endpoint.lastIndexOf('/')), null));
			case "GET /admin/realms/R/agents/grants?user={A}" -> withGrant(keycloak.withToken(token, "GET",
					admin + "/grants?user=" + aliceId, null));
			case "GET /admin/realms/R/agents/grants?agent={id}" -> withGrant(keycloak.withToken(token, "GET",
					admin + "/grants?agent=" + agent.id(), null));
			case "GET /admin/realms/R/agents/grants/{id}" -> withGrant(keycloak.withToken(token, "GET",
					admin + "/grants/" + grant.grantId(), null));
			case "DELETE /admin/realms/R/agents/grants/{id}" -> status(keycloak.withToken(token, "DELETE",
					admin + "/grants/" + grantFor(succeeds), null));
			case "GET /admin/realms/R/agent-providers" -> status(keycloak.withToken(token, "GET", providers, null));
			case "GET /admin/realms/R/agent-providers/{alias}" -> status(keycloak.withToken(token, "GET",
					providers + "/" + provider(succeeds), null));
			case "POST /admin/realms/R/agent-providers" -> status(keycloak.withToken(token, "POST", providers,
					providerBody("matrix-" + UUID.randomUUID().toString().substring(0, 8))));
			case "PUT /admin/realms/R/agent-providers/{alias}" -> status(keycloak.withToken(token, "PUT",
					providers + "/" + provider(succeeds), providerBody(null)));
			case "DELETE /admin/realms/R/agent-providers/{alias}" -> status(keycloak.withToken(token, "DELETE",
					providers + "/" + provider(succeeds), null));
			case "POST /admin/realms/R/agent-providers/{alias}/refresh" -> status(keycloak.withToken(token, "POST",
					providers + "/" + provider(succeeds) + "/refresh", null));
			case "GET /realms/R/agents/providers/{alias}/keys/{keyid}" -> status(keycloak.withToken(token, "GET",
					realm + "/providers/matrix-none/keys/" + agent.key().thumbprint(), null));
			case "GET /realms/R/agents/keys/{kid}" -> status(keycloak.withToken(token, "GET",
					realm + "/keys/" + agent.key().thumbprint(), null));
			case "GET /realms/R/agents/{id}/jwks" -> status(keycloak.withToken(token, "GET",
					realm + "/" + agent.id() + "/jwks", null));
			case "GET /realms/R/agents/{id}/directory" -> status(keycloak.withToken(token, "GET",
					realm + "/" + agent.id() + "/directory", null));
			case "POST /realms/R/agents" -> status(keycloak.withToken(token, "POST", realm, "{\"name\":\"matrix-self\"}"));
			case "POST /realms/R/agents/{id}/keys" -> {
				AgentKeyPair key = AgentKeyPair.generateEd25519();
				yield status(keycloak.withToken(token, "POST", realm + "/" + target.id() + "/keys", "{\"jwk\":"
						+ key.publicJwkJson() + ",\"proof\":\"" + KeyProof.create(key, target.id(), issuer) + "\"}"));
			}
			case "POST /realms/R/agents/{id}/keys/{kid}/retire", "POST /realms/R/agents/{id}/keys/{kid}/revoke" ->
				status(keycloak.withToken(token, "POST", realm + "/" + target.id() + "/keys/" + kid
						+ endpoint.substring(endpoint.lastIndexOf('/')), null));
			case "GET /realms/R/agents/grants" -> withGrant(keycloak.withToken(token, "GET", realm + "/grants", null));
			case "GET /realms/R/agents/grants/{id}" -> withGrant(keycloak.withToken(token, "GET",
					realm + "/grants/" + grant.grantId(), null));
			case "DELETE /realms/R/agents/grants/{id}" -> status(keycloak.withToken(token, "DELETE",
					realm + "/grants/" + grantFor(succeeds), null));
			case "POST /realms/R/agents/events" -> status(keycloak.withToken(token, "POST", realm + "/events",
					"{\"returnImmediately\":true,\"maxEvents\":0}"));
			case "POST /realms/R/agents/signals" -> {
				// a well-formed key usage report of the merchant client (iss = its client id)
				HttpRequest.Builder push = HttpRequest.newBuilder(keycloak.uri(realm + "/signals"))
					.header("Content-Type", SignalSets.MEDIA_TYPE)
					.POST(HttpRequest.BodyPublishers.ofString(SignalSets.keyUsage(DelegationFixture.MERCHANT, issuer,
							java.time.Instant.now(), Map.of(agent.key().thumbprint(), java.time.Instant.now()))));
				if (token != null) {
					push.header("Authorization", "Bearer " + token);
				}
				yield status(keycloak.send(push.build()));
			}
			case "POST token: exchange (A's grant, agent's key)" -> exchange(caller, token, succeeds);
			case "POST token/introspect (delegation token)" -> introspect(caller, token);
			case "POST consent form of consumer A (approve)" -> consentPost(caller, token);
			default -> throw new IllegalStateException("No call for " + endpoint);
		};
	}

	// a fresh disabled agent provider where the call is expected to succeed (an unreachable JWKS: no fetch while
	// disabled, a refresh answers 200 with the result "unreachable"); a missing one otherwise (refused before the
	// lookup)
	private static String provider(boolean succeeds) {
		if (!succeeds) {
			return "matrix-none";
		}
		String alias = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/agent-providers",
				providerBody(alias));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return alias;
	}

	private static String providerBody(String alias) {
		return "{" + ((alias != null) ? "\"alias\":\"" + alias + "\"," : "")
				+ "\"type\":\"jwks\",\"url\":\"http://127.0.0.1:1/jwks\",\"enabled\":false}";
	}

	private static String status(HttpResponse<String> response) {
		assertThat(response.body()).as("a refusal shows no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
		return Integer.toString(response.statusCode());
	}

	private static String withGrant(HttpResponse<String> response) {
		String status = status(response);
		if (response.statusCode() != 200) {
			return status;
		}
		return status + (response.body().contains(grant.grantId()) ? "+" : "-");
	}

	// consumer A's grant that a DELETE may revoke: a fresh one where it is expected to succeed
	private static String grantFor(boolean succeeds) throws Exception {
		return succeeds ? DelegationFixture.consent(agent, "alice", null).grantId() : grant.grantId();
	}

	private static String exchange(Caller caller, String token, boolean succeeds) throws Exception {
		// consumer A's subject token for agent X; where success is expected a fresh grant, so no state is shared
		String subject = succeeds ? DelegationFixture.consent(agent, "alice", null).accessToken() : grant.accessToken();
		Map<String, String> form = DelegationFixture.exchangeForm(subject,
				ActorToken.create(agent.key(), agent.id(), URI.create(issuer)));
		HttpResponse<String> response = postForm("/realms/" + REALM + "/protocol/openid-connect/token", form, caller,
				token);
		if (response.statusCode() == 200) {
			assertThat(KeycloakServer.json(response.body())).containsKey("access_token");
		}
		else {
			assertThat(response.body()).doesNotContain("access_token");
		}
		return status(response);
	}

	private static String introspect(Caller caller, String token) {
		HttpResponse<String> response = postForm("/realms/" + REALM + "/protocol/openid-connect/token/introspect",
				Map.of("token", delegationToken), caller, token);
		if (response.statusCode() != 200) {
			return status(response);
		}
		Map<String, Object> body = KeycloakServer.json(response.body());
		if (Boolean.TRUE.equals(body.get("active"))) {
			return "active";
		}
		assertThat(body).as("an inactive answer tells nothing else").isEqualTo(Map.of("active", false));
		return "inactive";
	}

	// the consent form of consumer A's login, posted by the caller's browser: A's own, B's (logged in as bob), or
	// one without any Keycloak cookie (a cross-site POST) that carries the caller's bearer token
	private static String consentPost(Caller caller, String token) throws Exception {
		HeadlessConsent alice = new HeadlessConsent(DelegationFixture.REDIRECT);
		alice.open(DelegationFixture.operator.authorizationUri(agent.id(), DelegationFixture.SCOPES,
				DelegationFixture.LIMITS, DelegationFixture.REDIRECT, "matrix", Pkce.generate()));
		alice.login("alice", "alice");
		URI action = alice.formAction("agent-consent-form");
		Map<String, String> approve = Map.of("approve", "", "lifetime", "3600");
		HeadlessConsent browser;
		if (caller == Caller.CONSUMER_A) {
			browser = alice;
		}
		else if (caller == Caller.CONSUMER_B) {
			browser = new HeadlessConsent(DelegationFixture.REDIRECT);
			browser.open(DelegationFixture.operator.authorizationUri(agent.id(), DelegationFixture.SCOPES,
					DelegationFixture.LIMITS, DelegationFixture.REDIRECT, "matrix-b", Pkce.generate()));
			browser.login("bob", "bob");
		}
		else {
			browser = new HeadlessConsent(DelegationFixture.REDIRECT);
			if (token != null) {
				HttpResponse<String> withBearer = keycloak.send(HttpRequest.newBuilder(action)
					.header("Authorization", "Bearer " + token)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("approve=&lifetime=3600"))
					.build());
				assertThat(withBearer.headers().firstValue("Location").orElse("")).doesNotContain("code=");
			}
		}
		browser.submit(action, approve);
		return browser.result().containsKey("code") ? "grant" : "none";
	}

	private static HttpResponse<String> postForm(String path, Map<String, String> form, Caller caller, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(keycloak.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded");
		String[] credentials = clientCredentials.get(caller);
		if (credentials != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8)));
		}
		else if (token != null) {
			// users have no client credentials: they try their bearer token
			request.header("Authorization", "Bearer " + token);
		}
		String body = form.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return keycloak.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	// --- principals ---

	private static void createOperatorB() {
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/clients",
				"{\"clientId\":\"" + OPERATOR_B + "\",\"secret\":\"" + SECRET_B + "\",\"publicClient\":false,"
						+ "\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":true,"
						+ "\"redirectUris\":[\"http://localhost:8090/*\"]}");
		assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
		String uuid = keycloak.clientUuid(REALM, OPERATOR_B);
		String user = (String) KeycloakServer.json(keycloak
			.admin("GET", "/admin/realms/" + REALM + "/clients/" + uuid + "/service-account-user", null)
			.body()).get("id");
		String role = keycloak.admin("GET", "/admin/realms/" + REALM + "/roles/agent-operator", null).body();
		HttpResponse<String> mapped = keycloak.admin("POST",
				"/admin/realms/" + REALM + "/users/" + user + "/role-mappings/realm", "[" + role + "]");
		assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
	}

	private static void createAdmin(String username, String clientRole) {
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms/" + REALM + "/users",
				"{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username + "@example.com\","
						+ "\"emailVerified\":true,\"firstName\":\"M\",\"lastName\":\"X\",\"credentials\":[{\"type\":"
						+ "\"password\",\"value\":\"" + username + "\",\"temporary\":false}]}");
		assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
		String user = (String) KeycloakServer.json(keycloak
			.admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username=" + username, null)
			.body()
			.replaceAll("^\\[", "")
			.replaceAll("]$", "")).get("id");
		String realmManagement = keycloak.clientUuid(REALM, "realm-management");
		String role = keycloak
			.admin("GET", "/admin/realms/" + REALM + "/clients/" + realmManagement + "/roles/" + clientRole, null)
			.body();
		HttpResponse<String> mapped = keycloak.admin("POST",
				"/admin/realms/" + REALM + "/users/" + user + "/role-mappings/clients/" + realmManagement, "[" + role + "]");
		assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
	}

	private static void createOtherRealm() {
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms", "{\"realm\":\"" + OTHER_REALM
				+ "\",\"enabled\":true,\"clients\":[{\"clientId\":\"foreign-client\",\"secret\":\"foreign-secret\","
				+ "\"publicClient\":false,\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false}]}");
		assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
	}

}
