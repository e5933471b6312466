package dev.agentauth.keycloak.signal.jpa;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.keycloak.JpaStoreFixture;
import dev.agentauth.keycloak.signal.AgentStanding;
import dev.agentauth.keycloak.signal.AgentStandingStore;
import dev.agentauth.keycloak.signal.AgentStandings;

import static org.assertj.core.api.Assertions.assertThat;

class JpaAgentStandingStoreTests {

	private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);

	private final JpaStoreFixture fixture = new JpaStoreFixture();

	private final AgentStandingStore standings = this.fixture.standings();

	private final RealmModel realm = JpaStoreFixture.realm("realm-standing");

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void reportWhenSameMerchantReportsAgainThenItsReportIsReplaced() {
		this.standings.report(this.realm, "agent-1", "shop", RiskLevel.MEDIUM, "velocity", "kid-1",
				AgentStandingStore.RISK_LEVEL_CHANGE, T0);
		AgentStanding latest = this.standings.report(this.realm, "agent-1", "shop", RiskLevel.LOW, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0.plusSeconds(60));
		this.fixture.flush();

		assertThat(this.standings.getStandings(this.realm, "agent-1")).containsExactly(latest);
		assertThat(latest).isEqualTo(new AgentStanding("agent-1", "shop", RiskLevel.LOW,
				AgentStandingStore.RISK_LEVEL_CHANGE, null, null, T0.plusSeconds(60), null));
	}

	@Test
	void reportWhenLevelDropsAfterHighThenLastHighIsKept() {
		this.standings.report(this.realm, "agent-1", "shop", RiskLevel.HIGH, "burst", null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0);
		this.standings.report(this.realm, "agent-1", "shop", RiskLevel.LOW, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0.plusSeconds(600));
		this.standings.report(this.realm, "agent-1", "other-shop", RiskLevel.MEDIUM, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0.plusSeconds(30));
		this.fixture.flush();

		assertThat(this.standings.lastHighPerMerchant(this.realm, "agent-1")).containsExactly(T0);
	}

	@Test
	void getStandingsWhenSeveralMerchantsThenNewestFirstAndRepresentationTakesTheHighest() {
		this.standings.report(this.realm, "agent-1", "shop-a", RiskLevel.HIGH, "credential-compromise", "kid-1",
				AgentStandingStore.CREDENTIAL_COMPROMISE, T0);
		this.standings.report(this.realm, "agent-1", "shop-b", RiskLevel.LOW, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0.plusSeconds(5));
		this.standings.report(this.realm, "agent-2", "shop-a", RiskLevel.MEDIUM, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0);
		this.fixture.flush();

		var reports = this.standings.getStandings(this.realm, "agent-1");
		assertThat(reports).extracting(AgentStanding::merchant).containsExactly("shop-b", "shop-a");
		var json = AgentStandings.representation("agent-1", reports);
		assertThat(json).containsEntry("agent_id", "agent-1").containsEntry("level", "HIGH");
		assertThat(AgentStandings.report(reports.get(1))).containsEntry("merchant", "shop-a")
			.containsEntry("event", "credential-compromise")
			.containsEntry("kid", "kid-1")
			.containsEntry("reported_at", T0.getEpochSecond())
			.containsEntry("last_high_at", T0.getEpochSecond());
		assertThat(AgentStandings.report(reports.get(0))).doesNotContainKeys("reason", "kid", "last_high_at");
	}

	@Test
	void representationWhenNoReportsThenLevelIsNull() {
		assertThat(AgentStandings.representation("agent-1", this.standings.getStandings(this.realm, "agent-1")))
			.containsEntry("level", null)
			.containsEntry("reports", java.util.List.of());
	}

	@Test
	void removeAgentAndRealmWhenDeletedThenTheirReportsGo() {
		RealmModel other = JpaStoreFixture.realm("realm-other");
		this.standings.report(this.realm, "agent-1", "shop", RiskLevel.LOW, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0);
		this.standings.report(this.realm, "agent-2", "shop", RiskLevel.LOW, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0);
		this.standings.report(other, "agent-3", "shop", RiskLevel.LOW, null, null,
				AgentStandingStore.RISK_LEVEL_CHANGE, T0);

		this.standings.removeAgent(this.realm, "agent-1");
		this.fixture.flush();
		assertThat(this.standings.getStandings(this.realm, "agent-1")).isEmpty();
		assertThat(this.standings.getStandings(this.realm, "agent-2")).hasSize(1);

		this.standings.removeRealm(this.realm);
		this.fixture.flush();
		assertThat(this.standings.getStandings(this.realm, "agent-2")).isEmpty();
		assertThat(this.standings.getStandings(other, "agent-3")).hasSize(1);
	}

}
