package dev.agentauth.core.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The risk layer's verdict on one request: the score with its reasons, what it would do ({@link #wouldBe()}) and
 * what it does ({@link #action()}: {@code ALLOW} unless the mode is enforce and enforce-mode rules call for more).
 *
 * @param decisionId opaque id, given to the client on refusals and logged with the reasons
 * @param score 0 to 100
 * @param reasons the rules that fired
 * @param wouldBe the action the score calls for, counting every rule
 * @param action the action taken
 * @param mode the mode it was decided in
 * @param marketEvent whether velocity points were halved (merchant-wide purchase spike)
 * @param degraded whether the feature store could not be read (stateful rules did not run)
 * @param features what the rules saw
 * @since 0.1.0
 */
public record RiskDecision(String decisionId, int score, List<RiskReason> reasons, RiskAction wouldBe,
		RiskAction action, RiskMode mode, boolean marketEvent, boolean degraded, RiskFeatures features)
		implements java.io.Serializable {

	public RiskDecision {
		Objects.requireNonNull(decisionId, "decisionId cannot be null");
		reasons = List.copyOf(reasons);
		Objects.requireNonNull(wouldBe, "wouldBe cannot be null");
		Objects.requireNonNull(action, "action cannot be null");
		Objects.requireNonNull(mode, "mode cannot be null");
		Objects.requireNonNull(features, "features cannot be null");
	}

	/** Whether the action is enforced (not {@code ALLOW}). */
	public boolean enforced() {
		return this.action != RiskAction.ALLOW;
	}

	/** {@code rule:points,...} for the audit line. */
	public String rulesSummary() {
		return this.reasons.stream().map((r) -> r.rule() + ":" + r.points()).collect(Collectors.joining(","));
	}

	/** One line of the decision log: the decision and its features. */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("decision_id", this.decisionId);
		json.put("score", this.score);
		json.put("would_be", this.wouldBe.value());
		json.put("action", this.action.value());
		json.put("mode", this.mode.value());
		json.put("market_event", this.marketEvent);
		json.put("degraded", this.degraded);
		json.put("reasons", this.reasons.stream().map((r) -> {
			Map<String, Object> reason = new LinkedHashMap<>();
			reason.put("rule", r.rule());
			reason.put("points", r.points());
			reason.put("value", r.value());
			reason.put("threshold", r.threshold());
			return reason;
		}).toList());
		json.put("features", this.features.toJson());
		return json;
	}

}
