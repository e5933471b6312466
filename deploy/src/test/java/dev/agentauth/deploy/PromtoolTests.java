package dev.agentauth.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus alert rules under deploy/prometheus ({@code *-alerts.yml}), checked by Prometheus's own
 * {@code promtool}: {@code check rules} on every rules file and {@code test rules} on its unit tests
 * ({@code <name>.test.yml} next to it), where every alert has a test that fires and one that stays quiet; and
 * {@code check config} on the compose stack's prometheus.yml. Fails when promtool is missing:
 * scripts/test-prerequisites.sh (run by scripts/test.sh and CI) installs Debian's {@code prometheus} package, which
 * has it.
 */
class PromtoolTests {

	private static final Path RULES = DeploymentFiles.REPOSITORY.resolve("deploy/prometheus");

	private static String promtool;

	@BeforeAll
	static void findPromtool() {
		if (promtool != null) {
			return;
		}
		promtool = Command.executable("promtool");
		assertThat(promtool).as("promtool is not on the PATH: install Debian's prometheus package "
				+ "(apt-get install --no-install-recommends prometheus; ./scripts/test.sh does it as root) or "
				+ "Prometheus's release archive")
			.isNotNull();
	}

	@Test
	void everyRulesFilePassesPromtoolCheckRules() throws Exception {
		List<Path> files = rulesFiles();
		assertThat(files).isNotEmpty();
		for (Path file : files) {
			Command.Result result = Command.run(List.of(promtool, "check", "rules", file.toString()));
			assertThat(result.exitCode()).as("promtool check rules %s:%n%s", file, result.output()).isZero();
		}
	}

	@Test
	void theComposeStacksPrometheusConfigPassesPromtoolCheckConfig() throws Exception {
		Command.Result result = Command
			.run(List.of(promtool, "check", "config", RULES.resolve("prometheus.yml").toString()));
		assertThat(result.exitCode()).as("promtool check config:%n%s", result.output()).isZero();
		assertThat(result.output()).contains("agentauth-alerts.yml");
	}

	/** {@code promtool check rules} on {@code rules}, written to a file in {@code dir}. */
	static Command.Result checkRules(Path dir, String rules) throws Exception {
		Path file = Files.writeString(dir.resolve("rules.yml"), rules);
		return Command.run(List.of(promtool, "check", "rules", file.toString()));
	}

	@Test
	void everyRulesFilePassesItsPromtoolUnitTests() throws Exception {
		for (Path file : rulesFiles()) {
			Path tests = testsOf(file);
			assertThat(tests).as("no unit tests for %s", file).exists();
			Command.Result result = Command.run(List.of(promtool, "test", "rules", tests.toString()));
			assertThat(result.exitCode()).as("promtool test rules %s:%n%s", tests, result.output()).isZero();
		}
	}

	@Test
	void everyAlertHasAFiringAndAQuietUnitTest() throws Exception {
		for (Path file : rulesFiles()) {
			Set<String> alerts = new HashSet<>();
			for (Map<String, Object> group : list(yaml(file).get("groups"))) {
				for (Map<String, Object> rule : list(group.get("rules"))) {
					if (rule.containsKey("alert")) {
						alerts.add((String) rule.get("alert"));
					}
				}
			}
			Set<String> firing = new HashSet<>();
			Set<String> quiet = new HashSet<>();
			for (Map<String, Object> test : list(yaml(testsOf(file)).get("tests"))) {
				for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
					String alert = (String) check.get("alertname");
					(list(check.get("exp_alerts")).isEmpty() ? quiet : firing).add(alert);
				}
			}
			assertThat(firing).as("alerts of %s with a firing test", file).containsAll(alerts);
			assertThat(quiet).as("alerts of %s with a quiet test", file).containsAll(alerts);
			assertThat(alerts).as("alerts in %s", file).hasSizeGreaterThanOrEqualTo(12);
		}
	}

	@Test
	void promtoolRejectsABrokenRule(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
		// the check can fail: an expression that does not parse
		Path broken = Files.writeString(dir.resolve("broken.yml"), """
				groups:
				  - name: broken
				    rules:
				      - alert: Broken
				        expr: sum by (job) (rate(agentauth_requests_total[5m]) > 0
				""");
		Command.Result result = Command.run(List.of(promtool, "check", "rules", broken.toString()));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("broken.yml");
	}

	/** Rules files: deploy/prometheus/*-alerts.yml (not the unit tests *.test.yml nor the config prometheus.yml). */
	static List<Path> rulesFiles() throws IOException {
		try (Stream<Path> files = Files.list(RULES)) {
			return files.map(Path::toString)
				.filter((name) -> name.endsWith("-alerts.yml"))
				.sorted()
				.map(Path::of)
				.toList();
		}
	}

	private static Path testsOf(Path rules) {
		return rules.resolveSibling(rules.getFileName().toString().replaceFirst("\\.yml$", ".test.yml"));
	}

	static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : new ArrayList<>();
	}

}
