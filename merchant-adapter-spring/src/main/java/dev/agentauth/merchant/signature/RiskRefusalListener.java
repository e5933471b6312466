package dev.agentauth.merchant.signature;

import java.util.Objects;

import org.springframework.context.ApplicationListener;

import dev.agentauth.merchant.risk.RiskEvaluator;

/**
 * Records refusals of layers 1 and 2 for the risk rules ({@code auth.failure_burst},
 * {@code scope.denied_attempts}); the risk layer's own refusals are not recorded again.
 *
 * @since 0.1.0
 */
public final class RiskRefusalListener implements ApplicationListener<AgentRequestRefusedEvent> {

	private final RiskEvaluator evaluator;

	public RiskRefusalListener(RiskEvaluator evaluator) {
		this.evaluator = Objects.requireNonNull(evaluator, "evaluator cannot be null");
	}

	@Override
	public void onApplicationEvent(AgentRequestRefusedEvent event) {
		if (event.risk() == null) {
			this.evaluator.refused(event.request(), event.error().code(), event.agentId(), event.keyId(),
					event.delegation());
		}
	}

}
