package dev.agentauth.core.signal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pushes per merchant per fixed window (one minute by default). Bounded: when it tracks {@code maxMerchants}
 * merchants, windows that have ended are dropped first and, if that frees nothing, the request is refused (fail
 * closed: a flood of client ids cannot reset others' counts).
 *
 * @since 0.1.0
 */
public final class SignalRateLimiter {

	private final int limit;

	private final Duration window;

	private final int maxMerchants;

	private final Clock clock;

	private final Map<String, long[]> windows = new LinkedHashMap<>();

	public SignalRateLimiter(int limit, Duration window, int maxMerchants, Clock clock) {
		if (limit < 1 || maxMerchants < 1) {
			throw new IllegalArgumentException("limit and maxMerchants must be positive");
		}
		this.limit = limit;
		this.window = Objects.requireNonNull(window, "window cannot be null");
		this.maxMerchants = maxMerchants;
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** Counts one push; false if the merchant is over its limit for the current window. */
	public synchronized boolean tryAcquire(String merchant, int limitOverride) {
		int max = (limitOverride > 0) ? limitOverride : this.limit;
		Instant now = this.clock.instant();
		long start = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), this.window.toMillis());
		long[] current = this.windows.get(merchant);
		if (current == null || current[0] != start) {
			if (current == null && this.windows.size() >= this.maxMerchants) {
				this.windows.values().removeIf((w) -> w[0] != start);
				if (this.windows.size() >= this.maxMerchants) {
					return false;
				}
			}
			current = new long[] { start, 0 };
			this.windows.put(merchant, current);
		}
		if (current[1] >= max) {
			return false;
		}
		current[1]++;
		return true;
	}

	/** Seconds until the current window ends (for {@code Retry-After}). */
	public long secondsToNextWindow() {
		long millis = this.window.toMillis() - Math.floorMod(this.clock.millis(), this.window.toMillis());
		return Math.max(1, (millis + 999) / 1000);
	}

}
