package dev.agentauth.it.signal;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signal receiver at {@code POST /realms/{realm}/agents/signals}: RFC 8935 push of RFC 8417 SETs from merchant
 * clients (client-credentials bearer token, realm role {@code agent-merchant}); CAEP {@code risk-level-change}
 * with principal AGENT, RISC {@code credential-compromise}, key usage; 202 or 400 {@code {err, description}}
 * (RFC 8935 §2.4); the realm's auto-suspend policy and the revocation feed carrying its result.
 */
class SignalReceiverTests {

	private static SignalRealm realm;

	private static KeycloakServer keycloak;

	@BeforeAll
	static void start() {
		keycloak = KeycloakServer.get();
		realm = SignalRealm.create();
	}

	@AfterAll
	static void stop() {
		realm.delete();
	}

	private static String high(String merchant, SignalRealm.Agent agent, String reason) {
		return SignalSets.riskLevelChange(merchant, realm.issuer(), Instant.now(), agent.id(), agent.kid(),
				RiskLevel.HIGH, reason);
	}

	@Test
	void highFromOneMerchantWithNTwoIsStoredButSuspendsOnlyWhenASecondMerchantReports() throws Exception {
		realm.policy("high-from-2-merchants", "review", 60);
		SignalRealm.Agent agent = realm.agent("Two merchants");
		String tokenA = realm.token("merchant-a");
		String receiver = "r-" + agent.id();
		pollFeed(tokenA, receiver); // start this receiver's position

		// merchant A alone, however often, never suspends when N = 2
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> accepted = realm.push(tokenA, high("merchant-a", agent, "velocity.burst"));
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		}
		assertThat(realm.agentStatus(agent.id())).isEqualTo("active");
		Map<String, Object> standing = realm.admin("/agents/" + agent.id() + "/standing");
		assertThat(standing).containsEntry("level", "HIGH");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> reports = (List<Map<String, Object>>) standing.get("reports");
		assertThat(reports).singleElement().satisfies((report) -> assertThat(report)
			.containsEntry("merchant", "merchant-a").containsEntry("level", "HIGH")
			.containsEntry("reason", "velocity.burst").containsEntry("kid", agent.kid()).containsKey("reported_at"));

		// the standing is an admin event by the merchant's service account
		assertThat(agentEvents(agent)).contains("\"resourceType\":\"AGENT_STANDING\"")
			.contains("agents/" + agent.id() + "/standing").contains("velocity.burst");

		// a second merchant's HIGH suspends the agent, and the revocation feed carries it to every merchant
		assertThat(realm.push(realm.token("merchant-b"), high("merchant-b", agent, "checkout.without_cart"))
			.statusCode()).isEqualTo(202);
		assertThat(realm.agentStatus(agent.id())).isEqualTo("suspended");
		assertThat(pollFeed(tokenA, receiver)).contains("urn:agentauth:secevent:agent-suspended " + agent.id());
		assertThat(agentEvents(agent)).contains("agents/" + agent.id() + "/suspend").contains("auto-suspend");
	}

	@Test
	void highFromOneMerchantWithNOneSuspendsAtOnceAndLowerReportsDoNot() {
		realm.policy("high-from-1-merchant", "review", 60);
		SignalRealm.Agent medium = realm.agent("Medium");
		String token = realm.token("merchant-a");
		assertThat(realm.push(token, SignalSets.riskLevelChange("merchant-a", realm.issuer(), Instant.now(),
				medium.id(), null, RiskLevel.MEDIUM, "odd hours")).statusCode()).isEqualTo(202);
		assertThat(realm.agentStatus(medium.id())).isEqualTo("active");
		assertThat(realm.admin("/agents/" + medium.id() + "/standing")).containsEntry("level", "MEDIUM");

		SignalRealm.Agent agent = realm.agent("One merchant");
		assertThat(realm.push(token, high("merchant-a", agent, "velocity.burst")).statusCode()).isEqualTo(202);
		assertThat(realm.agentStatus(agent.id())).isEqualTo("suspended");
	}

	@Test
	void policyOffOnlyRecordsTheStanding() {
		realm.policy("off", "review", 60);
		SignalRealm.Agent agent = realm.agent("Policy off");
		assertThat(realm.push(realm.token("merchant-a"), high("merchant-a", agent, "x")).statusCode()).isEqualTo(202);
		assertThat(realm.push(realm.token("merchant-b"), high("merchant-b", agent, "y")).statusCode()).isEqualTo(202);
		assertThat(realm.agentStatus(agent.id())).isEqualTo("active");
		assertThat((List<?>) realm.admin("/agents/" + agent.id() + "/standing").get("reports")).hasSize(2);
	}

	@Test
	void credentialCompromiseRevokesTheKeyOnlyWhenTheRealmSaysSo() throws Exception {
		String token = realm.token("merchant-a");
		realm.policy("off", "review", 60);
		SignalRealm.Agent reviewed = realm.agent("Compromise reviewed");
		assertThat(realm.push(token, SignalSets.credentialCompromise("merchant-a", realm.issuer(), Instant.now(),
				reviewed.id(), reviewed.kid(), "key in a public repository")).statusCode()).isEqualTo(202);
		assertThat(keyStatus(reviewed)).isEqualTo("active");
		assertThat(realm.admin("/agents/" + reviewed.id() + "/standing")).containsEntry("level", "HIGH");

		realm.policy("off", "revoke-key", 60);
		SignalRealm.Agent revoked = realm.agent("Compromise revoked");
		String receiver = "c-" + revoked.id();
		pollFeed(token, receiver);
		assertThat(realm.push(token, SignalSets.credentialCompromise("merchant-a", realm.issuer(), Instant.now(),
				null, revoked.kid(), null)).statusCode()).isEqualTo(202);
		assertThat(keyStatus(revoked)).isEqualTo("revoked");
		assertThat(pollFeed(token, receiver)).contains("urn:agentauth:secevent:key-revoked " + revoked.kid());
	}

	@Test
	void refusesUnauthenticatedForeignForgedAndMalformedPushesAndStoresNothing() throws Exception {
		realm.policy("high-from-1-merchant", "revoke-key", 60);
		SignalRealm.Agent agent = realm.agent("Refusals");
		String token = realm.token("merchant-a");
		String good = high("merchant-a", agent, "r");

		// no token, a forged token, a token of another realm: 401
		assertThat(realm.push(null, good).statusCode()).isEqualTo(401);
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[256]);
		assertThat(realm.push(forged, good).statusCode()).isEqualTo(401);
		String foreignToken = keycloak.clientToken("agentic-commerce", "demo-merchant", "demo-merchant-secret");
		assertThat(realm.push(foreignToken, good).statusCode()).isEqualTo(401);
		// a client without the merchant role: 403 access_denied
		HttpResponse<String> notMerchant = realm.push(realm.token("not-a-merchant"),
				high("not-a-merchant", agent, "r"));
		assertThat(notMerchant.statusCode()).isEqualTo(403);
		assertThat(KeycloakServer.json(notMerchant.body())).containsEntry("err", "access_denied");

		// RFC 8935 §2.4 errors
		assertErr(realm.push(token, high("merchant-b", agent, "r")), "invalid_issuer");
		assertErr(realm.push(token, SignalSets.riskLevelChange("merchant-a",
				keycloak.uri("/realms/agentic-commerce").toString(), Instant.now(), agent.id(), null, RiskLevel.HIGH,
				null)), "invalid_audience");
		String[] setParts = good.split("\\.", -1);
		String signedHeader = Base64URL.encode("{\"alg\":\"RS256\",\"typ\":\"secevent+jwt\"}").toString();
		assertErr(realm.push(token, signedHeader + "." + setParts[1] + ".c2lnbmF0dXJl"), "invalid_request");
		assertErr(realm.push(token, good, "application/json"), "invalid_request");
		assertErr(realm.push(token, "not a jwt"), "invalid_request");
		assertErr(realm.push(token, SignalSets.riskLevelChange("merchant-a", realm.issuer(), Instant.now(),
				"00000000-0000-0000-0000-000000000000", null, RiskLevel.HIGH, null)), "invalid_request");
		SignalRealm.Agent other = realm.agent("Other");
		assertErr(realm.push(token, SignalSets.riskLevelChange("merchant-a", realm.issuer(), Instant.now(), agent.id(),
				other.kid(), RiskLevel.HIGH, null)), "invalid_request");
		assertErr(realm.push(token, SignalSets.credentialCompromise("merchant-a", realm.issuer(), Instant.now(),
				agent.id(), other.kid(), null)), "invalid_request");

		// nothing of it was stored or acted on
		assertThat(realm.agentStatus(agent.id())).isEqualTo("active");
		assertThat(keyStatus(other)).isEqualTo("active");
		assertThat((List<?>) realm.admin("/agents/" + agent.id() + "/standing").get("reports")).isEmpty();
	}

	@Test
	void unknownEventTypesAreAcceptedIgnoredAndCounted() {
		realm.policy("high-from-1-merchant", "review", 60);
		SignalRealm.Agent agent = realm.agent("Unknown type");
		Map<String, Object> before = counters();
		long ignored = ((Number) before.getOrDefault("ignored_unknown_type", 0L)).longValue();
		String set = unsecured(Map.of("iss", "merchant-a", "aud", realm.issuer(), "iat", Instant.now().getEpochSecond(),
				"jti", "u-1", "events", Map.of(
						"https://schemas.openid.net/secevent/caep/event-type/session-revoked", Map.of(),
						SignalSets.RISK_LEVEL_CHANGE, Map.of("principal", "USER", "current_level", "HIGH",
								"subject", Map.of("format", "opaque", "id", agent.id())))));
		assertThat(realm.push(realm.token("merchant-a"), set).statusCode()).isEqualTo(202);
		assertThat(((Number) counters().get("ignored_unknown_type")).longValue()).isEqualTo(ignored + 2);
		assertThat(realm.agentStatus(agent.id())).isEqualTo("active");
	}

	@Test
	void pushesOverTheRateLimitAreRefusedWith429() {
		realm.policy("off", "review", 3);
		try {
			String token = realm.token("merchant-c");
			SignalRealm.Agent agent = realm.agent("Rate limited");
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				HttpResponse<String> response = realm.push(token, SignalSets.riskLevelChange("merchant-c",
						realm.issuer(), Instant.now(), agent.id(), null, RiskLevel.LOW, null));
				statuses.add(response.statusCode());
				if (response.statusCode() == 429) {
					assertThat(response.headers().firstValue("Retry-After")).isPresent();
				}
			}
			// a fixed one-minute window: at most two windows' worth pass even if the minute turns during the loop
			assertThat(statuses).contains(429);
			assertThat(statuses.stream().filter((s) -> s == 202).count()).isLessThanOrEqualTo(6);
		}
		finally {
			realm.policy("off", "review", 60);
		}
	}

	@Test
	void keyUsageRaisesLastUsedAndRetiringARecentlyUsedKeyWarns() {
		realm.policy("off", "review", 60);
		SignalRealm.Agent agent = realm.agent("Key usage");
		Instant used = Instant.now().minusSeconds(20);
		String set = SignalSets.keyUsage("merchant-a", realm.issuer(), Instant.now(),
				Map.of(agent.kid(), used, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", used));
		assertThat(realm.push(realm.token("merchant-a"), set).statusCode()).isEqualTo(202);
		// an older report from another merchant never lowers it (max over merchants)
		assertThat(realm.push(realm.token("merchant-b"), SignalSets.keyUsage("merchant-b", realm.issuer(),
				Instant.now(), Map.of(agent.kid(), used.minusSeconds(600)))).statusCode()).isEqualTo(202);
		Map<?, ?> key = (Map<?, ?>) ((List<?>) realm.admin("/agents/" + agent.id()).get("keys")).get(0);
		assertThat(((Number) key.get("last_used")).longValue()).isEqualTo(used.getEpochSecond());

		HttpResponse<String> retired = keycloak.admin("POST",
				"/admin/realms/" + realm.name + "/agents/" + agent.id() + "/keys/" + agent.kid() + "/retire", null);
		assertThat(retired.statusCode()).isEqualTo(200);
		assertThat(KeycloakServer.json(retired.body())).containsEntry("status", "retired").containsKey("warning");

		HttpResponse<String> inUse = keycloak.admin("GET",
				"/admin/realms/" + realm.name + "/agents/retired-keys-in-use?since=3600", null);
		assertThat(inUse.statusCode()).isEqualTo(200);
		assertThat(inUse.body()).contains(agent.kid()).contains(agent.id());

		// an unused key retires without a warning
		SignalRealm.Agent unused = realm.agent("Unused key");
		HttpResponse<String> quiet = keycloak.admin("POST",
				"/admin/realms/" + realm.name + "/agents/" + unused.id() + "/keys/" + unused.kid() + "/retire", null);
		assertThat(KeycloakServer.json(quiet.body())).doesNotContainKey("warning");
	}

	@Test
	void outOfRangeOrNegativeTimesAreRefusedWith400AndStoreNothing() {
		realm.policy("off", "review", 60);
		SignalRealm.Agent agent = realm.agent("Odd times");
		String token = realm.token("merchant-a");
		long now = Instant.now().getEpochSecond();
		assertErr(realm.push(token, unsecured(Map.of("iss", "merchant-a", "aud", realm.issuer(), "iat", 1e300,
				"jti", "t-" + agent.id(), "events", Map.of(SignalSets.KEY_USAGE, Map.of("keys", Map.of()))))),
				"invalid_request");
		for (Object time : new Object[] { 9.3e15, 1e300, -5L, -0.5 }) {
			assertErr(realm.push(token, keyUsage("merchant-a", now, Map.<String, Object>of(agent.kid(), time))), "invalid_request");
			assertErr(realm.push(token, unsecured(Map.of("iss", "merchant-a", "aud", realm.issuer(), "iat", now,
					"jti", "r-" + time + agent.id(), "sub_id", Map.of("format", "opaque", "id", agent.id()), "events",
					Map.of(SignalSets.RISK_LEVEL_CHANGE, Map.of("principal", "AGENT", "current_level", "HIGH",
							"event_timestamp", time))))), "invalid_request");
		}
		Map<?, ?> key = (Map<?, ?>) ((List<?>) realm.admin("/agents/" + agent.id()).get("keys")).get(0);
		assertThat(key.containsKey("last_used")).as("last_used").isFalse();
		assertThat((List<?>) realm.admin("/agents/" + agent.id() + "/standing").get("reports")).isEmpty();
	}

	@Test
	void aReportDatedInTheFutureIsRefusedSoRetiringTheKeyDoesNotWarn() {
		realm.policy("off", "review", 60);
		SignalRealm.Agent agent = realm.agent("Future report");
		String token = realm.token("merchant-a");
		long now = Instant.now().getEpochSecond();
		long year2100 = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
		assertErr(realm.push(token, keyUsage("merchant-a", now, Map.<String, Object>of(agent.kid(), year2100))), "invalid_request");
		assertErr(realm.push(token, keyUsage("merchant-a", now, Map.<String, Object>of(agent.kid(), now + 600))), "invalid_request");
		assertErr(realm.push(token, unsecured(Map.of("iss", "merchant-a", "aud", realm.issuer(), "iat", now,
				"jti", "f-" + agent.id(), "sub_id", Map.of("format", "opaque", "id", agent.id()), "events",
				Map.of(SignalSets.RISK_LEVEL_CHANGE, Map.of("principal", "AGENT", "current_level", "HIGH",
						"event_timestamp", year2100))))), "invalid_request");

		Map<?, ?> key = (Map<?, ?>) ((List<?>) realm.admin("/agents/" + agent.id()).get("keys")).get(0);
		assertThat(key.containsKey("last_used")).as("last_used").isFalse();
		assertThat((List<?>) realm.admin("/agents/" + agent.id() + "/standing").get("reports")).isEmpty();
		HttpResponse<String> retired = keycloak.admin("POST",
				"/admin/realms/" + realm.name + "/agents/" + agent.id() + "/keys/" + agent.kid() + "/retire", null);
		assertThat(retired.statusCode()).isEqualTo(200);
		assertThat(KeycloakServer.json(retired.body())).doesNotContainKey("warning");
	}

	@Test
	void aReplayedSetIsRefusedAndNotProcessedAgain() throws Exception {
		realm.policy("off", "review", 60);
		SignalRealm.Agent agent = realm.agent("Replayed");
		String token = realm.token("merchant-a");
		String set = SignalSets.keyUsage("merchant-a", realm.issuer(), Instant.now(),
				Map.of(agent.kid(), Instant.now().minusSeconds(5)));
		long before = ((Number) counters().getOrDefault("key_usage", 0L)).longValue();
		assertThat(realm.push(token, set).statusCode()).isEqualTo(202);
		HttpResponse<String> replayed = realm.push(token, set);
		assertErr(replayed, "invalid_request");
		assertThat(KeycloakServer.json(replayed.body()).get("description").toString()).contains("already received");
		assertThat(((Number) counters().get("key_usage")).longValue()).isEqualTo(before + 1);
		// the same jti from another merchant is another SET
		String jti = (String) dev.agentauth.core.signature.CompactJws.parse(set).claims().get("jti");
		assertThat(realm.push(realm.token("merchant-b"), unsecured(Map.of("iss", "merchant-b", "aud", realm.issuer(),
				"iat", Instant.now().getEpochSecond(), "jti", jti, "events",
				Map.of(SignalSets.KEY_USAGE, Map.of("keys", Map.of()))))).statusCode()).isEqualTo(202);
	}

	@Test
	void theRevocationFeedIsForMerchantClientsOnly() throws Exception {
		String path = "/realms/" + realm.name + "/agents/events";
		String poll = "{\"returnImmediately\":true,\"maxEvents\":0}";
		HttpResponse<String> noRole = keycloak.withToken(realm.token("not-a-merchant"), "POST", path, poll);
		assertThat(noRole.statusCode()).as(noRole.body()).isEqualTo(403);
		assertThat(noRole.headers().firstValue("WWW-Authenticate").orElse(""))
			.contains("error=\"insufficient_scope\"");
		assertThat(KeycloakServer.json(noRole.body())).containsEntry("error", "insufficient_scope");
		assertThat(noRole.body()).doesNotContain("sets");
		// an agent operator's client: no realm-wide events either
		String operator = keycloak.clientToken("agentic-commerce", "demo-agent-operator", "demo-operator-secret");
		assertThat(keycloak.withToken(operator, "POST", "/realms/agentic-commerce/agents/events", poll).statusCode())
			.isEqualTo(403);
		assertThat(keycloak.withToken(realm.token("merchant-a"), "POST", path, poll).statusCode()).isEqualTo(200);
		String merchant = keycloak.clientToken("agentic-commerce", "demo-merchant", "demo-merchant-secret");
		assertThat(keycloak.withToken(merchant, "POST", "/realms/agentic-commerce/agents/events", poll).statusCode())
			.isEqualTo(200);
	}

	private static String keyUsage(String merchant, long iat, Map<String, Object> keys) {
		return unsecured(Map.of("iss", merchant, "aud", realm.issuer(), "iat", iat, "jti",
				java.util.UUID.randomUUID().toString(), "events", Map.of(SignalSets.KEY_USAGE, Map.of("keys", keys))));
	}

	/** The realm's admin events under agents/{id} (Keycloak's resourceTypes filter knows only its own types). */
	private static String agentEvents(SignalRealm.Agent agent) {
		HttpResponse<String> events = keycloak.admin("GET", "/admin/realms/" + realm.name
				+ "/admin-events?max=100&resourcePath=" + java.net.URLEncoder.encode("agents/" + agent.id() + "*",
						java.nio.charset.StandardCharsets.UTF_8), null);
		assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
		return events.body();
	}

	private static Map<String, Object> counters() {
		@SuppressWarnings("unchecked")
		Map<String, Object> counters = (Map<String, Object>) realm.admin("/agents/signals").get("counters");
		return counters;
	}

	private static String keyStatus(SignalRealm.Agent agent) {
		Map<?, ?> key = (Map<?, ?>) ((List<?>) realm.admin("/agents/" + agent.id()).get("keys")).get(0);
		return (String) key.get("status");
	}

	private static void assertErr(HttpResponse<String> response, String err) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(KeycloakServer.json(response.body())).containsEntry("err", err).containsKey("description");
	}

	/** Polls the realm's revocation feed once; "type subject" lines of the delivered events (acknowledged next). */
	@SuppressWarnings("unchecked")
	static List<String> pollFeed(String token, String receiver) throws Exception {
		HttpResponse<String> response = keycloak.withToken(token, "POST", "/realms/" + realm.name + "/agents/events",
				JSONObjectUtils.toJSONString(Map.of("returnImmediately", true, "receiver", receiver, "maxEvents", 1000)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> lines = new ArrayList<>();
		List<String> ack = new ArrayList<>();
		for (Map.Entry<String, Object> entry : ((Map<String, Object>) KeycloakServer.json(response.body()).get("sets"))
			.entrySet()) {
			ack.add(entry.getKey());
			Map<String, Object> events = SignedJWT.parse((String) entry.getValue()).getJWTClaimsSet()
				.getJSONObjectClaim("events");
			events.forEach((type, event) -> lines.add(type + " " + ((Map<String, Object>) event).get("subject")));
		}
		keycloak.withToken(token, "POST", "/realms/" + realm.name + "/agents/events",
				JSONObjectUtils.toJSONString(Map.of("returnImmediately", true, "receiver", receiver, "maxEvents", 0,
						"ack", ack)));
		return lines;
	}

	private static String unsecured(Map<String, Object> claims) {
		return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"secevent+jwt\"}") + "."
				+ Base64URL.encode(JSONObjectUtils.toJSONString(claims)) + ".";
	}

}
