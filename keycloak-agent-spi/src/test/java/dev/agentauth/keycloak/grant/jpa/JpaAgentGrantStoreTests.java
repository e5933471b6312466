package dev.agentauth.keycloak.grant.jpa;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.keycloak.JpaStoreFixture;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.grant.GrantStatus;

import static org.assertj.core.api.Assertions.assertThat;

class JpaAgentGrantStoreTests {

	private final JpaStoreFixture fixture = new JpaStoreFixture();

	private final AgentGrantStore grants = this.fixture.grants();

	private final RealmModel realm = JpaStoreFixture.realm("realm-grants");

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private AgentGrantModel grant(String userId, String agentId) {
		return this.grants.createGrant(this.realm, userId, agentId, "operator", List.of("orders", "payments"),
				"[{\"type\":\"agent_delegation\"}]", KeycloakClock.now().plusSeconds(3600));
	}

	@Test
	void createGrantWhenCreatedThenReadBackActiveWithKeycloakTime() {
		this.fixture.moveClock(-3600);
		AgentGrantModel created = grant("user-1", "agent-1");
		this.fixture.moveClock(0);
		this.fixture.flush();

		AgentGrantModel read = this.grants.getGrant(this.realm, created.id()).orElseThrow();
		assertThat(read).isEqualTo(created);
		assertThat(read.status()).isEqualTo(GrantStatus.ACTIVE);
		assertThat(read.scopes()).containsExactly("orders", "payments");
		assertThat(read.created()).isBefore(Instant.now().minusSeconds(3500));
	}

	@Test
	void getGrantWhenOtherRealmOrBadIdThenEmpty() {
		AgentGrantModel created = grant("user-1", "agent-1");
		this.fixture.flush();

		assertThat(this.grants.getGrant(JpaStoreFixture.realm("realm-other"), created.id())).isEmpty();
		assertThat(this.grants.getGrant(this.realm, "x".repeat(37))).isEmpty();
		assertThat(this.grants.getGrant(this.realm, null)).isEmpty();
	}

	@Test
	void getUserAndAgentGrantsWhenSeveralThenEachFindsItsOwn() {
		grant("user-1", "agent-1");
		grant("user-1", "agent-2");
		grant("user-2", "agent-1");
		this.fixture.flush();

		assertThat(this.grants.getUserGrants(this.realm, "user-1")).extracting(AgentGrantModel::agentId)
			.containsExactlyInAnyOrder("agent-1", "agent-2");
		assertThat(this.grants.getAgentGrants(this.realm, "agent-1")).extracting(AgentGrantModel::userId)
			.containsExactlyInAnyOrder("user-1", "user-2");
	}

	@Test
	void revokeGrantWhenRevokedTwiceThenFirstRevocationAndOneEventKept() {
		AgentGrantModel created = grant("user-1", "agent-1");
		this.fixture.flush();

		AgentGrantModel revoked = this.grants.revokeGrant(this.realm, created.id(), "user-1").orElseThrow();
		this.fixture.moveClock(60);
		AgentGrantModel again = this.grants.revokeGrant(this.realm, created.id(), "admin").orElseThrow();
		this.fixture.flush();

		assertThat(revoked.status()).isEqualTo(GrantStatus.REVOKED);
		assertThat(again.revokedBy()).isEqualTo("user-1");
		assertThat(again.revokedAt()).isEqualTo(revoked.revokedAt());
		List<RevocationEvent> events = this.fixture.events().pending(this.realm, "shop/a", Instant.EPOCH, 10, false);
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(RevocationEventType.GRANT_REVOKED);
			assertThat(event.subject()).isEqualTo(created.id());
			assertThat(event.agentId()).isEqualTo("agent-1");
		});
		assertThat(this.grants.revokeGrant(this.realm, "no-such-grant", "admin")).isEmpty();
	}

	@Test
	void removeUserGrantsWhenUserDeletedThenGrantsGoAndActiveOnesAreReported() {
		AgentGrantModel active = grant("user-1", "agent-1");
		AgentGrantModel revoked = grant("user-1", "agent-2");
		AgentGrantModel otherUser = grant("user-2", "agent-1");
		this.grants.revokeGrant(this.realm, revoked.id(), "user-1");
		this.fixture.flush();

		this.grants.removeUserGrants(this.realm, "user-1");
		this.fixture.flush();

		assertThat(this.grants.getUserGrants(this.realm, "user-1")).isEmpty();
		assertThat(this.grants.getGrant(this.realm, otherUser.id())).isPresent();
		assertThat(this.fixture.events().pending(this.realm, "shop/a", Instant.EPOCH, 10, false))
			.extracting(RevocationEvent::subject)
			.containsExactlyInAnyOrder(revoked.id(), active.id());
	}

	@Test
	void removeAgentGrantsWhenAgentDeletedThenItsGrantsGoWithoutEvents() {
		grant("user-1", "agent-1");
		grant("user-2", "agent-1");
		AgentGrantModel kept = grant("user-1", "agent-2");
		this.fixture.flush();

		this.grants.removeAgentGrants(this.realm, "agent-1");
		this.fixture.flush();

		assertThat(this.grants.getAgentGrants(this.realm, "agent-1")).isEmpty();
		assertThat(this.grants.getUserGrants(this.realm, "user-1")).containsExactly(kept);
		// the registry records the agent's own revocation instead
		assertThat(this.fixture.events().pending(this.realm, "shop/a", Instant.EPOCH, 10, false)).isEmpty();
	}

	@Test
	void removeRealmWhenRealmDeletedThenOnlyItsGrantsGo() {
		RealmModel other = JpaStoreFixture.realm("realm-other");
		grant("user-1", "agent-1");
		AgentGrantModel kept = this.grants.createGrant(other, "user-1", "agent-1", "operator", List.of(), "[]",
				KeycloakClock.now().plusSeconds(60));
		this.fixture.flush();

		this.grants.removeRealm(this.realm);
		this.fixture.flush();

		assertThat(this.grants.getUserGrants(this.realm, "user-1")).isEmpty();
		assertThat(this.grants.getGrant(other, kept.id()).orElseThrow().scopes()).isEmpty();
	}

}
