package dev.agentauth.core.delegation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BudgetStore} for one merchant instance.
 *
 * @since 0.1.0
 */
public final class InMemoryBudgetStore implements BudgetStore {

	private final Map<String, Total> totals = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryBudgetStore(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public boolean tryReserve(String key, long units, long limit, Duration ttl) {
		Instant now = this.clock.instant();
		boolean[] reserved = new boolean[1];
		this.totals.compute(key, (k, total) -> {
			Total current = (total == null || !now.isBefore(total.until())) ? new Total(0, now.plus(ttl)) : total;
			if (current.units() + units > limit) {
				return current;
			}
			reserved[0] = true;
			return new Total(current.units() + units, current.until());
		});
		return reserved[0];
	}

	@Override
	public void release(String key, long units) {
		this.totals.computeIfPresent(key, (k, total) -> new Total(Math.max(0, total.units() - units), total.until()));
	}

	private record Total(long units, Instant until) {
	}

}
