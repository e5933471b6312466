package dev.agentauth.merchant.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.agentauth.core.delegation.BudgetStore;
import dev.agentauth.core.delegation.InMemoryBudgetStore;
import dev.agentauth.core.revocation.InMemoryRevocationSet;
import dev.agentauth.core.revocation.RevocationSet;
import dev.agentauth.merchant.delegation.DelegationTokenVerifier;
import dev.agentauth.merchant.delegation.RedisBudgetStore;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.delegation.SpendLimits;
import dev.agentauth.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAuthDelegationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentAuthDelegationAutoConfiguration.class,
				AgentAuthAutoConfiguration.class))
		.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test");

	@Test
	void withoutMerchantIdThenNoDelegationVerifierButSpendLimits() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(DelegationTokenVerifier.class)
			.doesNotHaveBean(RevocationFeed.class)
			.hasSingleBean(SpendLimits.class));
	}

	@Test
	void withMerchantIdThenVerifierAndWithSecretThenFeedAndSetInMemory() {
		this.runner.withPropertyValues("agentauth.merchant-id=shop")
			.run((context) -> assertThat(context).hasSingleBean(DelegationTokenVerifier.class)
				.doesNotHaveBean(RevocationFeed.class));
		this.runner.withPropertyValues("agentauth.merchant-id=shop", "agentauth.revocation.client-secret=s")
			.run((context) -> {
				assertThat(context).hasSingleBean(RevocationFeed.class);
				assertThat(context.getBean(RevocationSet.class)).isInstanceOf(InMemoryRevocationSet.class);
				assertThat(context.getBean(BudgetStore.class)).isInstanceOf(InMemoryBudgetStore.class);
				// nothing polled yet: delegations are refused until the first poll
				assertThat(context.getBean(RevocationFeed.class).isLagging()).isTrue();
			});
	}

	@Test
	void withFeedAndMicrometerThenRevocationLagGaugeCountsFromStartUntilTheFirstPoll() {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
		this.runner.withConfiguration(AutoConfigurations.of(AgentAuthMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("agentAuthClock", Clock.class, () -> clock)
			.withPropertyValues("agentauth.merchant-id=shop", "agentauth.revocation.client-secret=s")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("agentauth.revocation.lag").gauge().value()).isZero();
				clock.advance(Duration.ofSeconds(42));
				assertThat(registry.get("agentauth.revocation.lag").gauge().value()).isEqualTo(42.0);
				assertThat(registry.get("agentauth.revocation.lag").gauge().getId().getBaseUnit()).isEqualTo("seconds");
			});
		this.runner.withConfiguration(AutoConfigurations.of(AgentAuthMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("agentauth.revocation.lag").gauge())
				.isNull());
	}

	@Test
	void redisStoreWithoutARedisConnectionFailsAtStartup() {
		this.runner.withPropertyValues("agentauth.state.store=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("agentauth.state.store=redis needs Spring Data Redis"));
	}

	@Test
	void redisReplicasConfigureStoresThatWaitAndANegativeCountFailsAtStartup() {
		ApplicationContextRunner redis = this.runner
			.withBean(RedisConnectionFactory.class,
					() -> new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379)))
			.withPropertyValues("agentauth.state.store=redis", "agentauth.merchant-id=shop",
					"agentauth.revocation.client-secret=s");
		redis.withPropertyValues("agentauth.state.redis-replicas=1", "agentauth.state.redis-replica-timeout=50ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(BudgetStore.class)).isInstanceOf(RedisBudgetStore.class)
					.extracting("replicaWait")
					.isNotNull()
					.extracting("replicas")
					.isEqualTo(1);
				assertThat(context.getBean(RevocationSet.class)).extracting("replicaWait").isNotNull();
			});
		redis.run((context) -> assertThat(context.getBean(BudgetStore.class)).extracting("replicaWait").isNull());
		redis.withPropertyValues("agentauth.state.redis-replicas=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("agentauth.state.redis-replicas cannot be negative"));
	}

	@Test
	void aSharedRevocationSetUsesTheConfiguredReceiverOrTheMerchantId() {
		ApplicationContextRunner redis = this.runner
			.withBean(RedisConnectionFactory.class,
					() -> new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379)))
			.withPropertyValues("agentauth.state.store=redis", "agentauth.merchant-id=shop",
					"agentauth.revocation.client-secret=s");
		redis.run((context) -> assertThat(context.getBean(RevocationFeed.class)).extracting("receiver")
			.isEqualTo("shop"));
		redis.withPropertyValues("agentauth.revocation.receiver=shop-eu")
			.run((context) -> assertThat(context.getBean(RevocationFeed.class)).extracting("receiver")
				.isEqualTo("shop-eu"));
		redis.withPropertyValues("agentauth.revocation.receiver=shop eu")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("agentauth.revocation.receiver must be"));
	}

}
