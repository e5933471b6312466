package dev.agentauth.core.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.net.Networks;

/**
 * The built-in rules. Each factory takes the rule's main threshold; {@link #defaults()} uses the documented
 * ones. Rules needing counters do not fire when the store was unreachable ({@link RiskFeatures#stateAvailable()}).
 *
 * @since 0.1.0
 */
public final class RiskRules {

	public static final String AGENT_BURST = "velocity.agent_burst";

	public static final String PURCHASE_RATE = "velocity.purchase_rate";

	public static final String CONSUMER_FANOUT = "velocity.consumer_fanout";

	public static final String UNDECLARED_EGRESS = "geo.undeclared_egress";

	public static final String IP_DIVERSITY = "geo.ip_diversity";

	public static final String AMOUNT_OUTLIER = "behavior.amount_outlier";

	public static final String BUDGET_DRAIN = "behavior.budget_drain";

	public static final String SKU_SCRAPE = "behavior.sku_scrape";

	public static final String CHECKOUT_WITHOUT_CART = "sequence.checkout_without_cart";

	public static final String FAILURE_BURST = "auth.failure_burst";

	public static final String DENIED_ATTEMPTS = "scope.denied_attempts";

	public static final String COLD_START = "agent.cold_start";

	/** Every built-in id, in evaluation order. */
	public static final List<String> IDS = List.of(AGENT_BURST, PURCHASE_RATE, CONSUMER_FANOUT, UNDECLARED_EGRESS,
			IP_DIVERSITY, AMOUNT_OUTLIER, BUDGET_DRAIN, SKU_SCRAPE, CHECKOUT_WITHOUT_CART, FAILURE_BURST,
			DENIED_ATTEMPTS, COLD_START);

	private RiskRules() {
	}

	/** All built-in rules with their default thresholds. */
	public static List<RiskRule> defaults() {
		return IDS.stream().map((id) -> byId(id, null)).toList();
	}

	/**
	 * The built-in rule {@code id}, with {@code threshold} replacing its main default threshold when given.
	 * @throws IllegalArgumentException for an unknown id or a negative threshold
	 */
	public static RiskRule byId(String id, @Nullable Double threshold) {
		if (threshold != null && (threshold < 0 || threshold.isNaN())) {
			throw new IllegalArgumentException("The threshold of rule " + id + " cannot be negative");
		}
		return switch (id) {
			case AGENT_BURST -> agentBurst(or(threshold, 50), 4);
			case PURCHASE_RATE -> purchaseRate(or(threshold, 10), 3);
			case CONSUMER_FANOUT -> consumerFanout(or(threshold, 3));
			case UNDECLARED_EGRESS -> undeclaredEgress();
			case IP_DIVERSITY -> ipDiversity(or(threshold, 20), 3);
			case AMOUNT_OUTLIER -> amountOutlier(or(threshold, 3.5), 10);
			case BUDGET_DRAIN -> budgetDrain(or(threshold, 0.8));
			case SKU_SCRAPE -> skuScrape(or(threshold, 100));
			case CHECKOUT_WITHOUT_CART ->
				checkoutWithoutCart(Duration.ofSeconds((long) (or(threshold, 30) * 60)));
			case FAILURE_BURST -> failureBurst(or(threshold, 10), 20);
			case DENIED_ATTEMPTS -> deniedAttempts(or(threshold, 3));
			case COLD_START -> coldStart(Duration.ofHours(24), (long) or(threshold, 20));
			default -> throw new IllegalArgumentException("Unknown risk rule '" + id + "'; the built-in rules are "
					+ String.join(", ", IDS));
		};
	}

	private static double or(@Nullable Double value, double fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * Requests per agent key in 10 s above max(floor, factor × the key's EWMA): 20 points just above it, rising
	 * linearly to 70 at twice it (a burst alone can reach the deny score, and so a report to the registry).
	 */
	public static RiskRule agentBurst(double floor, double factor) {
		return stateful(AGENT_BURST, (f) -> rising(AGENT_BURST, 20, 70, f.agentRequests(),
				Math.max(floor, factor * f.agentRequestsBaseline())));
	}

	/** Purchases per delegation per hour above max(floor, factor × EWMA): 25 points. */
	public static RiskRule purchaseRate(double floor, double factor) {
		return stateful(PURCHASE_RATE, (f) -> (f.grantId() == null) ? null : above(PURCHASE_RATE, 25,
				f.delegationPurchases(), Math.max(floor, factor * f.delegationPurchasesBaseline())));
	}

	/** Distinct agents per consumer per hour above {@code max}: 20 points. */
	public static RiskRule consumerFanout(double max) {
		return stateful(CONSUMER_FANOUT,
				(f) -> (f.consumer() == null) ? null : above(CONSUMER_FANOUT, 20, f.consumerAgents(), max));
	}

	/** The client address outside the agent's declared networks (when it declared some): 40 points. */
	public static RiskRule undeclaredEgress() {
		return new Rule(UNDECLARED_EGRESS, (f) -> (f.allowedNetworks().isEmpty() || f.clientAddress() == null
				|| Networks.contains(f.allowedNetworks(), f.clientAddress())) ? null
						: new RiskReason(UNDECLARED_EGRESS, 40, 1, 0));
	}

	/** Distinct /24 or /48 networks per agent per hour above max(floor, factor × EWMA): 15 points. */
	public static RiskRule ipDiversity(double floor, double factor) {
		return stateful(IP_DIVERSITY, (f) -> above(IP_DIVERSITY, 15, f.agentNetworks(),
				Math.max(floor, factor * f.agentNetworksBaseline())));
	}

	/**
	 * The purchase amount's robust z-score over the consumer's last amounts (at least {@code minSamples}) above
	 * {@code maxZ}: 10 points at the threshold, rising to 25 at twice it (with a new key's 10 points, still below the
	 * step-up score: a sale's bigger baskets are not stepped up on amount alone).
	 */
	public static RiskRule amountOutlier(double maxZ, int minSamples) {
		return stateful(AMOUNT_OUTLIER, (f) -> {
			BigDecimal amount = f.amount();
			if (amount == null || f.consumerAmounts().size() < minSamples) {
				return null;
			}
			double z = Math.abs(RobustStatistics.zScore(amount.doubleValue(), f.consumerAmounts()));
			if (!(z > maxZ)) {
				return null;
			}
			double over = Double.isInfinite(z) ? 1 : Math.min(1, (z - maxZ) / Math.max(maxZ, 1e-9));
			return new RiskReason(AMOUNT_OUTLIER, (int) Math.round(10 + 15 * over),
					Double.isInfinite(z) ? Double.MAX_VALUE : z, maxZ);
		});
	}

	/** A delegation's first purchase taking more than {@code maxShare} of its budget: 10 points. */
	public static RiskRule budgetDrain(double maxShare) {
		return stateful(BUDGET_DRAIN, (f) -> {
			BigDecimal amount = f.amount();
			BigDecimal budget = f.remainingBudget();
			if (amount == null || budget == null || budget.signum() <= 0 || f.delegationPurchasesTotal() > 0) {
				return null;
			}
			double share = amount.divide(budget, MathContext.DECIMAL64).doubleValue();
			return (share > maxShare) ? new RiskReason(BUDGET_DRAIN, 10, share, maxShare) : null;
		});
	}

	/**
	 * Distinct SKUs or paths per agent per hour above {@code max}: 40 points (the step-up score, so that a
	 * scraper's reads are throttled).
	 */
	public static RiskRule skuScrape(double max) {
		return stateful(SKU_SCRAPE, (f) -> above(SKU_SCRAPE, 40, f.agentResources(), max));
	}

	/** A checkout with no cart or quote call of the delegation within {@code window}: 40 points (a step-up). */
	public static RiskRule checkoutWithoutCart(Duration window) {
		Objects.requireNonNull(window, "window cannot be null");
		return stateful(CHECKOUT_WITHOUT_CART, (f) -> {
			if (f.endpoint() != RiskFeatures.Endpoint.CHECKOUT) {
				return null;
			}
			double minutes = (f.lastCart() == null) ? Double.POSITIVE_INFINITY
					: Duration.between(f.lastCart(), f.now()).toMillis() / 60000.0;
			return (minutes > window.toMillis() / 60000.0) ? new RiskReason(CHECKOUT_WITHOUT_CART, 40,
					Double.isInfinite(minutes) ? -1 : minutes, window.toMillis() / 60000.0) : null;
		});
	}

	/**
	 * At least {@code perKey} refusals of the agent key, or {@code perNetwork} from its /24, in 5 min: 40 points at
	 * the threshold, rising linearly to 70 at twice it.
	 */
	public static RiskRule failureBurst(double perKey, double perNetwork) {
		return stateful(FAILURE_BURST, (f) -> {
			if (f.keyFailures() >= perKey) {
				return new RiskReason(FAILURE_BURST, points(40, 70, f.keyFailures(), perKey), f.keyFailures(), perKey);
			}
			return (f.networkFailures() >= perNetwork) ? new RiskReason(FAILURE_BURST,
					points(40, 70, f.networkFailures(), perNetwork), f.networkFailures(), perNetwork) : null;
		});
	}

	/** At least {@code min} scope or spend-limit refusals of the delegation in an hour: 40 points (a step-up). */
	public static RiskRule deniedAttempts(double min) {
		return stateful(DENIED_ATTEMPTS, (f) -> (f.deniedAttempts() >= min)
				? new RiskReason(DENIED_ATTEMPTS, 40, f.deniedAttempts(), min) : null);
	}

	/** A key first seen less than {@code age} ago or with fewer than {@code cleanRequests}: 10 points. */
	public static RiskRule coldStart(Duration age, long cleanRequests) {
		return stateful(COLD_START, (f) -> {
			if (f.keyCleanRequests() < cleanRequests) {
				return new RiskReason(COLD_START, 10, f.keyCleanRequests(), cleanRequests);
			}
			if (f.keyFirstSeen() == null) {
				return null;
			}
			Duration known = Duration.between(f.keyFirstSeen(), f.now());
			return (known.compareTo(age) < 0) ? new RiskReason(COLD_START, 10, known.toMinutes() / 60.0,
					age.toMinutes() / 60.0) : null;
		});
	}

	private static @Nullable RiskReason above(String id, int points, double value, double threshold) {
		return (value > threshold) ? new RiskReason(id, points, value, threshold) : null;
	}

	private static @Nullable RiskReason rising(String id, int from, int to, double value, double threshold) {
		return (value > threshold) ? new RiskReason(id, points(from, to, value, threshold), value, threshold) : null;
	}

	/** {@code from} points at {@code threshold}, rising linearly to {@code to} at twice it. */
	private static int points(int from, int to, double value, double threshold) {
		double over = (threshold > 0) ? Math.min(1, Math.max(0, (value - threshold) / threshold)) : 1;
		return (int) Math.round(from + (to - from) * over);
	}

	private static RiskRule stateful(String id, Function<RiskFeatures, @Nullable RiskReason> function) {
		return new Rule(id, (f) -> f.stateAvailable() ? function.apply(f) : null);
	}

	private record Rule(String id, Function<RiskFeatures, @Nullable RiskReason> function) implements RiskRule {

		@Override
		public @Nullable RiskReason evaluate(RiskFeatures features) {
			return this.function.apply(features);
		}

		@Override
		public String toString() {
			return this.id;
		}

	}

}
