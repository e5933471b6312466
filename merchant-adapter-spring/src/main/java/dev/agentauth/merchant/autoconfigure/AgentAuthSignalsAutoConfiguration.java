package dev.agentauth.merchant.autoconfigure;

import java.net.URI;
import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.agentauth.merchant.risk.RiskEvaluator;
import dev.agentauth.merchant.signals.RiskSignalReporter;
import dev.agentauth.merchant.signals.SignalTransmitter;

import static dev.agentauth.merchant.autoconfigure.AgentAuthAutoConfiguration.clock;

/**
 * Signals back to Keycloak with {@code agentauth.signals.enabled=true}: a {@link SignalTransmitter} pushing to
 * {@code {issuer}/agents/signals} as the merchant client, fed by the risk layer's decisions.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentAuthRiskAutoConfiguration.class)
@ConditionalOnProperty(prefix = "agentauth.signals", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({ AgentAuthProperties.class, AgentAuthSignalsProperties.class })
public final class AgentAuthSignalsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SignalTransmitter agentAuthSignalTransmitter(AgentAuthProperties properties, AgentAuthSignalsProperties signals,
			ObjectProvider<Clock> clocks) {
		URI issuer = properties.getRegistry().getIssuerUri();
		String clientId = (properties.getRevocation().getClientId() != null) ? properties.getRevocation().getClientId()
				: properties.getMerchantId();
		String secret = properties.getRevocation().getClientSecret();
		if (!properties.getRegistries().isEmpty()) {
			throw new IllegalStateException("agentauth.signals.enabled=true is not supported with several registries "
					+ "(agentauth.registries) yet: signals go to one realm; turn agentauth.signals.enabled off");
		}
		if (issuer == null || clientId == null || secret == null) {
			throw new IllegalStateException("agentauth.signals.enabled=true needs agentauth.registry.issuer-uri, "
					+ "agentauth.merchant-id and agentauth.revocation.client-secret (the merchant client that pushes)");
		}
		if (signals.getQueueCapacity() < 1 || signals.getMaxKeys() < 1) {
			throw new IllegalStateException("agentauth.signals.queue-capacity and max-keys must be positive");
		}
		return new SignalTransmitter(issuer, clientId, secret, signals.getQueueCapacity(), signals.getDedupPeriod(),
				signals.getUsageInterval(), signals.getMaxAttempts(), signals.getMaxKeys(), clock(clocks));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RiskEvaluator.class)
	RiskSignalReporter agentAuthRiskSignalReporter(SignalTransmitter transmitter, RiskEvaluator evaluator,
			AgentAuthSignalsProperties signals) {
		int highScore = (signals.getHighScore() != null) ? signals.getHighScore()
				: evaluator.engine().policy().denyScore();
		RiskSignalReporter reporter = new RiskSignalReporter(transmitter, highScore);
		evaluator.addListener(reporter.listener());
		return reporter;
	}

}
