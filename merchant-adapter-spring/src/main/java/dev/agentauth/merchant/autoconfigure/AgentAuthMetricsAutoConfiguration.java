package dev.agentauth.merchant.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.metrics.VerificationMetrics;
import dev.agentauth.merchant.signature.VerificationOutcomeListener;

/**
 * Micrometer metrics for agent verification, when Micrometer and a {@link MeterRegistry} are present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = AgentAuthAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public final class AgentAuthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(VerificationOutcomeListener.class)
	VerificationOutcomeListener agentAuthVerificationMetrics(ObjectProvider<MeterRegistry> registries) {
		MeterRegistry registry = registries.getIfUnique();
		if (registry == null) {
			registry = io.micrometer.core.instrument.Metrics.globalRegistry;
		}
		return new VerificationMetrics(registry);
	}

	/**
	 * {@code agentauth.revocation.lag} (seconds): time since the revocation feed's last successful poll, when the
	 * feed runs. Registered once all beans exist, since the feed comes from a later auto-configuration.
	 */
	@Bean
	SmartInitializingSingleton agentAuthRevocationFeedMetrics(ObjectProvider<MeterRegistry> registries,
			ObjectProvider<RevocationFeed> feeds) {
		return () -> feeds.ifUnique((feed) -> {
			MeterRegistry registry = registries.getIfUnique();
			Gauge.builder("agentauth.revocation.lag", feed, (f) -> f.lag().toNanos() / 1e9)
				.description("Time since the revocation feed's last successful poll")
				.baseUnit("seconds")
				.register((registry != null) ? registry : io.micrometer.core.instrument.Metrics.globalRegistry);
		});
	}

}
