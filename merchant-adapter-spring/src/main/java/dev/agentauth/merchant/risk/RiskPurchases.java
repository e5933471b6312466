package dev.agentauth.merchant.risk;

import java.math.BigDecimal;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationDetails;
import dev.agentauth.core.risk.RiskAction;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.delegation.Delegation;

/**
 * For the merchant's code, next to {@code SpendLimits}: tells the risk layer about purchases. {@link #assess}
 * before placing an order scores the amount (robust z-score against the consumer's history, share of the budget)
 * and, in enforce mode, refuses a risky one; {@link #record} after the order succeeded counts it for
 * {@code velocity.purchase_rate}, the consumer's amounts and market events.
 *
 * <pre>
 * riskPurchases.assess(total, "EUR");
 * SpendLimits.Reservation reservation = spendLimits.reserve(total, "EUR");
 * placeOrder();
 * riskPurchases.record(total, "EUR");
 * </pre>
 *
 * @since 0.1.0
 */
public final class RiskPurchases {

	private final RiskEvaluator evaluator;

	public RiskPurchases(RiskEvaluator evaluator) {
		this.evaluator = Objects.requireNonNull(evaluator, "evaluator cannot be null");
	}

	/**
	 * Scores a purchase of {@code amount} on the current request; returns the new decision (also the request
	 * attribute), or null when the request was not scored (risk mode off, not an agent request).
	 * @throws RiskRefusedException in enforce mode when the purchase calls for a step-up or a deny
	 */
	public @Nullable RiskDecision assess(BigDecimal amount, String currency) {
		Objects.requireNonNull(amount, "amount cannot be null");
		Objects.requireNonNull(currency, "currency cannot be null");
		ScoredPrincipal agent = agent();
		if (agent == null || agent.risk() == null) {
			return null;
		}
		RiskDecision decision = this.evaluator.reassess(agent.risk(), amount, budget(agent.delegation(), currency));
		HttpServletRequest request = request();
		if (request != null) {
			request.setAttribute(RiskEvaluator.REQUEST_ATTRIBUTE, decision);
		}
		if (decision.action() == RiskAction.DENY) {
			throw new RiskRefusedException(ErrorCode.RISK_TOO_HIGH,
					"The purchase was refused by the merchant's risk checks", decision);
		}
		if (decision.action() == RiskAction.STEP_UP) {
			throw new RiskRefusedException(ErrorCode.FRESH_DELEGATION_REQUIRED,
					"This purchase needs a recently issued delegation token", decision);
		}
		return decision;
	}

	/** Records a purchase of the current request's delegation that succeeded. Never throws for store failures. */
	public void record(BigDecimal amount, String currency) {
		Objects.requireNonNull(amount, "amount cannot be null");
		Objects.requireNonNull(currency, "currency cannot be null");
		ScoredPrincipal agent = agent();
		this.evaluator.recordPurchase((agent != null) ? agent.delegation() : null, amount);
	}

	private static @Nullable BigDecimal budget(@Nullable Delegation delegation, String currency) {
		if (delegation == null) {
			return null;
		}
		DelegationDetails.Budget budget = delegation.details().budget();
		if (budget != null && budget.limit().currency().equals(currency)) {
			return budget.limit().value();
		}
		return null;
	}

	private static @Nullable ScoredPrincipal agent() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ScoredPrincipal agent) ? agent
				: null;
	}

	private static @Nullable HttpServletRequest request() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

}
