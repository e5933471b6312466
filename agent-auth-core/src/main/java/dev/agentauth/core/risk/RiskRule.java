package dev.agentauth.core.risk;

import org.jspecify.annotations.Nullable;

/**
 * One behaviour rule: a pure function of a feature snapshot. Applications add their own as beans; ids are
 * {@code <family>.<name>}, and rules of the {@code velocity} family alone lead to a throttle (429) rather than a
 * step-up or deny. A rule that throws is skipped (and counted) by the {@link RiskEngine}.
 *
 * @since 0.1.0
 */
public interface RiskRule {

	/** The stable id, e.g. {@code velocity.agent_burst}; settings live under {@code agentauth.risk.rules.<id>}. */
	String id();

	/**
	 * The reason with the points to add, or null when the rule does not fire.
	 */
	@Nullable RiskReason evaluate(RiskFeatures features);

	/** Whether rule {@code id} measures velocity. */
	static boolean isVelocity(String id) {
		return id.startsWith("velocity.");
	}

}
