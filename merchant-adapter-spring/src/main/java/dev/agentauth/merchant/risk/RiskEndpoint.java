package dev.agentauth.merchant.risk;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskMode;

/**
 * Actuator endpoint {@code agentauthrisk}: the mode, the store's health, and the client networks (/24, /48) and
 * agents with the most layer-1/2 refusals in the current hour, the decisions so far by the action the score called
 * for and the action taken; a write operation switches the mode. Expose it with
 * {@code management.endpoints.web.exposure.include=agentauthrisk}.
 *
 * @since 0.1.0
 */
@Endpoint(id = "agentauthrisk")
public final class RiskEndpoint {

	private final RiskEvaluator evaluator;

	private final int topSize;

	public RiskEndpoint(RiskEvaluator evaluator, int topSize) {
		this.evaluator = Objects.requireNonNull(evaluator, "evaluator cannot be null");
		this.topSize = topSize;
	}

	@ReadOperation
	public Map<String, Object> risk() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("mode", this.evaluator.engine().policy().mode().value());
		body.put("store", this.evaluator.store().getClass().getSimpleName());
		body.put("degraded", this.evaluator.degradedCount());
		body.put("lastDegraded", String.valueOf(this.evaluator.lastDegraded()));
		body.put("decisions", this.evaluator.decisionCounts());
		Map<String, Object> failures = new LinkedHashMap<>();
		try {
			RiskFeatureStore.TopFailures top = this.evaluator.topFailures(this.topSize);
			failures.put("networks", top.networks());
			failures.put("agents", top.agents());
		}
		catch (RuntimeException ex) {
			failures.put("error", "The feature store cannot be read: " + ex.getClass().getSimpleName());
		}
		body.put("failedAuthenticationsThisHour", failures);
		return body;
	}

	/**
	 * Switches {@code agentauth.risk.mode} at run time ({@code off}, {@code shadow}, {@code enforce}); not kept
	 * across restarts. Keep the endpoint read-only with {@code management.endpoint.agentauthrisk.access=read-only}
	 * where the Actuator is not protected.
	 */
	@WriteOperation
	public Map<String, Object> mode(String mode) {
		RiskMode value;
		try {
			value = RiskMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("mode must be off, shadow or enforce, not '" + mode + "'");
		}
		this.evaluator.setMode(value);
		return risk();
	}

}
