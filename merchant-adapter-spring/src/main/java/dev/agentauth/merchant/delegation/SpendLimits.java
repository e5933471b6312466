package dev.agentauth.merchant.delegation;

import java.math.BigDecimal;
import java.util.Objects;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.SpendLimiter;

/**
 * For the merchant's code: checks a purchase against the current request's delegation and reserves it against
 * the grant's budget. Throws {@link SpendLimitExceededException} (answered 403 {@code spend_limit_exceeded}).
 *
 * <pre>
 * SpendLimits.Reservation reservation = spendLimits.reserve(total, "EUR");
 * try { placeOrder(); } catch (RuntimeException ex) { spendLimits.release(reservation); throw ex; }
 * </pre>
 *
 * @since 0.1.0
 */
public final class SpendLimits {

	private final SpendLimiter limiter;

	public SpendLimits(SpendLimiter limiter) {
		this.limiter = Objects.requireNonNull(limiter, "limiter cannot be null");
	}

	/** Reserves {@code amount} for the delegation of the current request. */
	public Reservation reserve(BigDecimal amount, String currency) {
		return reserve(SecurityContextHolder.getContext().getAuthentication(), amount, currency);
	}

	/** Reserves {@code amount} for the delegation of {@code authentication}. */
	public Reservation reserve(Authentication authentication, BigDecimal amount, String currency) {
		if (authentication == null || !(authentication.getPrincipal() instanceof DelegatedPrincipal agent)
				|| agent.delegation() == null) {
			throw new SpendLimitExceededException(ErrorCode.SPEND_LIMIT_EXCEEDED,
					"Purchases need a consumer's delegation (Authorization: Agent <token>)");
		}
		Delegation delegation = agent.delegation();
		try {
			return new Reservation(this.limiter.reserve(delegation.grantId(), delegation.details(), amount, currency));
		}
		catch (AgentAuthException ex) {
			throw new SpendLimitExceededException(ex.errorCode(), ex.getMessage());
		}
	}

	/** Gives a reservation back (the purchase did not happen). */
	public void release(Reservation reservation) {
		try {
			this.limiter.release(reservation.reservation());
		}
		catch (AgentAuthException ex) {
			throw new SpendLimitExceededException(ex.errorCode(), ex.getMessage());
		}
	}

	/** A reserved amount, to release if the purchase fails. */
	public record Reservation(SpendLimiter.Reservation reservation) {
	}

}
