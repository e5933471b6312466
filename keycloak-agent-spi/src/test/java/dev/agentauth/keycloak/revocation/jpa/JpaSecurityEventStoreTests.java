package dev.agentauth.keycloak.revocation.jpa;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.keycloak.JpaStoreFixture;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.revocation.SecurityEventStore;

import static org.assertj.core.api.Assertions.assertThat;

class JpaSecurityEventStoreTests {

	private final JpaStoreFixture fixture = new JpaStoreFixture();

	private final SecurityEventStore events = this.fixture.events();

	private final RealmModel realm = JpaStoreFixture.realm("realm-events");

	private final RealmModel other = JpaStoreFixture.realm("realm-other");

	private static final Instant LONG_AGO = Instant.EPOCH;

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void pendingWhenRecordedThenOldestFirstWithKeycloakTime() {
		this.fixture.moveClock(-60);
		this.events.record(this.realm, RevocationEventType.GRANT_REVOKED, "grant-1", "agent-1");
		this.fixture.moveClock(0);
		this.events.record(this.realm, RevocationEventType.KEY_REVOKED, "kid-1", "agent-1");
		this.events.record(this.other, RevocationEventType.AGENT_REVOKED, "agent-2", "agent-2");
		this.fixture.flush();

		List<RevocationEvent> pending = this.events.pending(this.realm, "shop/default", LONG_AGO, 10, false);
		assertThat(pending).extracting(RevocationEvent::subject).containsExactly("grant-1", "kid-1");
		assertThat(pending.get(0).type()).isEqualTo(RevocationEventType.GRANT_REVOKED);
		assertThat(pending.get(0).agentId()).isEqualTo("agent-1");
		assertThat(pending.get(0).issuedAt()).isBetween(KeycloakClock.now().minusSeconds(65),
				KeycloakClock.now().minusSeconds(55));
	}

	@Test
	void pendingWhenAcknowledgedThenHiddenFromThatReceiverOnly() {
		this.events.record(this.realm, RevocationEventType.GRANT_REVOKED, "grant-1", "agent-1");
		this.events.record(this.realm, RevocationEventType.GRANT_REVOKED, "grant-2", "agent-1");
		this.fixture.flush();
		String first = this.events.pending(this.realm, "shop/a", LONG_AGO, 10, false)
			.stream()
			.filter((event) -> event.subject().equals("grant-1"))
			.findFirst()
			.orElseThrow()
			.id();

		this.events.acknowledge(this.realm, "shop/a", List.of(first));
		this.events.acknowledge(this.realm, "shop/a", List.of(first));
		this.fixture.flush();

		assertThat(this.events.pending(this.realm, "shop/a", LONG_AGO, 10, false)).extracting(RevocationEvent::subject)
			.containsExactly("grant-2");
		assertThat(this.events.pending(this.realm, "shop/b", LONG_AGO, 10, false)).hasSize(2);
		// a replay sees every event, acknowledged or not
		assertThat(this.events.pending(this.realm, "shop/a", LONG_AGO, 10, true)).hasSize(2);
	}

	@Test
	void acknowledgeWhenUnknownOrOtherRealmThenIgnored() {
		this.events.record(this.other, RevocationEventType.GRANT_REVOKED, "grant-9", "agent-9");
		this.fixture.flush();
		String otherId = this.events.pending(this.other, "shop/a", LONG_AGO, 10, false).get(0).id();

		this.events.acknowledge(this.realm, "shop/a", java.util.Arrays.asList(otherId, "no-such-event", null,
				"x".repeat(37)));
		this.fixture.flush();

		assertThat(this.events.pending(this.other, "shop/a", LONG_AGO, 10, false)).hasSize(1);
	}

	@Test
	void forgetWhenReceiverLostItsStateThenEverythingIsPendingAgain() {
		this.events.record(this.realm, RevocationEventType.AGENT_SUSPENDED, "agent-1", "agent-1");
		this.fixture.flush();
		String id = this.events.pending(this.realm, "shop/a", LONG_AGO, 10, false).get(0).id();
		this.events.acknowledge(this.realm, "shop/a", List.of(id));
		this.fixture.flush();
		assertThat(this.events.pending(this.realm, "shop/a", LONG_AGO, 10, false)).isEmpty();

		this.events.forget(this.realm, "shop/a");
		this.fixture.flush();

		assertThat(this.events.pending(this.realm, "shop/a", LONG_AGO, 10, false)).hasSize(1);
	}

	@Test
	void pendingWhenMoreThanMaxThenFirstMaxAndSinceFilters() {
		for (int i = 0; i < 5; i++) {
			this.fixture.moveClock(-100 + i);
			this.events.record(this.realm, RevocationEventType.GRANT_REVOKED, "grant-" + i, null);
		}
		this.fixture.moveClock(0);
		this.fixture.flush();

		assertThat(this.events.pending(this.realm, "shop/a", LONG_AGO, 3, false)).extracting(RevocationEvent::subject)
			.containsExactly("grant-0", "grant-1", "grant-2");
		// since = 97.5 s ago: the events recorded 97 and 96 s ago
		assertThat(this.events.pending(this.realm, "shop/a", KeycloakClock.now().minusMillis(97_500), 10, false))
			.extracting(RevocationEvent::subject)
			.containsExactly("grant-3", "grant-4");
	}

	@Test
	void purgeWhenOlderThanRetentionThenEventsAndAcknowledgementsGo() {
		this.fixture.moveClock(-25 * 3600);
		this.events.record(this.realm, RevocationEventType.GRANT_REVOKED, "old", null);
		this.fixture.flush();
		this.events.acknowledge(this.realm, "shop/a",
				List.of(this.events.pending(this.realm, "shop/a", LONG_AGO, 10, false).get(0).id()));
		this.fixture.moveClock(0);
		this.events.record(this.realm, RevocationEventType.GRANT_REVOKED, "new", null);
		this.fixture.flush();

		this.events.purge(this.realm, KeycloakClock.now().minusSeconds(24 * 3600));
		this.fixture.flush();

		assertThat(this.events.pending(this.realm, "shop/b", LONG_AGO, 10, true)).extracting(RevocationEvent::subject)
			.containsExactly("new");
		assertThat(this.fixture.entityManager()
			.createQuery("select count(a) from SecurityEventAckEntity a", Long.class)
			.getSingleResult()).isZero();
	}

	@Test
	void removeRealmWhenRealmDeletedThenOnlyItsEventsGo() {
		this.events.record(this.realm, RevocationEventType.GRANT_REVOKED, "grant-1", null);
		this.events.record(this.other, RevocationEventType.GRANT_REVOKED, "grant-2", null);
		this.fixture.flush();

		this.events.removeRealm(this.realm);
		this.fixture.flush();

		assertThat(this.events.pending(this.realm, "shop/a", LONG_AGO, 10, true)).isEmpty();
		assertThat(this.events.pending(this.other, "shop/a", LONG_AGO, 10, true)).hasSize(1);
	}

}
