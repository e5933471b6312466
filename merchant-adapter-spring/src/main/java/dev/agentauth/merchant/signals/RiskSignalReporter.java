package dev.agentauth.merchant.signals;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.merchant.risk.RiskDecisionListener;

/**
 * Turns risk decisions (enforce or shadow alike) into signals: a decision scoring at least {@code highScore} is
 * reported as HIGH for its agent and key, and every scored request counts as a verified use of its key.
 *
 * @since 0.1.0
 */
public final class RiskSignalReporter {

	private final SignalTransmitter transmitter;

	private final int highScore;

	public RiskSignalReporter(SignalTransmitter transmitter, int highScore) {
		this.transmitter = Objects.requireNonNull(transmitter, "transmitter cannot be null");
		this.highScore = highScore;
	}

	/** What {@link dev.agentauth.merchant.risk.RiskEvaluator#addListener} is given. */
	public RiskDecisionListener listener() {
		return new RiskDecisionListener() {
			@Override
			public void decided(RiskDecision decision, Duration elapsed) {
				RiskSignalReporter.this.decided(decision);
			}

			@Override
			public void degraded() {
			}

			@Override
			public void ruleFailed(String ruleId) {
			}
		};
	}

	void decided(RiskDecision decision) {
		try {
			RiskFeatures features = decision.features();
			this.transmitter.keyUsed(features.keyId(), features.now());
			if (decision.score() >= this.highScore) {
				String reason = decision.reasons().stream().map((r) -> r.rule()).collect(Collectors.joining(","));
				this.transmitter.report(features.agentId(), features.keyId(), RiskLevel.HIGH,
						reason.isEmpty() ? "score " + decision.score() : reason);
			}
		}
		catch (RuntimeException ex) {
			// a listener must never fail the request
		}
	}

}
