package dev.agentauth.core.signal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AutoSuspendPolicyTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final Duration HOUR = Duration.ofHours(1);

	@Test
	void parseWhenOffOrAbsentThenNeverSuspends() {
		assertThat(AutoSuspendPolicy.parse(null, HOUR).shouldSuspend(List.of(NOW, NOW, NOW), NOW)).isFalse();
		assertThat(AutoSuspendPolicy.parse("off", HOUR).isOff()).isTrue();
	}

	@Test
	void shouldSuspendWhenNDistinctMerchantsReportedHighWithinTheWindow() {
		AutoSuspendPolicy two = AutoSuspendPolicy.parse("high-from-2-merchants", HOUR);
		assertThat(two.merchants()).isEqualTo(2);
		// one merchant: one entry, however many reports it sent
		assertThat(two.shouldSuspend(List.of(NOW), NOW)).isFalse();
		assertThat(two.shouldSuspend(List.of(NOW, NOW.minusSeconds(3599)), NOW)).isTrue();
		assertThat(two.shouldSuspend(List.of(NOW, NOW.minusSeconds(3601)), NOW)).isFalse();
		assertThat(AutoSuspendPolicy.parse("high-from-1-merchant", HOUR).shouldSuspend(List.of(NOW), NOW)).isTrue();
	}

	@Test
	void parseWhenMalformedThenThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> AutoSuspendPolicy.parse("high-from-0-merchants", HOUR));
		assertThatIllegalArgumentException().isThrownBy(() -> AutoSuspendPolicy.parse("always", HOUR));
	}

	@Test
	void rateLimiterRefusesOverTheLimitPerMerchantAndWindow() {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		SignalRateLimiter limiter = new SignalRateLimiter(2, Duration.ofMinutes(1), 2, clock);
		assertThat(limiter.tryAcquire("a", 0)).isTrue();
		assertThat(limiter.tryAcquire("a", 0)).isTrue();
		assertThat(limiter.tryAcquire("a", 0)).isFalse();
		assertThat(limiter.tryAcquire("b", 0)).isTrue();
		// bounded: a third merchant in the same window is refused rather than evicting a count
		assertThat(limiter.tryAcquire("c", 0)).isFalse();
		SignalRateLimiter later = new SignalRateLimiter(2, Duration.ofMinutes(1), 2,
				Clock.offset(clock, Duration.ofMinutes(1)));
		assertThat(later.tryAcquire("a", 0)).isTrue();
	}

}
