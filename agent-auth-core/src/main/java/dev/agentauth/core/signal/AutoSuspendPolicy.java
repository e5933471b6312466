package dev.agentauth.core.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The realm's answer to HIGH risk reports: {@code off} (review only) or {@code high-from-N-merchants} (suspend the
 * agent once N distinct merchants reported HIGH within the window). A merchant can only report; one merchant's
 * reports count once however many it sends, so with N ≥ 2 no single merchant suspends an agent.
 *
 * @param merchants N, or 0 for {@code off}
 * @param window how recent a HIGH report must be to count
 * @since 0.1.0
 */
public record AutoSuspendPolicy(int merchants, Duration window) {

	/** Review only. */
	public static final AutoSuspendPolicy OFF = new AutoSuspendPolicy(0, Duration.ofHours(1));

	private static final Pattern HIGH_FROM = Pattern.compile("high-from-([1-9][0-9]{0,2})-merchants?");

	public AutoSuspendPolicy {
		Objects.requireNonNull(window, "window cannot be null");
		if (merchants < 0) {
			throw new IllegalArgumentException("merchants must be >= 0");
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive");
		}
	}

	/**
	 * Reads the realm attribute {@code agentauth.signals.auto-suspend}: absent, blank or {@code off} = off;
	 * {@code high-from-N-merchants} with N from 1 to 999.
	 * @throws IllegalArgumentException for anything else (the receiver then treats it as off and says so)
	 */
	public static AutoSuspendPolicy parse(@Nullable String value, Duration window) {
		if (value == null || value.isBlank() || value.strip().equals("off")) {
			return new AutoSuspendPolicy(0, window);
		}
		Matcher matcher = HIGH_FROM.matcher(value.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("agentauth.signals.auto-suspend must be 'off' or "
					+ "'high-from-N-merchants' (N from 1 to 999), not '" + value + "'");
		}
		return new AutoSuspendPolicy(Integer.parseInt(matcher.group(1)), window);
	}

	public boolean isOff() {
		return this.merchants == 0;
	}

	/**
	 * Whether to suspend, given the time of each reporting merchant's last HIGH report (one entry per merchant).
	 */
	public boolean shouldSuspend(Collection<Instant> lastHighPerMerchant, Instant now) {
		if (isOff()) {
			return false;
		}
		Instant since = now.minus(this.window);
		long recent = lastHighPerMerchant.stream().filter((time) -> !time.isBefore(since)).count();
		return recent >= this.merchants;
	}

}
