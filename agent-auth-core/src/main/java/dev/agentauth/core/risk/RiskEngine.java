package dev.agentauth.core.risk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Runs the rules over a feature snapshot and decides. Score = min(100, Σ points × weight); velocity points are
 * halved during a market event (merchant-wide purchases per minute above {@code marketEventFactor} × their own
 * EWMA: legitimate agents spike together during sales). Actions, for unsafe requests whose reasons are not all
 * velocity: deny from {@code denyScore}, step-up from {@code stepUpScore} (passed by a delegation issued within
 * {@code maxAge}); otherwise throttle when a velocity rule fired, else allow. Read-only requests are never
 * denied or stepped up: from {@code stepUpScore} (reasons not all velocity) they are throttled. In {@link RiskMode#ENFORCE} the action is computed over the rules in
 * {@link RiskMode.RuleMode#ENFORCE} only; in shadow it is always allow, and {@link RiskDecision#wouldBe()} says
 * what enforcing every rule would have done. A rule that throws is skipped and reported to the error handler.
 *
 * @since 0.1.0
 */
public final class RiskEngine {

	private final List<RiskRule> rules;

	private final RiskPolicy policy;

	private BiConsumer<RiskRule, RuntimeException> ruleErrors = (rule, ex) -> {
	};

	/**
	 * @throws IllegalArgumentException if two rules share an id
	 */
	public RiskEngine(List<? extends RiskRule> rules, RiskPolicy policy) {
		this.policy = Objects.requireNonNull(policy, "policy cannot be null");
		Set<String> ids = new HashSet<>();
		List<RiskRule> enabled = new ArrayList<>();
		for (RiskRule rule : rules) {
			Objects.requireNonNull(rule.id(), "A risk rule's id cannot be null");
			if (!ids.add(rule.id())) {
				throw new IllegalArgumentException("Two risk rules have the id '" + rule.id() + "'");
			}
			if (policy.rule(rule.id()).enabled()) {
				enabled.add(rule);
			}
		}
		this.rules = List.copyOf(enabled);
	}

	private RiskEngine(RiskEngine engine, RiskPolicy policy) {
		this.rules = engine.rules;
		this.policy = policy;
		this.ruleErrors = engine.ruleErrors;
	}

	/** The same rules in another mode (e.g. switching from shadow to enforce at run time). */
	public RiskEngine withMode(RiskMode mode) {
		return new RiskEngine(this, this.policy.withMode(mode));
	}

	/** Told about every rule that throws (logged and counted by the caller); must not throw itself. */
	public void setRuleErrorHandler(BiConsumer<RiskRule, RuntimeException> ruleErrors) {
		this.ruleErrors = Objects.requireNonNull(ruleErrors, "ruleErrors cannot be null");
	}

	public RiskPolicy policy() {
		return this.policy;
	}

	/** The rules that run (enabled ones). */
	public List<RiskRule> rules() {
		return this.rules;
	}

	public RiskDecision evaluate(RiskFeatures features, String decisionId) {
		boolean marketEvent = features.stateAvailable() && features.merchantPurchasesBaseline() > 0
				&& features.merchantPurchases() > this.policy.marketEventFactor()
						* features.merchantPurchasesBaseline();
		List<RiskReason> reasons = new ArrayList<>(4);
		for (RiskRule rule : this.rules) {
			RiskReason reason;
			try {
				reason = rule.evaluate(features);
			}
			catch (RuntimeException ex) {
				this.ruleErrors.accept(rule, ex);
				continue;
			}
			if (reason == null) {
				continue;
			}
			double points = reason.points() * this.policy.rule(rule.id()).weight();
			if (marketEvent && RiskRule.isVelocity(rule.id())) {
				points /= 2;
			}
			// the reason carries the rule's id, whatever an application's rule wrote into it
			reasons.add(new RiskReason(rule.id(), (int) Math.round(points), reason.value(), reason.threshold()));
		}
		int score = score(reasons);
		RiskAction wouldBe = action(reasons, score, features);
		RiskAction action = RiskAction.ALLOW;
		if (this.policy.mode() == RiskMode.ENFORCE) {
			List<RiskReason> enforceable = reasons.stream()
				.filter((r) -> this.policy.rule(r.rule()).mode() == RiskMode.RuleMode.ENFORCE)
				.toList();
			action = (enforceable.size() == reasons.size()) ? wouldBe
					: action(enforceable, score(enforceable), features);
		}
		return new RiskDecision(decisionId, score, reasons, wouldBe, action, this.policy.mode(), marketEvent,
				!features.stateAvailable(), features);
	}

	private static int score(List<RiskReason> reasons) {
		int sum = 0;
		for (RiskReason reason : reasons) {
			sum += reason.points();
		}
		return Math.min(100, sum);
	}

	private RiskAction action(List<RiskReason> reasons, int score, RiskFeatures features) {
		boolean anyVelocity = false;
		boolean velocityOnly = true;
		for (RiskReason reason : reasons) {
			if (reason.points() == 0) {
				continue;
			}
			anyVelocity |= reason.velocity();
			velocityOnly &= reason.velocity();
		}
		if (!velocityOnly && score >= this.policy.stepUpScore()) {
			if (features.safe()) {
				// a read cannot be stepped up or denied, but a scraper's reads can be slowed down
				return RiskAction.THROTTLE;
			}
			if (score >= this.policy.denyScore()) {
				return RiskAction.DENY;
			}
			if (!fresh(features.delegationAge())) {
				return RiskAction.STEP_UP;
			}
		}
		return anyVelocity ? RiskAction.THROTTLE : RiskAction.ALLOW;
	}

	private boolean fresh(@Nullable Duration delegationAge) {
		return delegationAge != null && delegationAge.compareTo(this.policy.maxAge()) <= 0;
	}

}
