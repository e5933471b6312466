package dev.agentauth.core.risk;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the {@link RiskEngine}: mode, score thresholds, the freshness a step-up asks for, and per rule
 * whether it runs, its weight and its mode.
 *
 * @param mode off, shadow or enforce
 * @param stepUpScore scores from here (below {@code denyScore}) step up unsafe requests
 * @param denyScore scores from here deny unsafe requests
 * @param maxAge how recently a delegation token must have been issued to pass a step-up
 * @param marketEventFactor merchant-wide purchases per minute above this × their EWMA halve velocity points
 * @param rules per-rule settings by id; a missing id has {@link RuleSettings#DEFAULT}
 * @since 0.1.0
 */
public record RiskPolicy(RiskMode mode, int stepUpScore, int denyScore, Duration maxAge, double marketEventFactor,
		Map<String, RuleSettings> rules) {

	/** The defaults: shadow mode, 40 / 70, five minutes, market events at 3 × EWMA. */
	public static final RiskPolicy DEFAULT = new RiskPolicy(RiskMode.SHADOW, 40, 70, Duration.ofMinutes(5), 3,
			Map.of());

	public RiskPolicy {
		Objects.requireNonNull(mode, "mode cannot be null");
		Objects.requireNonNull(maxAge, "maxAge cannot be null");
		if (stepUpScore < 1 || stepUpScore > 100) {
			throw new IllegalArgumentException("The step-up score must be between 1 and 100, not " + stepUpScore);
		}
		if (denyScore < stepUpScore || denyScore > 100) {
			throw new IllegalArgumentException(
					"The deny score must be between the step-up score (" + stepUpScore + ") and 100, not " + denyScore);
		}
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("The step-up max age must be positive");
		}
		if (!(marketEventFactor > 0)) {
			throw new IllegalArgumentException("The market event factor must be positive");
		}
		rules = Map.copyOf(rules);
	}

	public RuleSettings rule(String id) {
		return this.rules.getOrDefault(id, RuleSettings.DEFAULT);
	}

	public RiskPolicy withMode(RiskMode mode) {
		return new RiskPolicy(mode, this.stepUpScore, this.denyScore, this.maxAge, this.marketEventFactor, this.rules);
	}

	public RiskPolicy withThresholds(int stepUpScore, int denyScore) {
		return new RiskPolicy(this.mode, stepUpScore, denyScore, this.maxAge, this.marketEventFactor, this.rules);
	}

	public RiskPolicy withRule(String id, RuleSettings settings) {
		Map<String, RuleSettings> rules = new HashMap<>(this.rules);
		rules.put(id, settings);
		return new RiskPolicy(this.mode, this.stepUpScore, this.denyScore, this.maxAge, this.marketEventFactor, rules);
	}

	/**
	 * One rule's settings.
	 *
	 * @param enabled whether it runs
	 * @param weight multiplies its points (0 to 10)
	 * @param mode whether its points may block in enforce mode
	 */
	public record RuleSettings(boolean enabled, double weight, RiskMode.RuleMode mode) {

		public static final RuleSettings DEFAULT = new RuleSettings(true, 1, RiskMode.RuleMode.ENFORCE);

		public RuleSettings {
			Objects.requireNonNull(mode, "mode cannot be null");
			if (!(weight >= 0 && weight <= 10)) {
				throw new IllegalArgumentException("A rule's weight must be between 0 and 10, not " + weight);
			}
		}

	}

}
