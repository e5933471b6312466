package dev.agentauth.core.signal;

/**
 * The CAEP 1.0 risk levels of a {@code risk-level-change} event ({@code current_level}, {@code previous_level}).
 *
 * @since 0.1.0
 */
public enum RiskLevel {

	LOW, MEDIUM, HIGH

}
