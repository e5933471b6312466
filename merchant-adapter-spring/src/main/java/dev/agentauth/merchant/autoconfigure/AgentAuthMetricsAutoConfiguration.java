package dev.agentauth.merchant.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.metrics.NonceStoreMetrics;
import dev.agentauth.merchant.metrics.VerificationMetrics;
import dev.agentauth.merchant.registry.TrustedRegistries;
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
			ObjectProvider<RevocationFeed> feeds, ObjectProvider<TrustedRegistries> trustedRegistries) {
		return () -> {
			MeterRegistry found = registries.getIfUnique();
			MeterRegistry registry = (found != null) ? found : io.micrometer.core.instrument.Metrics.globalRegistry;
			feeds.ifUnique((feed) -> lag(feed).register(registry));
			// several trusted registries: one gauge per registry's feed, tagged with its name
			trustedRegistries.ifAvailable((trusted) -> trusted.members().forEach((member) -> {
				if (member.feed() != null) {
					lag(member.feed()).tag("registry", member.name()).register(registry);
				}
			}));
		};
	}

	/**
	 * {@code agentauth.replay.entries} and {@code agentauth.replay.capacity} when the nonce store is in memory
	 * ({@link NonceStoreMetrics}).
	 */
	@Bean
	SmartInitializingSingleton agentAuthNonceStoreMetrics(ObjectProvider<MeterRegistry> registries,
			ObjectProvider<NonceStore> stores) {
		return () -> stores.ifUnique((store) -> {
			if (store instanceof InMemoryNonceStore memory) {
				MeterRegistry found = registries.getIfUnique();
				NonceStoreMetrics.register(memory,
						(found != null) ? found : io.micrometer.core.instrument.Metrics.globalRegistry);
			}
		});
	}

	private static Gauge.Builder<RevocationFeed> lag(RevocationFeed feed) {
		return Gauge.builder("agentauth.revocation.lag", feed, (f) -> f.lag().toNanos() / 1e9)
			.description("Time since the revocation feed's last successful poll")
			.baseUnit("seconds");
	}

}
