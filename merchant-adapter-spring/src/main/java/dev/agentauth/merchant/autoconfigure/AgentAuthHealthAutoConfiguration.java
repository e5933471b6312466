package dev.agentauth.merchant.autoconfigure;

import java.net.http.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.agentauth.core.signature.VerificationProviders;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.key.RegistryHealthIndicator;
import dev.agentauth.merchant.key.RegistryKeyResolver;

/**
 * The {@code agentAuthRegistry} health indicator, when Spring Boot's health support is present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RegistryKeyResolver.class)
public final class AgentAuthHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "agentAuthRegistryHealthIndicator")
	RegistryHealthIndicator agentAuthRegistryHealthIndicator(RegistryKeyResolver resolver,
			AgentAuthProperties properties, VerificationProviders providers) {
		return new RegistryHealthIndicator(resolver,
				HttpClient.newBuilder().connectTimeout(properties.getRegistry().getTimeout()).build(),
				properties.getRegistry().getTimeout(), providers);
	}

	@Bean
	@ConditionalOnBean(RevocationFeed.class)
	@ConditionalOnMissingBean(name = "agentAuthRevocationFeedHealthIndicator")
	HealthIndicator agentAuthRevocationFeedHealthIndicator(RevocationFeed feed) {
		return () -> {
			Health.Builder health = feed.isLagging() ? Health.down() : Health.up();
			return health.withDetail("lastSuccess", String.valueOf(feed.lastSuccess())).build();
		};
	}

}
