package dev.agentauth.keycloak.registry.jpa;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.keycloak.JpaStoreFixture;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.registry.AgentRegistry.DuplicateKeyException;
import dev.agentauth.keycloak.signal.AgentStandingStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JpaAgentRegistryTests {

	private final JpaStoreFixture fixture = new JpaStoreFixture();

	private final AgentRegistry registry = this.fixture.registry();

	private final RealmModel realm = JpaStoreFixture.realm("realm-registry");

	private final RealmModel other = JpaStoreFixture.realm("realm-other");

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private static AgentKey newKey() throws Exception {
		return AgentKey.from(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK());
	}

	private List<RevocationEvent> events() {
		return this.fixture.events().pending(this.realm, "shop/a", Instant.EPOCH, 100, false);
	}

	@Test
	void createAgentWhenCreatedThenReadBackInItsRealmOnly() {
		this.fixture.moveClock(-120);
		AgentModel agent = this.registry.createAgent(this.realm, "Shopping bot", "buys things", "operator",
				List.of("10.0.0.0/8", "192.0.2.1/32"));
		this.fixture.moveClock(0);
		this.fixture.flush();

		assertThat(this.registry.getAgent(this.realm, agent.id())).contains(agent);
		assertThat(agent.status()).isEqualTo(AgentStatus.ACTIVE);
		assertThat(agent.allowedNetworks()).containsExactly("10.0.0.0/8", "192.0.2.1/32");
		assertThat(agent.created()).isEqualTo(agent.updated()).isBefore(Instant.now().minusSeconds(100));
		assertThat(this.registry.getAgent(this.other, agent.id())).isEmpty();
	}

	@Test
	void lockAgentWhenChangedBehindTheEntityThenReadsTheDatabaseAgainAndOnlyInItsRealm() {
		AgentModel agent = this.registry.createAgent(this.realm, "Locked", null, null, List.of());
		this.fixture.flush();
		// another transaction's committed change, as the signal receiver waits for it behind the row lock
		this.fixture.entityManager()
			.createQuery("update AgentEntity a set a.status = :status where a.id = :id")
			.setParameter("status", AgentStatus.SUSPENDED.name())
			.setParameter("id", agent.id())
			.executeUpdate();
		assertThat(this.registry.lockAgent(this.realm, agent.id()).orElseThrow().status())
			.isEqualTo(AgentStatus.SUSPENDED);
		assertThat(this.registry.lockAgent(this.other, agent.id())).isEmpty();
		assertThat(this.registry.lockAgent(this.realm, "no-such-agent")).isEmpty();
	}

	@Test
	void updateAgentWhenUpdatedThenFieldsReplacedAndUpdatedMoves() {
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of("10.0.0.0/8"));
		this.fixture.moveClock(3600);

		AgentModel updated = this.registry.updateAgent(this.realm, agent.id(), "Bot 2", "new", "operator", List.of())
			.orElseThrow();
		this.fixture.flush();

		assertThat(updated.name()).isEqualTo("Bot 2");
		assertThat(updated.allowedNetworks()).isEmpty();
		assertThat(Duration.between(agent.updated(), updated.updated())).isGreaterThan(Duration.ofMinutes(59));
		assertThat(this.registry.updateAgent(this.other, agent.id(), "x", null, null, List.of())).isEmpty();
	}

	@Test
	void setAgentStatusWhenStatusChangesThenEachChangeIsOneEvent() {
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of());

		this.registry.setAgentStatus(this.realm, agent.id(), AgentStatus.SUSPENDED);
		this.registry.setAgentStatus(this.realm, agent.id(), AgentStatus.SUSPENDED);
		this.registry.setAgentStatus(this.realm, agent.id(), AgentStatus.ACTIVE);
		this.registry.setAgentStatus(this.realm, agent.id(), AgentStatus.ACTIVE);
		this.registry.setAgentStatus(this.realm, agent.id(), AgentStatus.REVOKED);
		this.fixture.flush();

		assertThat(events()).extracting(RevocationEvent::type)
			.containsExactlyInAnyOrder(RevocationEventType.AGENT_SUSPENDED, RevocationEventType.AGENT_ACTIVATED,
					RevocationEventType.AGENT_REVOKED);
		assertThat(this.registry.getAgent(this.realm, agent.id()).orElseThrow().status())
			.isEqualTo(AgentStatus.REVOKED);
		assertThat(this.registry.setAgentStatus(this.realm, "no-such-agent", AgentStatus.ACTIVE)).isEmpty();
	}

	@Test
	void addKeyWhenThumbprintAlreadyInRealmThenDuplicateKeyButOtherRealmMayHaveIt() throws Exception {
		AgentKey key = newKey();
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of());
		AgentModel elsewhere = this.registry.createAgent(this.other, "Bot", null, null, List.of());

		AgentKeyModel added = this.registry.addKey(this.realm, agent.id(), key);

		assertThat(added.status()).isEqualTo(KeyStatus.ACTIVE);
		assertThat(added.kid()).isEqualTo(key.thumbprint());
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.registry.addKey(this.realm, agent.id(), key));
		assertThat(this.registry.addKey(this.other, elsewhere.id(), key).kid()).isEqualTo(key.thumbprint());
		this.fixture.flush();
		assertThat(this.registry.findKey(this.realm, key.thumbprint()).orElseThrow().agentId()).isEqualTo(agent.id());
		assertThat(this.registry.getKeys(this.realm, agent.id())).extracting(AgentKeyModel::kid)
			.containsExactly(key.thumbprint());
	}

	@Test
	void retireKeyWhenRetiredThenValidForTheOverlapFromKeycloakTime() throws Exception {
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of());
		AgentKey key = newKey();
		this.registry.addKey(this.realm, agent.id(), key);
		this.fixture.moveClock(86_400);

		AgentKeyModel retired = this.registry.retireKey(this.realm, agent.id(), key.thumbprint()).orElseThrow();

		assertThat(retired.status()).isEqualTo(KeyStatus.RETIRED);
		// default overlap 48 h, from Keycloak's (moved) time
		assertThat(retired.notAfter()).isBetween(KeycloakClock.now().plus(Duration.ofHours(48)).minusSeconds(5),
				KeycloakClock.now().plus(Duration.ofHours(48)));
		assertThat(this.registry.retireKey(this.realm, "other-agent", key.thumbprint())).isEmpty();
	}

	@Test
	void revokeKeyWhenRevokedTwiceThenOneEventAndNotAfterKept() throws Exception {
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of());
		AgentKey key = newKey();
		this.registry.addKey(this.realm, agent.id(), key);

		AgentKeyModel revoked = this.registry.revokeKey(this.realm, agent.id(), key.thumbprint()).orElseThrow();
		this.fixture.moveClock(60);
		AgentKeyModel again = this.registry.revokeKey(this.realm, agent.id(), key.thumbprint()).orElseThrow();
		this.fixture.flush();

		assertThat(revoked.status()).isEqualTo(KeyStatus.REVOKED);
		assertThat(again.notAfter()).isEqualTo(revoked.notAfter());
		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(RevocationEventType.KEY_REVOKED);
			assertThat(event.subject()).isEqualTo(key.thumbprint());
		});
	}

	@Test
	void recordKeyUsageWhenReportedThenOnlyRaisedAndRetiredUseIsFound() throws Exception {
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of());
		AgentKey key = newKey();
		this.registry.addKey(this.realm, agent.id(), key);
		Instant t = Instant.ofEpochSecond(1_800_000_000L);

		assertThat(this.registry.recordKeyUsage(this.realm, Map.of(key.thumbprint(), t, "unknown-kid", t)))
			.isEqualTo(1);
		this.registry.recordKeyUsage(this.realm, Map.of(key.thumbprint(), t.minusSeconds(60)));
		this.registry.retireKey(this.realm, agent.id(), key.thumbprint());
		this.fixture.flush();

		assertThat(this.registry.findKey(this.realm, key.thumbprint()).orElseThrow().lastUsed()).isEqualTo(t);
		assertThat(this.registry.retiredKeysUsedSince(this.realm, t, 10)).extracting(AgentKeyModel::kid)
			.containsExactly(key.thumbprint());
		assertThat(this.registry.retiredKeysUsedSince(this.realm, t.plusSeconds(1), 10)).isEmpty();
	}

	@Test
	void searchAgentsWhenSearchedThenCaseInsensitiveByNameAndByStatus() {
		this.registry.createAgent(this.realm, "Alpha 100%", null, null, List.of());
		AgentModel beta = this.registry.createAgent(this.realm, "beta_bot", null, null, List.of());
		this.registry.createAgent(this.realm, "betaXbot", null, null, List.of());
		this.registry.createAgent(this.other, "alpha elsewhere", null, null, List.of());
		this.registry.setAgentStatus(this.realm, beta.id(), AgentStatus.SUSPENDED);
		this.fixture.flush();

		assertThat(this.registry.searchAgents(this.realm, "ALPHA", 0, 10)).extracting(AgentModel::name)
			.containsExactly("Alpha 100%");
		// (the store escapes % and _ with a backslash, which the query leaves to the database's default LIKE
		// escape: PostgreSQL's is a backslash, Hibernate on H2 renders none, so a literal search is not tested here)
		assertThat(this.registry.searchAgents(this.realm, "BOT", 0, 10)).extracting(AgentModel::name)
			.containsExactly("betaXbot", "beta_bot");
		assertThat(this.registry.searchAgents(this.realm, null, AgentStatus.SUSPENDED, 0, 10))
			.extracting(AgentModel::id)
			.containsExactly(beta.id());
		assertThat(this.registry.searchAgents(this.realm, null, 1, 10)).hasSize(2);
	}

	@Test
	void deleteAgentWhenDeletedThenKeysGrantsAndStandingGoAndRevocationIsRecorded() throws Exception {
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of());
		AgentModel kept = this.registry.createAgent(this.realm, "Other", null, null, List.of());
		AgentKey key = newKey();
		this.registry.addKey(this.realm, agent.id(), key);
		this.fixture.grants().createGrant(this.realm, "user-1", agent.id(), "operator", List.of(), "[]",
				KeycloakClock.now().plusSeconds(60));
		this.fixture.grants().createGrant(this.realm, "user-1", kept.id(), "operator", List.of(), "[]",
				KeycloakClock.now().plusSeconds(60));
		this.fixture.standings().report(this.realm, agent.id(), "shop", RiskLevel.HIGH, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, KeycloakClock.now());
		this.fixture.flush();

		assertThat(this.registry.deleteAgent(this.realm, agent.id())).isTrue();
		this.fixture.flush();

		assertThat(this.registry.getAgent(this.realm, agent.id())).isEmpty();
		assertThat(this.registry.findKey(this.realm, key.thumbprint())).isEmpty();
		assertThat(this.fixture.grants().getAgentGrants(this.realm, agent.id())).isEmpty();
		assertThat(this.fixture.grants().getAgentGrants(this.realm, kept.id())).hasSize(1);
		assertThat(this.fixture.standings().getStandings(this.realm, agent.id())).isEmpty();
		assertThat(events()).extracting(RevocationEvent::type).containsExactly(RevocationEventType.AGENT_REVOKED);
		assertThat(this.registry.deleteAgent(this.realm, agent.id())).isFalse();
	}

	@Test
	void removeRealmWhenRealmDeletedThenEverythingOfItGoes() throws Exception {
		AgentModel agent = this.registry.createAgent(this.realm, "Bot", null, null, List.of());
		this.registry.addKey(this.realm, agent.id(), newKey());
		this.registry.setAgentStatus(this.realm, agent.id(), AgentStatus.SUSPENDED);
		this.fixture.standings().report(this.realm, agent.id(), "shop", RiskLevel.LOW, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, KeycloakClock.now());
		AgentModel elsewhere = this.registry.createAgent(this.other, "Bot", null, null, List.of());
		this.fixture.flush();

		this.registry.removeRealm(this.realm);
		this.fixture.flush();

		assertThat(this.registry.searchAgents(this.realm, null, 0, 10)).isEmpty();
		assertThat(this.registry.getKeys(this.realm, agent.id())).isEmpty();
		assertThat(this.fixture.standings().getStandings(this.realm, agent.id())).isEmpty();
		assertThat(events()).isEmpty();
		assertThat(this.registry.getAgent(this.other, elsewhere.id())).isPresent();
	}

}
