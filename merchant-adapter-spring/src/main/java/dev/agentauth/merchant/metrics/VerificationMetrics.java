package dev.agentauth.merchant.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.signature.AgentPrincipal;
import dev.agentauth.merchant.signature.VerificationOutcomeListener;

/**
 * Micrometer meters: {@code agentauth.requests} (counter; tags {@code outcome}=accepted|refused,
 * {@code reason}=error code or {@code none}), {@code agentauth.verification} (timer with p50/p95/p99; tag
 * {@code outcome}) and {@code agentauth.registry.cache} (counter; tag {@code result}=hit|miss|stale|negative).
 *
 * @since 0.1.0
 */
public final class VerificationMetrics implements VerificationOutcomeListener {

	private final MeterRegistry registry;

	// meters are looked up once per tag combination, not built and registered on every request
	private final Map<String, Counter> requests = new ConcurrentHashMap<>();

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final Map<RegistryKeyResolver.CacheResult, Counter> cacheLookups = new ConcurrentHashMap<>();

	public VerificationMetrics(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry cannot be null");
	}

	@Override
	public void accepted(HttpServletRequest request, AgentPrincipal agent, @Nullable Duration elapsed) {
		record("accepted", "none", elapsed);
	}

	@Override
	public void refused(HttpServletRequest request, ErrorCode reason, @Nullable Duration elapsed) {
		record("refused", reason.code(), elapsed);
	}

	@Override
	public void keyCacheLookup(RegistryKeyResolver.CacheResult result) {
		this.cacheLookups.computeIfAbsent(result, (key) -> Counter.builder("agentauth.registry.cache")
			.description("Registry key lookups by cache result")
			.tag("result", key.name().toLowerCase(Locale.ROOT))
			.register(this.registry)).increment();
	}

	private void record(String outcome, String reason, @Nullable Duration elapsed) {
		// reasons are unique per outcome ("none" only when accepted)
		this.requests.computeIfAbsent(reason, (key) -> Counter.builder("agentauth.requests")
			.description("Agent requests by outcome and reason")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.register(this.registry)).increment();
		if (elapsed != null) {
			this.timers.computeIfAbsent(outcome, (key) -> Timer.builder("agentauth.verification")
				.description("Time to verify an agent request")
				.tag("outcome", outcome)
				.publishPercentiles(0.5, 0.95, 0.99)
				.register(this.registry)).record(elapsed);
		}
	}

}
