package dev.agentauth.merchant.metrics;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.merchant.autoconfigure.AgentAuthAutoConfiguration;
import dev.agentauth.merchant.autoconfigure.AgentAuthMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class NonceStoreMetricsTests {

	@Test
	void registerWhenNoncesAreConsumedThenEntriesFollowAndCapacityIsTheBound() throws AgentAuthException {
		InMemoryNonceStore store = new InMemoryNonceStore(10, 5, Clock.systemUTC());
		MeterRegistry registry = new SimpleMeterRegistry();
		NonceStoreMetrics.register(store, registry);
		Instant expires = Instant.now().plusSeconds(60);
		store.consume("key-1", "nonce-1", expires);
		store.consume("key-1", "nonce-2", expires);
		store.consume("key-2", "nonce-1", expires);
		assertThat(registry.get("agentauth.replay.entries").gauge().value()).isEqualTo(3);
		assertThat(registry.get("agentauth.replay.capacity").gauge().value()).isEqualTo(10);
	}

	@Test
	void autoConfigurationWhenTheNonceStoreIsInMemoryThenItsGaugesAreRegistered() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AgentAuthMetricsAutoConfiguration.class,
					AgentAuthAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test",
					"agentauth.replay.max-entries=1234")
			.run((context) -> {
				assertThat(context.getBean(NonceStore.class)).isInstanceOf(InMemoryNonceStore.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("agentauth.replay.capacity").gauge().value()).isEqualTo(1234);
				assertThat(registry.get("agentauth.replay.entries").gauge().value()).isZero();
			});
	}

}
