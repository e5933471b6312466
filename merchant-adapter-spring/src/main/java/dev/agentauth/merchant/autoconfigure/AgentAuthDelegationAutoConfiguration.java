package dev.agentauth.merchant.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.agentauth.core.delegation.BudgetStore;
import dev.agentauth.core.delegation.InMemoryBudgetStore;
import dev.agentauth.core.delegation.SpendLimiter;
import dev.agentauth.core.revocation.InMemoryRevocationSet;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.core.revocation.RevocationSet;
import dev.agentauth.merchant.delegation.DelegationTokenValidator;
import dev.agentauth.merchant.delegation.DelegationTokenVerifier;
import dev.agentauth.merchant.delegation.RedisBudgetStore;
import dev.agentauth.merchant.delegation.RedisReplicaWait;
import dev.agentauth.merchant.delegation.RedisRevocationSet;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.delegation.SpendLimits;
import dev.agentauth.merchant.key.RegistryKeyResolver;

import static dev.agentauth.merchant.autoconfigure.AgentAuthAutoConfiguration.clock;

/**
 * Layer 2 at the merchant: with {@code agentauth.merchant-id} (and the registry's issuer) delegation tokens are
 * verified; with {@code agentauth.revocation.client-secret} too, the revocation feed runs. Spend limits and the
 * revocation set live in memory, or in Redis with {@code agentauth.state.store=redis}. Every bean backs off when
 * the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = AgentAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(JwtDecoder.class)
public final class AgentAuthDelegationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "agentauth", name = { "merchant-id", "registry.issuer-uri" })
	DelegationTokenVerifier agentAuthDelegationTokenVerifier(AgentAuthProperties properties,
			ObjectProvider<DelegationTokenValidator> validators, ObjectProvider<Clock> clocks) {
		return new DelegationTokenVerifier(
				DelegationTokenVerifier.realmDecoder(properties.getRegistry().getIssuerUri().toString(),
						validators.orderedStream().toList()),
				properties.getMerchantId(), properties.getSignature().getClockSkew(), clock(clocks),
				properties.getDelegation().getTokenCacheSize());
	}

	@Bean
	@ConditionalOnMissingBean
	SpendLimits agentAuthSpendLimits(BudgetStore budgetStore, ObjectProvider<Clock> clocks) {
		return new SpendLimits(new SpendLimiter(budgetStore, clock(clocks)));
	}

	@Bean
	@ConditionalOnMissingBean
	BudgetStore agentAuthBudgetStore(AgentAuthProperties properties, ObjectProvider<Clock> clocks) {
		requireNotRedis(properties);
		return new InMemoryBudgetStore(clock(clocks));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "agentauth", name = { "merchant-id", "registry.issuer-uri",
			"revocation.client-secret" })
	RevocationSet agentAuthRevocationSet(AgentAuthProperties properties, ObjectProvider<Clock> clocks) {
		requireNotRedis(properties);
		return new InMemoryRevocationSet(properties.getRevocation().getRetention(), clock(clocks));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RevocationSet.class)
	@ConditionalOnProperty(prefix = "agentauth", name = { "merchant-id", "registry.issuer-uri",
			"revocation.client-secret" })
	RevocationFeed agentAuthRevocationFeed(AgentAuthProperties properties, RevocationSet revocations,
			ObjectProvider<RegistryKeyResolver> resolvers, ObjectProvider<Clock> clocks) {
		AgentAuthProperties.Revocation revocation = properties.getRevocation();
		String clientId = (revocation.getClientId() != null) ? revocation.getClientId() : properties.getMerchantId();
		boolean shared = !(revocations instanceof InMemoryRevocationSet);
		String site = (revocation.getReceiver() != null) ? revocation.getReceiver() : properties.getMerchantId();
		String receiver = shared ? site : site + "-" + UUID.randomUUID().toString().substring(0, 8);
		URI issuer = properties.getRegistry().getIssuerUri();
		RegistryKeyResolver resolver = resolvers.getIfAvailable();
		return new RevocationFeed(issuer, clientId, revocation.getClientSecret(), receiver, !shared, revocations,
				(event) -> {
					if (resolver != null && event.type() != RevocationEventType.GRANT_REVOKED) {
						resolver.evict(event.agentId(), (event.type() == RevocationEventType.KEY_REVOKED)
								? event.subject() : null);
					}
				}, revocation.getMaxLag(), clock(clocks));
	}

	/** Fail at start-up rather than silently keep shared state per instance. */
	private static void requireNotRedis(AgentAuthProperties properties) {
		if (properties.getState().getStore() == AgentAuthProperties.Store.REDIS) {
			throw new IllegalStateException("agentauth.state.store=redis needs Spring Data Redis on the class path "
					+ "(spring-boot-starter-data-redis) and a Redis connection (spring.data.redis.*)");
		}
	}

	/** {@code agentauth.state.store=redis}: budgets and the revocation set shared through Redis. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty(prefix = "agentauth.state", name = "store", havingValue = "redis")
	static class RedisState {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RedisConnectionFactory.class)
		BudgetStore agentAuthBudgetStore(RedisConnectionFactory connectionFactory, AgentAuthProperties properties) {
			return new RedisBudgetStore(new StringRedisTemplate(connectionFactory),
					properties.getState().getRedisKeyPrefix() + "budget:", replicaWait(connectionFactory, properties));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RedisConnectionFactory.class)
		@ConditionalOnProperty(prefix = "agentauth", name = { "merchant-id", "registry.issuer-uri",
				"revocation.client-secret" })
		RevocationSet agentAuthRevocationSet(RedisConnectionFactory connectionFactory, AgentAuthProperties properties,
				ObjectProvider<Clock> clocks) {
			return new RedisRevocationSet(new StringRedisTemplate(connectionFactory),
					properties.getState().getRedisKeyPrefix() + "revoked:" + properties.getMerchantId() + ":",
					properties.getRevocation().getRetention(), clock(clocks), replicaWait(connectionFactory, properties));
		}

		/** {@code agentauth.state.redis-replicas} above 0: a dedicated connection that waits for replicas. */
		private static @Nullable RedisReplicaWait replicaWait(RedisConnectionFactory connectionFactory,
				AgentAuthProperties properties) {
			AgentAuthProperties.State state = properties.getState();
			if (state.getRedisReplicas() == 0) {
				return null;
			}
			return RedisReplicaWait.of(connectionFactory, state.getRedisReplicas(), state.getRedisReplicaTimeout());
		}

	}

}
