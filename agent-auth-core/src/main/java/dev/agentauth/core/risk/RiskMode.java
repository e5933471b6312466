package dev.agentauth.core.risk;

import java.util.Locale;

/**
 * {@code agentauth.risk.mode}.
 *
 * @since 0.1.0
 */
public enum RiskMode {

	/** no scoring at all */
	OFF,
	/** score, log and measure what would happen; never block */
	SHADOW,
	/** act on the score (for rules in {@link RuleMode#ENFORCE}) */
	ENFORCE;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** How one rule's points count in {@link RiskMode#ENFORCE}. */
	public enum RuleMode {

		/** scored, logged and measured, but its points never block a request */
		COUNT,
		/** its points may block */
		ENFORCE

	}

}
