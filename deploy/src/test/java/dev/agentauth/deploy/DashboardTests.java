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
 * The Grafana dashboards deploy/grafana/agent-auth.json (the starter's meters) and agent-auth-keycloak.json (the
 * Keycloak extension's): valid JSON in Grafana's dashboard shape, provisioned by the compose stack, every PromQL
 * expression parsed by Prometheus's own {@code promtool} (as recording rules), and every {@code agentauth_*} series
 * they query one the starter, or the Keycloak extension, registers. No Grafana runs here: what the panels look like
 * is not checked.
 */
class DashboardTests {

	private static Dashboard starter;

	private static Dashboard keycloak;

	@BeforeAll
	static void readDashboards() throws Exception {
		PromtoolTests.findPromtool();
		starter = Dashboard.read("agent-auth.json");
		keycloak = Dashboard.read("agent-auth-keycloak.json");
	}

	@Test
	void dashboardsAreProvisionableGrafanaDashboards() throws Exception {
		assertThat(starter.json()).containsEntry("uid", "agent-auth").containsKeys("title", "schemaVersion", "templating");
		assertThat(keycloak.json()).containsEntry("uid", "agent-auth-keycloak")
			.containsKeys("title", "schemaVersion", "templating");
		String provisioning = DeploymentFiles.read("deploy/grafana/provisioning/dashboards/agent-auth.yml");
		assertThat(provisioning).contains("path: /var/lib/grafana/dashboards");
		for (String file : List.of("agent-auth.json", "agent-auth-keycloak.json")) {
			assertThat(DeploymentFiles.read("docker-compose.yml"))
				.contains("./deploy/grafana/" + file + ":/var/lib/grafana/dashboards/" + file + ":ro");
		}
		assertThat(starter.expressions()).hasSizeGreaterThanOrEqualTo(15);
		assertThat(keycloak.expressions()).hasSizeGreaterThanOrEqualTo(12);
	}

	@Test
	void everyExpressionParsesWithPromtool(@TempDir Path dir) throws Exception {
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int n = 0;
		for (String expression : concat(starter.expressions(), keycloak.expressions())) {
			// Grafana's variables, as Grafana would substitute them ($job, $realm: All)
			String promql = expression.replace("$__rate_interval", "5m").replace("$job", ".*").replace("$realm", ".*");
			assertThat(promql).doesNotContain("$");
			rules.append("      - record: dashboard:query_").append(n++).append('\n');
			rules.append("        expr: |\n          ").append(promql.replace("\n", "\n          ")).append('\n');
		}
		Command.Result result = PromtoolTests.checkRules(dir, rules.toString());
		assertThat(result.exitCode()).as("promtool check rules on the dashboards' queries:%n%s%n%s", result.output(),
				rules)
			.isZero();
		assertThat(result.output()).contains(n + " rules found");
	}

	@Test
	void everySeriesIsOneTheStarterRegistersAndEveryTopicIsCovered() {
		String all = String.join("\n", starter.expressions());
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

	@Test
	void everyKeycloakSeriesIsOneTheExtensionRegistersAndEveryMeterIsShown() {
		Set<String> series = StarterMeters.keycloakPrometheusSeries();
		assertThat(series).contains("agentauth_keycloak_key_lookups_total",
				"agentauth_keycloak_feed_consumer_lag_seconds", "agentauth_keycloak_feed_consumers");
		Set<String> used = StarterMeters.used(String.join("\n", keycloak.expressions()));
		assertThat(series).as("series the Keycloak dashboard queries").containsAll(used);
		// lookups, exchanges, signals, suspensions, feed polls, deliveries, consumers and their lag: all of them
		assertThat(used).containsAll(series);
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	/** A dashboard's JSON and the queries of its panels. */
	record Dashboard(Map<String, Object> json, List<String> expressions) {

		static Dashboard read(String file) throws Exception {
			Map<String, Object> dashboard = JSONObjectUtils.parse(DeploymentFiles.read("deploy/grafana/" + file));
			List<String> expressions = new ArrayList<>();
			for (Map<String, Object> panel : JSONObjectUtils.getJSONObjectArray(dashboard, "panels")) {
				assertThat(panel).containsKeys("id", "title", "type", "gridPos");
				if (panel.get("type").equals("row")) {
					continue;
				}
				Map<String, Object>[] targets = JSONObjectUtils.getJSONObjectArray(panel, "targets");
				assertThat(targets).as("queries of panel %s in %s", panel.get("title"), file).isNotEmpty();
				for (Map<String, Object> target : targets) {
					assertThat(JSONObjectUtils.getJSONObject(target, "datasource")).containsEntry("uid",
							"${datasource}");
					expressions.add((String) target.get("expr"));
				}
			}
			return new Dashboard(dashboard, expressions);
		}

	}

}
