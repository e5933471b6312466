package dev.agentauth.risklab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The lab's CI form (scale {@code risklab.scale}, default 1; the long form is {@code -Drisklab.scale=10}): the
 * shipped defaults in enforce mode catch at least 95 % of attack sessions and touch at most 1 % of benign ones.
 */
class RiskLabTests {

	private static final double SCALE = Double.parseDouble(System.getProperty("risklab.scale", "1"));

	@Test
	void shippedDefaultsCatchAttacksAndSpareBenignSessionsInMemory() throws Exception {
		RiskLab.Options options = RiskLab.Options.parse("--scale", Double.toString(SCALE));
		List<ScenarioResult> results = new RiskLab(options).run();
		print(options, results);
		assertThat(caught(results, true)).as("attack sessions caught").isGreaterThanOrEqualTo(0.95);
		assertThat(caught(results, false)).as("benign sessions touched").isLessThanOrEqualTo(0.01);
	}

	@Test
	void sameSeedThenSameReport() throws Exception {
		List<String> first = rows(lab("--scale", "0.1").run());
		assertThat(rows(lab("--scale", "0.1").run())).isEqualTo(first);
		assertThat(rows(lab("--scale", "0.1", "--seed", "1").run())).isNotEqualTo(first);
	}

	@Test
	void redisStoreThenTheSameVerdictsAsInMemory() throws Exception {
		Assumptions.assumeTrue(redisListening(), "no Redis at 127.0.0.1:6379");
		List<ScenarioResult> memory = lab("--scale", "0.05").run();
		List<ScenarioResult> redis = lab("--scale", "0.05", "--store", "redis").run();
		print(RiskLab.Options.parse("--scale", "0.05", "--store", "redis"), redis);
		// HyperLogLog counts differ from exact sets by a few per cent, far from every threshold at this scale
		for (int i = 0; i < memory.size(); i++) {
			assertThat(redis.get(i).touched()).as(redis.get(i).scenario().name())
				.isEqualTo(memory.get(i).touched());
		}
	}

	@Test
	void decisionLogThenOneReplayLinePerDecision(@TempDir Path dir) throws Exception {
		Path log = dir.resolve("decisions.jsonl");
		lab("--scale", "0.05", "--decision-log", log.toString()).run();
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		assertThat(lines).isNotEmpty();
		Map<String, Object> first = JSONObjectUtils.parse(lines.get(0));
		assertThat(first).containsKeys("decision_id", "score", "would_be", "action", "features");
		assertThat(first.get("mode")).isEqualTo("enforce");
	}

	@Test
	void optionsWhenBadThenSpecificError() {
		assertThatIllegalArgumentException().isThrownBy(() -> RiskLab.Options.parse("--store", "disk"))
			.withMessage("--store must be memory or redis, not disk");
		assertThatIllegalArgumentException().isThrownBy(() -> RiskLab.Options.parse("--scale", "-1"))
			.withMessage("--scale must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> RiskLab.Options.parse("--within"))
			.withMessage("--within needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> RiskLab.Options.parse("--fast"))
			.withMessage("unknown option --fast");
		assertThat(RiskLab.Options.parse("--long").scale).isEqualTo(RiskLab.LONG_SCALE);
	}

	private static RiskLab lab(String... args) {
		return new RiskLab(RiskLab.Options.parse(args));
	}

	private static double caught(List<ScenarioResult> results, boolean attack) {
		int sessions = 0;
		int touched = 0;
		for (ScenarioResult result : results) {
			if (result.scenario().attack() == attack) {
				sessions += result.sessions();
				touched += result.touched();
			}
		}
		return (double) touched / sessions;
	}

	private static List<String> rows(List<ScenarioResult> results) {
		return results.stream().map(ScenarioResult::row).toList();
	}

	private static void print(RiskLab.Options options, List<ScenarioResult> results) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RiskLab.print(new PrintStream(out, true, StandardCharsets.UTF_8), options, results);
		System.out.println(out.toString(StandardCharsets.UTF_8));
	}

	private static boolean redisListening() {
		try (Socket socket = new Socket("127.0.0.1", 6379)) {
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
