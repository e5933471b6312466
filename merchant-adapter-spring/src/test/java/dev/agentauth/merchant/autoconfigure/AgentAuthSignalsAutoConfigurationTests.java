package dev.agentauth.merchant.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agentauth.merchant.signals.RiskSignalReporter;
import dev.agentauth.merchant.signals.SignalTransmitter;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAuthSignalsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AgentAuthRiskAutoConfiguration.class, AgentAuthSignalsAutoConfiguration.class));

	@Test
	void autoConfigurationWhenNotEnabledThenNoTransmitter() {
		this.runner.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/shop",
				"agentauth.merchant-id=shop", "agentauth.revocation.client-secret=s")
			.run((context) -> assertThat(context).doesNotHaveBean(SignalTransmitter.class)
				.doesNotHaveBean(RiskSignalReporter.class));
	}

	@Test
	void autoConfigurationWhenEnabledThenTransmitterFedByTheRiskEvaluator() {
		this.runner.withPropertyValues("agentauth.signals.enabled=true",
				"agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/shop", "agentauth.merchant-id=shop",
				"agentauth.revocation.client-secret=s")
			.run((context) -> assertThat(context).hasSingleBean(SignalTransmitter.class)
				.hasSingleBean(RiskSignalReporter.class));
	}

	@Test
	void autoConfigurationWhenEnabledWithoutClientCredentialsThenStartFails() {
		this.runner.withPropertyValues("agentauth.signals.enabled=true",
				"agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/shop")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("agentauth.revocation.client-secret"));
	}

}
