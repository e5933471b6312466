package dev.agentauth.merchant.signature;

import java.util.Objects;

import org.springframework.context.ApplicationListener;

/**
 * Tells a {@link VerificationOutcomeListener} (the metrics) about each decision.
 *
 * @since 0.1.0
 */
public final class VerificationOutcomeEventListener implements ApplicationListener<AgentRequestEvent> {

	private final VerificationOutcomeListener listener;

	public VerificationOutcomeEventListener(VerificationOutcomeListener listener) {
		this.listener = Objects.requireNonNull(listener, "listener cannot be null");
	}

	@Override
	public void onApplicationEvent(AgentRequestEvent event) {
		switch (event) {
			case AgentRequestAcceptedEvent accepted ->
				this.listener.accepted(accepted.request(), accepted.agent(), accepted.elapsed());
			case AgentRequestRefusedEvent refused ->
				this.listener.refused(refused.request(), refused.error().code(), refused.elapsed());
		}
	}

}
