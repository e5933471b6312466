package dev.agentauth.merchant.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;

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

}
