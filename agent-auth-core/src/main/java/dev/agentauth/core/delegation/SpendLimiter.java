package dev.agentauth.core.delegation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationDetails.Budget;

/**
 * Checks a purchase against a delegation's limits: the currency and {@code max_amount} per purchase, and, when
 * the grant has a {@code budget}, reserves the amount atomically against the grant's running total for the
 * current period (calendar day, ISO week or month, in UTC).
 *
 * @since 0.1.0
 */
public final class SpendLimiter {

	private static final int SCALE = 4;

	private final BudgetStore store;

	private final Clock clock;

	public SpendLimiter(BudgetStore store, Clock clock) {
		this.store = Objects.requireNonNull(store, "store cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * Reserves {@code amount} for one purchase under the grant.
	 * @throws AgentAuthException {@code spend_limit_exceeded} (other currency, over {@code max_amount}, budget
	 * exhausted) or {@code spend_store_unavailable}
	 */
	public Reservation reserve(String grantId, DelegationDetails details, BigDecimal amount, String currency)
			throws AgentAuthException {
		Objects.requireNonNull(amount, "amount cannot be null");
		if (amount.signum() <= 0) {
			throw new IllegalArgumentException("amount must be positive");
		}
		if (!details.maxAmount().currency().equals(currency)) {
			throw exceeded("The delegation allows purchases in " + details.maxAmount().currency() + " only");
		}
		if (amount.compareTo(details.maxAmount().value()) > 0) {
			throw exceeded("The amount " + amount.toPlainString() + " " + currency + " is over the limit of "
					+ details.maxAmount() + " per purchase");
		}
		Budget budget = details.budget();
		if (budget == null) {
			return new Reservation(null, 0);
		}
		long units = units(amount);
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		LocalDate start = switch (budget.period()) {
			case DAY -> today;
			case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			case MONTH -> today.withDayOfMonth(1);
		};
		LocalDate end = switch (budget.period()) {
			case DAY -> start.plusDays(1);
			case WEEK -> start.plusWeeks(1);
			case MONTH -> start.plusMonths(1);
		};
		String key = grantId + ":" + budget.period().value() + ":" + start;
		Duration ttl = Duration.between(now, end.atStartOfDay().toInstant(ZoneOffset.UTC)).plusHours(1);
		if (!this.store.tryReserve(key, units, units(budget.limit().value()), ttl)) {
			throw exceeded("The purchase would exceed the budget of " + budget);
		}
		return new Reservation(key, units);
	}

	/** Gives a reservation back, e.g. when the checkout failed. */
	public void release(Reservation reservation) throws AgentAuthException {
		if (reservation.key() != null && reservation.units() > 0) {
			this.store.release(reservation.key(), reservation.units());
		}
	}

	private static long units(BigDecimal amount) {
		return amount.setScale(SCALE, RoundingMode.UP).unscaledValue().longValueExact();
	}

	private static AgentAuthException exceeded(String message) {
		return new AgentAuthException(ErrorCode.SPEND_LIMIT_EXCEEDED, message);
	}

	/**
	 * A reserved amount.
	 * @param key the budget total it counts against; null when the grant has no budget
	 * @param units the amount in 1/10,000
	 */
	public record Reservation(@Nullable String key, long units) {
	}

}
