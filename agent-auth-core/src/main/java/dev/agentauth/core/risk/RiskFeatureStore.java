package dev.agentauth.core.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the counters and baselines behind {@link RiskFeatures}, per agent key, delegation, consumer, network and
 * merchant, in fixed windows (10 s for requests, 5 min for refusals, 1 h for purchases, distinct counts and
 * denials, 1 min for the merchant's purchases); every entry expires. Implementations may throw a
 * {@link RuntimeException} when their backend fails: the caller fails open.
 *
 * @since 0.1.0
 */
public interface RiskFeatureStore {

	/** Request window of {@link RiskFeatures#agentRequests()}. */
	Duration REQUEST_WINDOW = Duration.ofSeconds(10);

	/** Window of the refusal counters. */
	Duration FAILURE_WINDOW = Duration.ofMinutes(5);

	/** Window of purchases, distinct counts and denials. */
	Duration HOUR = Duration.ofHours(1);

	/** Window of the merchant-wide purchase rate. */
	Duration MERCHANT_WINDOW = Duration.ofMinutes(1);

	/** Weight of the newest window in every EWMA baseline. */
	double ALPHA = 0.3;

	/** How many purchase amounts are kept per consumer. */
	int AMOUNTS = 50;

	/**
	 * Records the request and fills {@code features} with the counters (including this request) and marks them
	 * available. Consumer purchase amounts are read for checkout calls only.
	 */
	void observe(RiskObservation observation, RiskFeatures.Builder features);

	/** A purchase that happened (after the application's success). */
	void recordPurchase(@Nullable String grantId, @Nullable String consumer, double amount, Instant now);

	/** A layer-1/2 refusal (the key and agent are known once the key was resolved). */
	void recordRefusal(@Nullable String keyId, @Nullable String agentId, @Nullable String network, Instant now);

	/** An {@code insufficient_scope} or {@code spend_limit_exceeded} refusal of a delegation. */
	void recordDenied(String grantId, Instant now);

	/** The {@code n} client networks and agents with the most refusals in the current hour. */
	TopFailures topFailures(int n, Instant now);

	/**
	 * Refusals in the current hour, most first.
	 *
	 * @param networks by client /24 or /48
	 * @param agents by agent id
	 */
	record TopFailures(List<Entry> networks, List<Entry> agents) {

		public TopFailures {
			networks = List.copyOf(networks);
			agents = List.copyOf(agents);
		}

		/** One counted name. */
		public record Entry(String name, long count) {
		}

	}

}
