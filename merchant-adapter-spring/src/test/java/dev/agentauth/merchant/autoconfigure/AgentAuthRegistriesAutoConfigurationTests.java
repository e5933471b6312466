package dev.agentauth.merchant.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.key.TrustedRegistryKeyResolver;
import dev.agentauth.merchant.delegation.DelegationTokenVerifier;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.registry.TrustedRegistries;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAuthRegistriesAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentAuthRegistriesAutoConfiguration.class,
				AgentAuthDelegationAutoConfiguration.class, AgentAuthAutoConfiguration.class,
				AgentAuthMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	private static final String[] TWO = { "agentauth.registries[0].name=openai",
			"agentauth.registries[0].issuer-uri=http://127.0.0.1:1/realms/a",
			"agentauth.registries[0].client-secret=a-secret", "agentauth.registries[1].name=internal",
			"agentauth.registries[1].issuer-uri=http://127.0.0.1:1/realms/b/", "agentauth.registries[1].merchant-id=shop-b",
			"agentauth.registries[1].max-stale=1m", "agentauth.merchant-id=shop" };

	@Test
	void withoutRegistriesThenTheSingleFormIsUnchanged() {
		this.runner.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test")
			.run((context) -> assertThat(context).doesNotHaveBean(TrustedRegistries.class)
				.hasSingleBean(RegistryKeyResolver.class));
	}

	@Test
	void withTwoRegistriesThenOneResolverOverBothInOrderAndLayerTwoPerRegistry() {
		this.runner.withPropertyValues(TWO).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TrustedRegistries.class)
				.hasSingleBean(AgentSignatureAuthenticationProvider.class)
				.doesNotHaveBean(RegistryKeyResolver.class)
				.doesNotHaveBean(DelegationTokenVerifier.class)
				.doesNotHaveBean(RevocationFeed.class);
			assertThat(context.getBean(KeyResolver.class)).isInstanceOf(TrustedRegistryKeyResolver.class);
			TrustedRegistries registries = context.getBean(TrustedRegistries.class);
			assertThat(registries.members()).extracting(TrustedRegistries.Member::name)
				.containsExactly("openai", "internal");
			assertThat(registries.members().get(1).issuer()).hasToString("http://127.0.0.1:1/realms/b");
			// a feed where a client secret is set; delegations refused until its first poll
			assertThat(registries.members().get(0).feed()).isNotNull();
			assertThat(registries.members().get(0).feed().isLagging()).isTrue();
			assertThat(registries.members().get(1).feed()).isNull();
			assertThat(registries.isRunning()).isTrue();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("agentauth.revocation.lag").tag("registry", "openai").gauge()).isNotNull();
		});
	}

	@Test
	void withHealthThenOneIndicatorPerRegistry() {
		this.runner.withPropertyValues(TWO).run((context) -> {
			CompositeHealthContributor health = (CompositeHealthContributor) context
				.getBean("agentAuthRegistryHealthContributor");
			assertThat(health.getContributor("openai")).isNotNull();
			assertThat(health.getContributor("internal")).isNotNull();
		});
	}

	@Test
	void mixingTheSingleAndTheListFormFailsAtStartup() {
		failsWith("agentauth.registry.issuer-uri and agentauth.registries are both set", TWO[0], TWO[1],
				"agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/a");
		failsWith("agentauth.revocation.client-secret is set with agentauth.registries", TWO[0], TWO[1],
				"agentauth.revocation.client-secret=s");
	}

	@Test
	void aMissingIssuerOrNameOrARepeatedOneFailsAtStartupNamingTheProperty() {
		failsWith("agentauth.registries[1].issuer-uri is required", TWO[0], TWO[1], "agentauth.registries[1].name=b");
		failsWith("agentauth.registries[0].name is required", "agentauth.registries[0].issuer-uri=http://x/realms/a");
		failsWith("agentauth.registries[1].name=a repeats", "agentauth.registries[0].name=a",
				"agentauth.registries[0].issuer-uri=http://x/realms/a", "agentauth.registries[1].name=a",
				"agentauth.registries[1].issuer-uri=http://x/realms/b");
		failsWith("agentauth.registries[1].issuer-uri=http://x/realms/a repeats", "agentauth.registries[0].name=a",
				"agentauth.registries[0].issuer-uri=http://x/realms/a", "agentauth.registries[1].name=b",
				"agentauth.registries[1].issuer-uri=http://x/realms/a/");
		failsWith("agentauth.registries[0].name is required", "agentauth.registries[0].name=a:b",
				"agentauth.registries[0].issuer-uri=http://x/realms/a");
	}

	@Test
	void signalsWithSeveralRegistriesFailAtStartup() {
		this.runner.withConfiguration(AutoConfigurations.of(AgentAuthSignalsAutoConfiguration.class))
			.withPropertyValues(TWO)
			.withPropertyValues("agentauth.signals.enabled=true")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause()
				.hasMessageContaining("not supported with several registries"));
	}

	private void failsWith(String message, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(message));
	}

}
