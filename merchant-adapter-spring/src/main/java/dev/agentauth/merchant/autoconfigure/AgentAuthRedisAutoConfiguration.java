package dev.agentauth.merchant.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.merchant.replay.LocalFallbackNonceStore;
import dev.agentauth.merchant.replay.RedisNonceStore;

/**
 * With {@code agentauth.replay.store=redis}: nonces in Redis (Spring Boot's {@link RedisConnectionFactory}, so
 * {@code spring.data.redis.*} applies), optionally falling back to memory while Redis is down
 * ({@code agentauth.replay.redis-failure=allow-local}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = AgentAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(StringRedisTemplate.class)
@ConditionalOnProperty(prefix = "agentauth.replay", name = "store", havingValue = "redis")
public final class AgentAuthRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(NonceStore.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	NonceStore agentAuthNonceStore(RedisConnectionFactory connectionFactory, AgentAuthProperties properties,
			ObjectProvider<Clock> clocks) {
		Clock clock = clocks.getIfUnique(Clock::systemUTC);
		RedisNonceStore redis = new RedisNonceStore(new StringRedisTemplate(connectionFactory), clock);
		AgentAuthProperties.Replay replay = properties.getReplay();
		redis.setKeyPrefix(replay.getRedisKeyPrefix());
		redis.start();
		if (replay.getRedisFailure() == AgentAuthProperties.RedisFailure.ALLOW_LOCAL) {
			return new LocalFallbackNonceStore(redis,
					new InMemoryNonceStore(replay.getMaxEntries(), replay.getMaxEntriesPerKey(), clock));
		}
		return redis;
	}

	/**
	 * Lettuce's command timeout is 60 s unless {@code spring.data.redis.timeout} is set; without it, a hung Redis
	 * would hold every signed request that long. This applies {@code agentauth.replay.redis-timeout} then.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.lettuce.core.RedisClient",
			"org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer" })
	static class LettuceTimeoutConfiguration {

		@Bean
		LettuceClientConfigurationBuilderCustomizer agentAuthRedisTimeoutCustomizer(Environment environment,
				AgentAuthProperties properties) {
			return (builder) -> {
				if (!environment.containsProperty("spring.data.redis.timeout")) {
					builder.commandTimeout(properties.getReplay().getRedisTimeout());
				}
			};
		}

	}

}
