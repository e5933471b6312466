package dev.agentauth.risklab;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.agentauth.core.risk.RiskAction;

/**
 * One row of the report.
 *
 * @param scenario the scenario
 * @param sessions how many sessions ran
 * @param touched attack sessions detected (within N) or benign sessions that saw any 429, 401 step-up or 403
 * @param firstActions how many sessions were first touched by each action
 * @param medianRequests median scored requests until the first touch (touched sessions; 0 when none)
 * @param medianTime median time from the session's first scored request to its first touch
 * @param touchedWithModel sessions the rules or the anomaly model (shadow, at its threshold) flagged
 */
record ScenarioResult(Scenario scenario, int sessions, int touched, Map<RiskAction, Integer> firstActions,
		double medianRequests, Duration medianTime, int touchedWithModel) {

	static ScenarioResult of(Scenario scenario, List<Simulation.SessionOutcome> outcomes) {
		Map<RiskAction, Integer> actions = new EnumMap<>(RiskAction.class);
		List<Simulation.SessionOutcome> touched = outcomes.stream().filter(Simulation.SessionOutcome::touched).toList();
		touched.forEach((o) -> actions.merge(Objects.requireNonNull(o.firstAction()), 1, Integer::sum));
		double[] requests = touched.stream().mapToDouble(Simulation.SessionOutcome::requestsToDetect).sorted().toArray();
		long[] millis = touched.stream()
			.mapToLong((o) -> Objects.requireNonNull(o.timeToDetect()).toMillis())
			.sorted()
			.toArray();
		double medianRequests = (requests.length == 0) ? 0 : requests[requests.length / 2];
		Duration medianTime = (millis.length == 0) ? Duration.ZERO : Duration.ofMillis(millis[millis.length / 2]);
		int withModel = (int) outcomes.stream().filter(Simulation.SessionOutcome::touchedWithModel).count();
		return new ScenarioResult(scenario, outcomes.size(), touched.size(), actions, medianRequests, medianTime,
				withModel);
	}

	/** Detection rate for an attack, false-positive rate for a benign scenario. */
	double rate() {
		return (this.sessions == 0) ? 0 : (double) this.touched / this.sessions;
	}

	/** The markdown table row. */
	String row() {
		String actions = this.firstActions.isEmpty() ? "—"
				: String.join(", ", this.firstActions.entrySet()
					.stream()
					.map((e) -> e.getValue() + " " + e.getKey().value())
					.toList());
		String timing = (this.touched == 0) ? "—"
				: String.format(Locale.ROOT, "%.0f req, %s", this.medianRequests, human(this.medianTime));
		return String.format(Locale.ROOT, "| %s | %s | %d | %d (%.1f %%) | %s | %s | %d (%.1f %%) |",
				this.scenario.name(), this.scenario.attack() ? "attack" : "benign", this.sessions, this.touched,
				100 * rate(), actions, timing, this.touchedWithModel,
				100.0 * this.touchedWithModel / Math.max(1, this.sessions));
	}

	static String header() {
		return "| scenario | kind | sessions | caught (attack) / touched (benign) | first action | median time to detect "
				+ "| rules + anomaly model (shadow) |\n|---|---|---|---|---|---|---|";
	}

	private static String human(Duration duration) {
		long seconds = duration.toSeconds();
		return (seconds < 120) ? seconds + " s" : (seconds / 60) + " min";
	}

}
