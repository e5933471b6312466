package dev.agentauth.merchant.key;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.agentauth.core.signature.VerificationProviders;

/**
 * Up when the registry answered the last key lookup; before any lookup, probes {@code GET {issuer}} (the realm's
 * public metadata). Down when the last lookup or the probe failed.
 *
 * @since 0.1.0
 */
public final class RegistryHealthIndicator implements HealthIndicator {

	private final RegistryKeyResolver resolver;

	private final HttpClient httpClient;

	private final Duration timeout;

	private final Map<String, String> verification;

	public RegistryHealthIndicator(RegistryKeyResolver resolver, HttpClient httpClient, Duration timeout) {
		this(resolver, httpClient, timeout, VerificationProviders.defaults());
	}

	/**
	 * @param providers which implementation verifies each algorithm, shown in the health details
	 */
	public RegistryHealthIndicator(RegistryKeyResolver resolver, HttpClient httpClient, Duration timeout,
			VerificationProviders providers) {
		this.resolver = Objects.requireNonNull(resolver, "resolver cannot be null");
		this.httpClient = Objects.requireNonNull(httpClient, "httpClient cannot be null");
		this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
		Map<String, String> verification = new LinkedHashMap<>();
		providers.byAlgorithm().forEach((algorithm, provider) -> verification.put(algorithm.identifier(), provider));
		this.verification = Map.copyOf(verification);
	}

	@Override
	public Health health() {
		RegistryKeyResolver.RegistryStatus last = this.resolver.lastFetch();
		if (last != null) {
			Health.Builder builder = last.reachable() ? Health.up() : Health.down();
			return builder.withDetail("issuer", this.resolver.issuer().toString())
				.withDetail("verification", this.verification)
				.withDetail("lastFetch", last.at().toString())
				.withDetail("result", last.detail())
				.build();
		}
		try {
			HttpResponse<Void> response = this.httpClient.send(
					HttpRequest.newBuilder(this.resolver.issuer()).timeout(this.timeout).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			Health.Builder builder = (response.statusCode() / 100 == 2) ? Health.up() : Health.down();
			return builder.withDetail("issuer", this.resolver.issuer().toString())
				.withDetail("verification", this.verification)
				.withDetail("probe", "HTTP " + response.statusCode())
				.build();
		}
		catch (IOException ex) {
			return Health.down().withDetail("issuer", this.resolver.issuer().toString())
				.withDetail("probe", ex.getClass().getSimpleName())
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().build();
		}
	}

}
