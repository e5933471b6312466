package dev.agentauth.merchant.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.core.risk.RiskReason;
import dev.agentauth.merchant.risk.RiskDecisionListener;

/**
 * Micrometer meters of the risk layer: {@code agentauth.risk.score} (distribution summary with SLO buckets 10 to
 * 90; tags {@code endpoint} cart/checkout/other, {@code mode}, {@code action}), {@code agentauth.risk.rule.hits}
 * ({@code rule}, {@code mode} count/enforce), {@code agentauth.risk.decisions} ({@code action},
 * {@code enforced}), {@code agentauth.risk.evaluation} (timer), {@code agentauth.risk.degraded} and
 * {@code agentauth.risk.rule.errors} ({@code rule}). Never tagged by agent or address (unbounded cardinality).
 *
 * @since 0.1.0
 */
public final class RiskMetrics implements RiskDecisionListener {

	private static final double[] SLOS = { 10, 20, 30, 40, 50, 60, 70, 80, 90 };

	private final MeterRegistry registry;

	private final Map<String, DistributionSummary> scores = new ConcurrentHashMap<>();

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Timer evaluation;

	private final Counter degraded;

	private final Map<String, RiskMode.RuleMode> ruleModes;

	/**
	 * @param ruleModes the mode of each rule not in {@code enforce} (for the hits' {@code mode} tag)
	 */
	public RiskMetrics(MeterRegistry registry, Map<String, RiskMode.RuleMode> ruleModes) {
		this.registry = Objects.requireNonNull(registry, "registry cannot be null");
		this.ruleModes = Map.copyOf(ruleModes);
		this.evaluation = Timer.builder("agentauth.risk.evaluation")
			.description("Time to score an agent request (feature store included)")
			.register(registry);
		this.degraded = Counter.builder("agentauth.risk.degraded")
			.description("Risk decisions or records made without the feature store (fail open)")
			.register(registry);
	}

	@Override
	public void decided(RiskDecision decision, Duration elapsed) {
		String endpoint = decision.features().endpoint().name().toLowerCase(java.util.Locale.ROOT);
		String action = decision.wouldBe().value();
		String mode = decision.mode().value();
		this.scores.computeIfAbsent(endpoint + '|' + mode + '|' + action, (key) -> DistributionSummary
			.builder("agentauth.risk.score")
			.description("Risk scores of agent requests (action: what the score calls for)")
			.serviceLevelObjectives(SLOS)
			.tags("endpoint", endpoint, "mode", mode, "action", action)
			.register(this.registry)).record(decision.score());
		for (RiskReason reason : decision.reasons()) {
			String ruleMode = this.ruleModes.getOrDefault(reason.rule(), RiskMode.RuleMode.ENFORCE)
				.name()
				.toLowerCase(java.util.Locale.ROOT);
			counter("agentauth.risk.rule.hits", "rule", reason.rule(), "mode", ruleMode).increment();
		}
		counter("agentauth.risk.decisions", "action", decision.action().value(), "enforced",
				Boolean.toString(decision.enforced())).increment();
		this.evaluation.record(elapsed);
	}

	@Override
	public void degraded() {
		this.degraded.increment();
	}

	@Override
	public void ruleFailed(String ruleId) {
		counter("agentauth.risk.rule.errors", "rule", ruleId, "", "").increment();
	}

	private Counter counter(String name, String tag1, String value1, String tag2, String value2) {
		return this.counters.computeIfAbsent(name + '|' + value1 + '|' + value2, (key) -> {
			Counter.Builder builder = Counter.builder(name).tag(tag1, value1);
			if (!tag2.isEmpty()) {
				builder.tag(tag2, value2);
			}
			return builder.register(this.registry);
		});
	}

}
