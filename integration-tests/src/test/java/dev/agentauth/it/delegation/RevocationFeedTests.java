package dev.agentauth.it.delegation;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.it.delegation.DelegationFixture.Agent;
import dev.agentauth.it.delegation.DelegationFixture.Consent;
import dev.agentauth.it.keycloak.KeycloakServer;
import dev.agentauth.test.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The revocation feed: RFC 8417 Security Event Tokens delivered by RFC 8936 polling at
 * {@code POST /realms/{realm}/agents/events}, with acknowledgements per receiver and long polling.
 */
class RevocationFeedTests {

	private static final String REALM = DelegationFixture.REALM;

	private static KeycloakServer keycloak;

	private static String merchantToken;

	@BeforeAll
	static void start() {
		DelegationFixture.start();
		keycloak = KeycloakServer.get();
		merchantToken = keycloak.clientToken(REALM, DelegationFixture.MERCHANT, "demo-merchant-secret");
	}

	@Test
	void revokedGrantSuspendedAgentAndRevokedKeyArriveAsSignedSetsUntilAcknowledged() throws Exception {
		String receiver = "test-" + UUID.randomUUID();
		Agent agent = Agent.register("Feed");
		Consent consent = DelegationFixture.consent(agent, "alice", null);
		drain(receiver);

		assertThat(consent.revokeInAccountConsole().statusCode()).isEqualTo(204);
		String admin = "/admin/realms/" + REALM + "/agents/" + agent.id();
		keycloak.admin("POST", admin + "/suspend", null);
		keycloak.admin("POST", admin + "/activate", null);
		keycloak.admin("POST", admin + "/keys/" + agent.key().thumbprint() + "/revoke", null);

		Map<String, Object> polled = poll(receiver, List.of(), true, false);
		List<RevocationEvent> events = events(polled);
		assertThat(events).extracting(RevocationEvent::type, RevocationEvent::subject).contains(
				org.assertj.core.groups.Tuple.tuple(RevocationEventType.GRANT_REVOKED, consent.grantId()),
				org.assertj.core.groups.Tuple.tuple(RevocationEventType.AGENT_SUSPENDED, agent.id()),
				org.assertj.core.groups.Tuple.tuple(RevocationEventType.AGENT_ACTIVATED, agent.id()),
				org.assertj.core.groups.Tuple.tuple(RevocationEventType.KEY_REVOKED, agent.key().thumbprint()));
		assertThat(events).filteredOn((e) -> e.subject().equals(consent.grantId())).first()
			.extracting(RevocationEvent::agentId).isEqualTo(agent.id());

		// acknowledged events are not delivered again to this receiver, but are to another one and on replay
		List<String> ids = events.stream().map(RevocationEvent::id).toList();
		assertThat(events(poll(receiver, ids, true, false))).extracting(RevocationEvent::id).doesNotContainAnyElementsOf(ids);
		assertThat(events(poll(receiver, List.of(), true, true))).extracting(RevocationEvent::id).containsAll(ids);
		assertThat(events(poll("other-" + UUID.randomUUID(), List.of(), true, false))).extracting(RevocationEvent::id)
			.containsAll(ids);
	}

	@Test
	void longPollReturnsAsSoonAsAnEventIsRecorded() throws Exception {
		String receiver = "long-" + UUID.randomUUID();
		Agent agent = Agent.register("Long poll");
		drain(receiver);
		CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return poll(receiver, List.of(), false, false);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		// gives the long poll time to reach Keycloak and wait there (nothing the test can observe)
		Thread.sleep(500);
		keycloak.admin("POST", "/admin/realms/" + REALM + "/agents/" + agent.id() + "/suspend", null);
		assertThat(events(waiting.get())).extracting(RevocationEvent::type, RevocationEvent::subject)
			.contains(org.assertj.core.groups.Tuple.tuple(RevocationEventType.AGENT_SUSPENDED, agent.id()));
	}

	@Test
	void theFeedIsOnlyForClientsAndRefusesBadRequests() throws Exception {
		String path = "/realms/" + REALM + "/agents/events";
		assertThat(keycloak.withToken(null, "POST", path, "{}").statusCode()).isEqualTo(401);
		String consumer = DelegationFixture.consumerToken("bob", "bob");
		assertThat(keycloak.withToken(consumer, "POST", path, "{}").statusCode()).isEqualTo(403);
		for (String bad : new String[] { "[1]", "{\"ack\":\"x\"}", "{\"maxEvents\":5000}", "{\"receiver\":\"a b\"}" }) {
			HttpResponse<String> refused = keycloak.withToken(merchantToken, "POST", path, bad);
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(KeycloakServer.json(refused.body())).containsEntry("err", "invalid_request");
		}
	}

	/** Acknowledges everything pending for the receiver. */
	private static void drain(String receiver) throws Exception {
		Map<String, Object> polled = poll(receiver, List.of(), true, false);
		while (true) {
			List<String> ids = events(polled).stream().map(RevocationEvent::id).toList();
			polled = poll(receiver, ids, true, false);
			if (ids.isEmpty() && events(polled).isEmpty()) {
				return;
			}
		}
	}

	static Map<String, Object> poll(String receiver, List<String> ack, boolean immediately, boolean replay)
			throws Exception {
		String body = JSONObjectUtils.toJSONString(Map.of("ack", ack, "returnImmediately", immediately, "receiver",
				receiver, "replay", replay, "maxEvents", 1000));
		HttpResponse<String> response = keycloak.withToken(merchantToken, "POST", "/realms/" + REALM + "/agents/events",
				body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSONObjectUtils.parse(response.body());
	}

	/** Verifies every SET (signature with the realm key, typ, aud) and reads its event. */
	@SuppressWarnings("unchecked")
	static List<RevocationEvent> events(Map<String, Object> polled) throws Exception {
		List<RevocationEvent> events = new ArrayList<>();
		for (Map.Entry<String, Object> entry : ((Map<String, Object>) polled.get("sets")).entrySet()) {
			SignedJWT set = SignedJWT.parse((String) entry.getValue());
			assertThat(set.getHeader().getType().toString()).isEqualTo("secevent+jwt");
			assertThat(set.verify(new RSASSAVerifier(DelegationFixture.realmKey(set.getHeader().getKeyID())))).isTrue();
			assertThat(set.getJWTClaimsSet().getAudience()).containsExactly(DelegationFixture.MERCHANT);
			assertThat(set.getJWTClaimsSet().getIssuer()).isEqualTo(keycloak.uri("/realms/" + REALM).toString());
			RevocationEvent event = RevocationEvent.fromSetClaims(set.getJWTClaimsSet().getClaims());
			assertThat(event.id()).isEqualTo(entry.getKey());
			events.add(event);
		}
		return events;
	}

}
