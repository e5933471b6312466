package dev.agentauth.core.risk;

import java.util.Objects;

/**
 * Why a rule added points: the measured {@code value} against the {@code threshold} it crossed.
 *
 * @param rule the rule id, e.g. {@code velocity.agent_burst}
 * @param points the points added (after the rule's weight)
 * @param value what was measured
 * @param threshold where the rule fires
 * @since 0.1.0
 */
public record RiskReason(String rule, int points, double value, double threshold) implements java.io.Serializable {

	public RiskReason {
		Objects.requireNonNull(rule, "rule cannot be null");
		if (points < 0) {
			throw new IllegalArgumentException("points cannot be negative");
		}
	}

	/** The same reason with other points (weights, market events). */
	public RiskReason withPoints(int points) {
		return new RiskReason(this.rule, points, this.value, this.threshold);
	}

	/** Whether the rule measures velocity (its id starts with {@code velocity.}): alone, it throttles. */
	public boolean velocity() {
		return RiskRule.isVelocity(this.rule);
	}

}
