package dev.agentauth.core.risk;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static dev.agentauth.core.risk.RiskRulesTests.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RiskReplayTests {

	@Test
	void replayWhenBurstThresholdRaisedThenThrottlesBecomeAllows() throws Exception {
		RiskEngine current = new RiskEngine(RiskRules.defaults(), RiskPolicy.DEFAULT);
		StringBuilder log = new StringBuilder();
		for (long requests : List.of(10L, 60L, 70L, 120L)) {
			RiskDecision decision = current.evaluate(features().method("GET").agentRequests(requests, 1).build(), "d");
			log.append(JSONObjectUtils.toJSONString(decision.toJson())).append('\n');
		}
		log.append("not json\n");
		Properties settings = new Properties();
		settings.setProperty("agentauth.risk.rules.velocity.agent_burst.threshold", "100");
		RiskReplay.Result result = new RiskReplay(RiskReplay.engine(settings))
			.replay(new BufferedReader(new StringReader(log.toString())));
		assertThat(result.decisions()).isEqualTo(4);
		assertThat(result.transitions()).containsEntry("allow -> allow", 1L)
			.containsEntry("throttle -> allow", 2L)
			.containsEntry("throttle -> throttle", 1L);
		assertThat(result.ruleHits().get(RiskRules.AGENT_BURST)).containsExactly(3, 1);
	}

	@Test
	void engineWhenBadSettingThenNamesTheProperty() {
		Properties settings = new Properties();
		settings.setProperty("rules.agent.cold_start.weight", "heavy");
		assertThatIllegalArgumentException().isThrownBy(() -> RiskReplay.engine(settings))
			.withMessageContaining("agentauth.risk.rules.agent.cold_start.weight=heavy");
		Properties unknown = new Properties();
		unknown.setProperty("rules.velocity.nope.weight", "1");
		assertThatIllegalArgumentException().isThrownBy(() -> RiskReplay.engine(unknown))
			.withMessageContaining("velocity.nope");
	}

}
