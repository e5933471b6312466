package dev.agentauth.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/agent-auth.json: valid JSON in Grafana's dashboard shape, every PromQL expression parsed by
 * Prometheus's own {@code promtool} (as recording rules), and every {@code agentauth_*} series it queries one the
 * starter registers. No Grafana runs here: what the panels look like is not checked.
 */
class DashboardTests {

	private static Map<String, Object> dashboard;

	private static List<String> expressions;

	@BeforeAll
	static void readDashboard() throws Exception {
		PromtoolTests.findPromtool();
		dashboard = JSONObjectUtils.parse(DeploymentFiles.read("deploy/grafana/agent-auth.json"));
		expressions = new ArrayList<>();
		for (Map<String, Object> panel : JSONObjectUtils.getJSONObjectArray(dashboard, "panels")) {
			assertThat(panel).containsKeys("id", "title", "type", "gridPos");
			if (panel.get("type").equals("row")) {
				continue;
			}
			Map<String, Object>[] targets = JSONObjectUtils.getJSONObjectArray(panel, "targets");
			assertThat(targets).as("queries of panel %s", panel.get("title")).isNotEmpty();
			for (Map<String, Object> target : targets) {
				assertThat(JSONObjectUtils.getJSONObject(target, "datasource")).containsEntry("uid", "${datasource}");
				expressions.add((String) target.get("expr"));
			}
		}
	}

	@Test
	void dashboardIsAProvisionableGrafanaDashboard() throws Exception {
		assertThat(dashboard).containsEntry("uid", "agent-auth").containsKeys("title", "schemaVersion", "templating");
		String provisioning = DeploymentFiles.read("deploy/grafana/provisioning/dashboards/agent-auth.yml");
		assertThat(provisioning).contains("path: /var/lib/grafana/dashboards");
		assertThat(DeploymentFiles.read("docker-compose.yml"))
			.contains("./deploy/grafana/agent-auth.json:/var/lib/grafana/dashboards/agent-auth.json:ro");
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);
	}

	@Test
	void everyExpressionParsesWithPromtool(@TempDir Path dir) throws Exception {
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int n = 0;
		for (String expression : expressions) {
			// Grafana's variables, as Grafana would substitute them
			String promql = expression.replace("$__rate_interval", "5m").replace("$job", ".*");
			assertThat(promql).doesNotContain("$");
			rules.append("      - record: dashboard:query_").append(n++).append('\n');
			rules.append("        expr: |\n          ").append(promql.replace("\n", "\n          ")).append('\n');
		}
		Command.Result result = PromtoolTests.checkRules(dir, rules.toString());
		assertThat(result.exitCode()).as("promtool check rules on the dashboard's queries:%n%s%n%s", result.output(),
				rules)
			.isZero();
		assertThat(result.output()).contains(n + " rules found");
	}

	@Test
	void everySeriesIsOneTheStarterRegistersAndEveryTopicIsCovered() {
		String all = String.join("\n", expressions);
		Set<String> used = StarterMeters.used(all);
		assertThat(StarterMeters.prometheusSeries()).as("series the dashboard queries").containsAll(used);
		assertThat(StarterMeters.unknownReasons(all)).as("reasons that are no error code").isEmpty();
		// verified/refused by reason, latency percentiles, risk distribution and actions, registry, feed lag
		assertThat(used).contains("agentauth_requests_total", "agentauth_verification_seconds",
				"agentauth_risk_score_bucket", "agentauth_risk_score_count", "agentauth_risk_decisions_total",
				"agentauth_risk_rule_hits_total", "agentauth_registry_cache_total", "agentauth_revocation_lag_seconds",
				"agentauth_replay_entries", "agentauth_replay_capacity");
		// nonce store and spend limits
		assertThat(all).contains("nonce_store_full", "nonce_replayed", "spend_limit_exceeded");
	}

}
