package dev.agentauth.it.delegation;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.it.keycloak.KeycloakServer;

import static dev.agentauth.it.delegation.DelegationFixture.Agent;
import static dev.agentauth.it.delegation.DelegationFixture.MERCHANT;
import static dev.agentauth.it.delegation.DelegationFixture.REALM;
import static dev.agentauth.it.delegation.DelegationFixture.consent;
import static dev.agentauth.it.delegation.DelegationFixture.issuer;
import static dev.agentauth.it.delegation.DelegationFixture.keycloak;
import static dev.agentauth.it.delegation.DelegationFixture.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension's {@code agentauth_keycloak_*} meters in Keycloak's own Prometheus metrics ({@code /metrics} on the
 * management port of the suite's Keycloak, built with {@code --metrics-enabled=true}): a key lookup, a token
 * exchange issued and one refused, a signal, an admin suspension and two feed polls move them. Other tests share the
 * realm, so the test compares counts before and after (at least what it did itself).
 */
class KeycloakMetricsTests {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	@BeforeAll
	static void start() {
		DelegationFixture.start();
	}

	@Test
	void lookupsExchangesSignalsSuspensionsAndFeedPollsMoveTheirMeters() throws Exception {
		String before = keycloak.metrics();
		Agent agent = Agent.register("Metered helper");
		String kid = agent.key().thumbprint();

		// key lookups: one found, one unknown
		assertThat(keycloak.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/" + kid))
			.build()).statusCode()).isEqualTo(200);
		assertThat(keycloak.send(HttpRequest.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/keys/no-such-kid"))
			.build()).statusCode()).isEqualTo(404);

		// a token exchange issued, one refused (a scope outside the grant)
		DelegationFixture.Consent consent = consent(agent, "alice", null);
		operator.exchange(agent.key(), agent.id(), consent.accessToken(), MERCHANT, null, null);
		assertThat(operator.exchangeResponse(agent.key(), agent.id(), consent.accessToken(), MERCHANT, "admin:all",
				null).statusCode()).isEqualTo(400);

		// a merchant's LOW risk report (no auto-suspension), then an admin suspends the agent
		String merchantToken = keycloak.clientToken(REALM, MERCHANT, "demo-merchant-secret");
		HttpResponse<String> pushed = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/" + REALM + "/agents/signals"))
			.header("Content-Type", SignalSets.MEDIA_TYPE)
			.header("Authorization", "Bearer " + merchantToken)
			.POST(HttpRequest.BodyPublishers.ofString(SignalSets.riskLevelChange(MERCHANT, issuer, Instant.now(),
					agent.id(), kid, RiskLevel.LOW, "metrics test")))
			.build());
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
		HttpResponse<String> suspended = keycloak.admin("POST",
				"/admin/realms/" + REALM + "/agents/" + agent.id() + "/suspend", null);
		assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);

		// a new receiver of the merchant polls (every retained event is delivered, the suspension among them), then
		// acknowledges what it got
		String receiver = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> first = poll(merchantToken, receiver, List.of());
		@SuppressWarnings("unchecked")
		List<String> delivered = List.copyOf(((Map<String, Object>) first.get("sets")).keySet());
		assertThat(delivered).isNotEmpty();
		String afterFirstPoll = keycloak.metrics();
		poll(merchantToken, receiver, delivered);
		String after = keycloak.metrics();

		Map<String, String> realm = Map.of("realm", REALM);
		assertMoved(before, after, "agentauth_keycloak_key_lookups_total",
				Map.of("realm", REALM, "lookup", "key", "result", "found", "agent_status", "active", "key_status",
						"active"), 1);
		assertMoved(before, after, "agentauth_keycloak_key_lookups_total",
				Map.of("realm", REALM, "lookup", "key", "result", "unknown"), 1);
		assertMoved(before, after, "agentauth_keycloak_token_exchanges_total",
				Map.of("realm", REALM, "outcome", "issued"), 1);
		assertMoved(before, after, "agentauth_keycloak_token_exchanges_total",
				Map.of("realm", REALM, "outcome", "refused", "error", "invalid_scope"), 1);
		assertMoved(before, after, "agentauth_keycloak_signals_total", Map.of("realm", REALM, "outcome", "accepted"),
				1);
		assertMoved(before, after, "agentauth_keycloak_signal_events_total",
				Map.of("realm", REALM, "type", "risk_level_change", "level", "low"), 1);
		assertMoved(before, after, "agentauth_keycloak_suspensions_total", Map.of("realm", REALM, "cause", "admin"),
				1);
		assertMoved(before, after, "agentauth_keycloak_feed_polls_total", Map.of("realm", REALM, "outcome", "ok"), 2);
		assertMoved(before, after, "agentauth_keycloak_feed_events_delivered_total", realm, delivered.size());
		assertMoved(before, after, "agentauth_keycloak_feed_events_acknowledged_total", realm, delivered.size());

		// the merchant client as a feed consumer: counted, and with a lag gauge while its events were unacknowledged
		Map<String, String> client = Map.of("realm", REALM, "client", MERCHANT);
		assertThat(sum(after, "agentauth_keycloak_feed_consumers", realm)).isGreaterThanOrEqualTo(1);
		assertThat(sum(afterFirstPoll, "agentauth_keycloak_feed_consumer_lag_seconds", client)).isPositive();
		assertThat(sum(after, "agentauth_keycloak_feed_consumer_idle_seconds", client)).isNotNegative();
		// no agent or key identifier is a label
		assertThat(after.lines().filter((line) -> line.startsWith("agentauth_keycloak_")))
			.isNotEmpty()
			.noneMatch((line) -> line.contains(agent.id()) || line.contains(kid));
	}

	private static Map<String, Object> poll(String token, String receiver, List<String> ack) throws Exception {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("receiver", receiver);
		request.put("ack", ack);
		request.put("returnImmediately", true);
		request.put("maxEvents", 1000);
		HttpResponse<String> response = keycloak.withToken(token, "POST", "/realms/" + REALM + "/agents/events",
				JSONObjectUtils.toJSONString(request));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return KeycloakServer.json(response.body());
	}

	private static void assertMoved(String before, String after, String name, Map<String, String> labels,
			double atLeast) {
		assertThat(sum(after, name, labels) - sum(before, name, labels))
			.as("%s%s moved (before: %s)", name, labels, sum(before, name, labels))
			.isGreaterThanOrEqualTo(atLeast);
	}

	/** The sum of the samples of {@code name} whose labels include {@code labels} (0 when there is none). */
	private static double sum(String metrics, String name, Map<String, String> labels) {
		double sum = 0;
		for (String line : metrics.lines().toList()) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.find() || !sample.group(1).equals(name)) {
				continue;
			}
			Map<String, String> found = new LinkedHashMap<>();
			Matcher label = LABEL.matcher((sample.group(2) != null) ? sample.group(2) : "");
			while (label.find()) {
				found.put(label.group(1), label.group(2));
			}
			if (found.entrySet().containsAll(labels.entrySet())) {
				sum += Double.parseDouble(sample.group(3));
			}
		}
		return sum;
	}

}
