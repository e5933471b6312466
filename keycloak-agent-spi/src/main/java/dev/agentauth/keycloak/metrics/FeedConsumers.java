package dev.agentauth.keycloak.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * What this node knows about one merchant client's revocation-feed receivers, refreshed on every poll (no query of
 * its own): when each receiver last polled and the oldest event it had not acknowledged then (the first event the
 * poll delivered, which the receiver acknowledges in its next poll). A receiver not seen for {@link #FORGET_AFTER}
 * is forgotten.
 *
 * @since 0.1.0
 */
public final class FeedConsumers {

	/** A receiver that has not polled this node for this long is no longer counted (the feed's retention). */
	public static final Duration FORGET_AFTER = Duration.ofHours(24);

	/** At most this many receivers per client are followed (receiver names are the client's choice); more are not. */
	public static final int MAX_RECEIVERS = 1000;

	private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

	/** Records a poll by {@code receiver} at {@code now}; {@code oldestPending} is null when nothing is pending. */
	public void polled(String receiver, Instant now, @Nullable Instant oldestPending) {
		if (!this.receivers.containsKey(receiver) && this.receivers.size() >= MAX_RECEIVERS) {
			forget(now);
			if (this.receivers.size() >= MAX_RECEIVERS) {
				return;
			}
		}
		this.receivers.put(receiver, new Receiver(now, oldestPending));
	}

	/**
	 * Age at {@code now} of the oldest event one of the receivers had not acknowledged when it last polled; zero when
	 * none had one. It keeps growing while a receiver with pending events stops polling.
	 */
	public Duration lag(Instant now) {
		forget(now);
		Duration lag = Duration.ZERO;
		for (Receiver receiver : this.receivers.values()) {
			if (receiver.oldestPending() != null) {
				Duration age = Duration.between(receiver.oldestPending(), now);
				if (age.compareTo(lag) > 0) {
					lag = age;
				}
			}
		}
		return lag;
	}

	/** Time since the latest poll of any of the receivers; null when none polled within {@link #FORGET_AFTER}. */
	public @Nullable Duration idle(Instant now) {
		forget(now);
		Instant last = null;
		for (Receiver receiver : this.receivers.values()) {
			if (last == null || receiver.lastPoll().isAfter(last)) {
				last = receiver.lastPoll();
			}
		}
		return (last != null) ? maxZero(Duration.between(last, now)) : null;
	}

	/** Whether one of the receivers polled within {@code window} before {@code now}. */
	public boolean active(Instant now, Duration window) {
		Duration idle = idle(now);
		return idle != null && idle.compareTo(window) <= 0;
	}

	private void forget(Instant now) {
		this.receivers.values().removeIf((receiver) -> receiver.lastPoll().plus(FORGET_AFTER).isBefore(now));
	}

	private static Duration maxZero(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	private record Receiver(Instant lastPoll, @Nullable Instant oldestPending) {
	}

}
