package dev.agentauth.merchant.risk;

import java.time.Duration;

import dev.agentauth.core.risk.RiskDecision;

/**
 * Told about every risk decision (metrics). Implementations must be fast and must not throw.
 *
 * @since 0.1.0
 */
public interface RiskDecisionListener {

	/** A decision, with the time the evaluation took (store round trip included). */
	void decided(RiskDecision decision, Duration elapsed);

	/** The feature store failed or was too slow: the decision was made without counters (fail open). */
	void degraded();

	/** A rule threw; it was skipped. */
	void ruleFailed(String ruleId);

}
