package dev.agentauth.keycloak.provider;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How providers are fetched, the same for every realm (settings {@code spi-agent-provider--jpa--*}).
 *
 * @param minRefresh the shortest time between two scheduled fetches, also the retry delay after a failed fetch
 * ({@code min-refresh}, default 60 s)
 * @param maxRefresh the longest ({@code max-refresh}, default 24 h)
 * @param defaultRefresh without a {@code Cache-Control: max-age} ({@code default-refresh}, default 1 h)
 * @param failClosedAfter how long the keys of an unreachable provider are still served after its last successful
 * fetch ({@code fail-closed-after}, default 24 h)
 * @param checkInterval how often the cluster looks for due providers ({@code check-interval}, default 30 s)
 * @param timeout connect and read timeout of a fetch ({@code timeout}, default 10 s)
 * @param maxBytes the largest response body read ({@code max-bytes}, default 256 KiB)
 * @since 0.1.0
 */
public record ProviderFetchSettings(Duration minRefresh, Duration maxRefresh, Duration defaultRefresh,
		Duration failClosedAfter, Duration checkInterval, Duration timeout, int maxBytes) {

	public static final ProviderFetchSettings DEFAULTS = new ProviderFetchSettings(Duration.ofSeconds(60),
			Duration.ofHours(24), Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(30),
			Duration.ofSeconds(10), 256 * 1024);

	public ProviderFetchSettings {
		if (minRefresh.isNegative() || minRefresh.isZero() || maxRefresh.compareTo(minRefresh) < 0) {
			throw new IllegalArgumentException("agent-provider: min-refresh must be positive and <= max-refresh");
		}
		if (failClosedAfter.isNegative() || checkInterval.isNegative() || checkInterval.isZero()
				|| timeout.isNegative() || timeout.isZero() || maxBytes <= 0) {
			throw new IllegalArgumentException("agent-provider: fail-closed-after, check-interval, timeout and "
					+ "max-bytes must be positive");
		}
	}

	/** When to fetch again after a successful fetch that said {@code max-age} (null: none). */
	public Instant nextFetch(Instant now, @Nullable Duration maxAge) {
		Duration wait = (maxAge != null) ? maxAge : this.defaultRefresh;
		if (wait.compareTo(this.minRefresh) < 0) {
			wait = this.minRefresh;
		}
		if (wait.compareTo(this.maxRefresh) > 0) {
			wait = this.maxRefresh;
		}
		return now.plus(wait);
	}

	/** When to retry after a failed fetch. */
	public Instant retry(Instant now) {
		return now.plus(this.minRefresh);
	}

	/** Whether a provider's keys are no longer served: enabled, but no successful fetch within the bound. */
	public boolean failedClosed(AgentProviderModel provider, Instant now) {
		Instant since = (provider.lastSuccess() != null) ? provider.lastSuccess() : null;
		return since == null || now.isAfter(since.plus(this.failClosedAfter));
	}

}
