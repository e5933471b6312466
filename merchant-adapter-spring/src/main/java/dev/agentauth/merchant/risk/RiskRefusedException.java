package dev.agentauth.merchant.risk;

import java.util.Objects;

import org.springframework.security.access.AccessDeniedException;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.risk.RiskDecision;

/**
 * A purchase refused by the risk layer after {@link RiskPurchases#assess}: answered 401
 * {@code fresh_delegation_required} or 403 {@code risk_too_high} with the decision id.
 *
 * @since 0.1.0
 */
public final class RiskRefusedException extends AccessDeniedException {

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	private final RiskDecision decision;

	public RiskRefusedException(ErrorCode errorCode, String message, RiskDecision decision) {
		super(message);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode cannot be null");
		this.decision = Objects.requireNonNull(decision, "decision cannot be null");
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	public RiskDecision decision() {
		return this.decision;
	}

}
