package dev.agentauth.core.risk;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.agentauth.core.risk.RiskRulesTests.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

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
		assertThat(result.ruleChanges().get(RiskRules.AGENT_BURST)).containsExactly(entry("throttle -> allow", 2L));
		assertThat(result.ruleChanges()).doesNotContainKey(RiskRules.COLD_START);
	}

	@Test
	void commandLineWhenRulesAndLogThenPrintsTheChangedDecisionsPerRule(@TempDir Path directory) throws Exception {
		RiskEngine current = new RiskEngine(RiskRules.defaults(), RiskPolicy.DEFAULT);
		StringBuilder log = new StringBuilder();
		for (long requests : List.of(10L, 60L, 120L)) {
			RiskDecision decision = current.evaluate(features().method("GET").agentRequests(requests, 1).build(), "d");
			log.append(JSONObjectUtils.toJSONString(decision.toJson())).append('\n');
		}
		Path decisions = Files.writeString(directory.resolve("decisions.jsonl"), log);
		Path rules = Files.writeString(directory.resolve("new.properties"),
				"agentauth.risk.rules.velocity.agent_burst.threshold=100\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = RiskReplay.run(new String[] { "replay", "--rules", rules.toString(), decisions.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(status).isZero();
		assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("decisions: 3 (malformed lines skipped: 0)")
			.contains("would-be action changed: 1")
			.containsPattern("velocity.agent_burst +2 -> 1; decisions changed: throttle -> allow 1");
	}

	@Test
	void commandLineWhenNoLogOrBadSettingThenUsageOrTheSettingAndStatusTwo(@TempDir Path directory)
			throws Exception {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
		assertThat(RiskReplay.run(new String[] { "replay", "--verbose" }, System.out, errors)).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument --verbose")
			.contains("usage: replay [--rules settings.properties] decisions.jsonl");
		Path rules = Files.writeString(directory.resolve("bad.properties"), "rules.agent.cold_start.weight=heavy\n");
		Path decisions = Files.writeString(directory.resolve("decisions.jsonl"), "");
		err.reset();
		assertThat(RiskReplay.run(new String[] { "--rules", rules.toString(), decisions.toString() }, System.out,
				errors)).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("agentauth.risk.rules.agent.cold_start.weight=heavy");
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
