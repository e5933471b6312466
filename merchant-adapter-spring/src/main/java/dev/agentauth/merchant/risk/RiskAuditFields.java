package dev.agentauth.merchant.risk;

import dev.agentauth.core.risk.RiskDecision;

/**
 * The risk part of an audit line on {@code agentauth.audit}.
 *
 * @since 0.1.0
 */
public final class RiskAuditFields {

	private RiskAuditFields() {
	}

	/**
	 * {@code decision_id score action enforced mode [degraded] [market_event] rules=[rule:points,...]}, where
	 * {@code action} is what the score calls for and {@code enforced} whether it was applied.
	 */
	public static String of(RiskDecision risk) {
		return "decision_id=" + risk.decisionId() + " score=" + risk.score() + " action=" + risk.wouldBe().value()
				+ " enforced=" + risk.enforced() + " mode=" + risk.mode().value()
				+ (risk.degraded() ? " degraded=true" : "") + (risk.marketEvent() ? " market_event=true" : "")
				+ " rules=[" + risk.rulesSummary() + "]";
	}

}
