package dev.agentauth.core.risk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.agentauth.core.risk.RiskRulesTests.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The score model and the actions, in shadow and enforce mode.
 */
class RiskEngineTests {

	private static final RiskPolicy ENFORCE = RiskPolicy.DEFAULT.withMode(RiskMode.ENFORCE);

	private static RiskRule fixed(String id, int points) {
		return new RiskRule() {
			@Override
			public String id() {
				return id;
			}

			@Override
			public RiskReason evaluate(RiskFeatures features) {
				return new RiskReason(id, points, 1, 0);
			}
		};
	}

	private static RiskDecision decide(RiskPolicy policy, RiskFeatures.Builder features, RiskRule... rules) {
		return new RiskEngine(List.of(rules), policy).evaluate(features.build(), "d-1");
	}

	@Test
	void evaluateWhenNothingFiresThenAllowWithScoreZero() {
		RiskDecision decision = decide(ENFORCE, features(), fixed("x.none", 0));
		assertThat(decision.score()).isZero();
		assertThat(decision.action()).isEqualTo(RiskAction.ALLOW);
	}

	@Test
	void evaluateWhenPointsSumAboveHundredThenScoreIsHundred() {
		RiskDecision decision = decide(ENFORCE, features(), fixed("a.one", 60), fixed("a.two", 60));
		assertThat(decision.score()).isEqualTo(100);
		assertThat(decision.rulesSummary()).isEqualTo("a.one:60,a.two:60");
	}

	@Test
	void evaluateWhenScoreBelowFortyThenAllow() {
		assertThat(decide(ENFORCE, features(), fixed("a.one", 39)).action()).isEqualTo(RiskAction.ALLOW);
	}

	@Test
	void evaluateWhenScoreFortyOnUnsafeRequestWithOldDelegationThenStepUp() {
		assertThat(decide(ENFORCE, features(), fixed("a.one", 40)).action()).isEqualTo(RiskAction.STEP_UP);
		assertThat(decide(ENFORCE, features(), fixed("a.one", 69)).action()).isEqualTo(RiskAction.STEP_UP);
	}

	@Test
	void evaluateWhenScoreFortyWithFreshDelegationThenAllow() {
		RiskFeatures.Builder fresh = features().delegation("c", "g", Duration.ofMinutes(5));
		assertThat(decide(ENFORCE, fresh, fixed("a.one", 40)).action()).isEqualTo(RiskAction.ALLOW);
	}

	@Test
	void evaluateWhenScoreFortyWithoutDelegationThenStepUp() {
		RiskFeatures.Builder none = features().delegation(null, null, null);
		assertThat(decide(ENFORCE, none, fixed("a.one", 40)).action()).isEqualTo(RiskAction.STEP_UP);
	}

	@Test
	void evaluateWhenScoreSeventyThenDenyEvenWithFreshDelegation() {
		RiskFeatures.Builder fresh = features().delegation("c", "g", Duration.ofMinutes(1));
		assertThat(decide(ENFORCE, fresh, fixed("a.one", 70)).action()).isEqualTo(RiskAction.DENY);
	}

	@Test
	void evaluateWhenOnlyVelocityRulesFireThenThrottleWhateverTheScore() {
		assertThat(decide(ENFORCE, features(), fixed("velocity.a", 20)).action()).isEqualTo(RiskAction.THROTTLE);
		assertThat(decide(ENFORCE, features(), fixed("velocity.a", 50), fixed("velocity.b", 50)).action())
			.isEqualTo(RiskAction.THROTTLE);
	}

	@Test
	void evaluateWhenVelocityAndOtherRulesBelowFortyThenThrottle() {
		assertThat(decide(ENFORCE, features(), fixed("velocity.a", 20), fixed("agent.x", 10)).action())
			.isEqualTo(RiskAction.THROTTLE);
	}

	@Test
	void evaluateWhenReadOnlyRequestThenNeverDeniedOrSteppedUpButThrottled() {
		assertThat(decide(ENFORCE, features().method("GET"), fixed("a.one", 100)).action())
			.isEqualTo(RiskAction.THROTTLE);
		assertThat(decide(ENFORCE, features().method("GET"), fixed("a.one", 40)).action())
			.isEqualTo(RiskAction.THROTTLE);
		assertThat(decide(ENFORCE, features().method("GET"), fixed("a.one", 39)).action())
			.isEqualTo(RiskAction.ALLOW);
		assertThat(decide(ENFORCE, features().method("HEAD"), fixed("a.one", 100), fixed("velocity.a", 20))
			.action()).isEqualTo(RiskAction.THROTTLE);
	}

	@Test
	void evaluateWhenShadowThenAllowButWouldBeSaysWhatEnforceWould() {
		RiskDecision decision = decide(RiskPolicy.DEFAULT, features(), fixed("a.one", 75));
		assertThat(decision.action()).isEqualTo(RiskAction.ALLOW);
		assertThat(decision.wouldBe()).isEqualTo(RiskAction.DENY);
		assertThat(decision.enforced()).isFalse();
		assertThat(decision.mode()).isEqualTo(RiskMode.SHADOW);
	}

	@Test
	void evaluateWhenRuleInCountModeThenItsPointsScoreButDoNotBlock() {
		RiskPolicy policy = ENFORCE.withRule("a.one",
				new RiskPolicy.RuleSettings(true, 1, RiskMode.RuleMode.COUNT));
		RiskDecision decision = decide(policy, features(), fixed("a.one", 75), fixed("a.two", 45));
		assertThat(decision.score()).isEqualTo(100);
		assertThat(decision.wouldBe()).isEqualTo(RiskAction.DENY);
		assertThat(decision.action()).isEqualTo(RiskAction.STEP_UP);
	}

	@Test
	void evaluateWhenRuleDisabledOrReweightedThenPointsFollow() {
		RiskPolicy policy = ENFORCE.withRule("a.one", new RiskPolicy.RuleSettings(false, 1, RiskMode.RuleMode.ENFORCE))
			.withRule("a.two", new RiskPolicy.RuleSettings(true, 0.5, RiskMode.RuleMode.ENFORCE));
		RiskDecision decision = decide(policy, features(), fixed("a.one", 75), fixed("a.two", 30));
		assertThat(decision.rulesSummary()).isEqualTo("a.two:15");
	}

	@Test
	void evaluateWhenMerchantPurchasesSpikeThenVelocityPointsHalved() {
		RiskFeatures.Builder sale = features().merchantPurchases(31, 10);
		RiskDecision decision = decide(ENFORCE, sale, fixed("velocity.a", 20), fixed("agent.x", 10));
		assertThat(decision.marketEvent()).isTrue();
		assertThat(decision.rulesSummary()).isEqualTo("velocity.a:10,agent.x:10");
		assertThat(decide(ENFORCE, features().merchantPurchases(30, 10), fixed("velocity.a", 20)).score())
			.isEqualTo(20);
	}

	@Test
	void evaluateWhenRuleThrowsThenSkippedReportedAndScoreUnaffected() {
		RiskRule throwing = new RiskRule() {
			@Override
			public String id() {
				return "app.broken";
			}

			@Override
			public RiskReason evaluate(RiskFeatures features) {
				throw new IllegalStateException("boom");
			}
		};
		RiskEngine engine = new RiskEngine(List.of(throwing, fixed("a.one", 10)), ENFORCE);
		List<String> errors = new ArrayList<>();
		engine.setRuleErrorHandler((rule, ex) -> errors.add(rule.id() + ": " + ex.getMessage()));
		RiskDecision decision = engine.evaluate(features().build(), "d");
		assertThat(decision.score()).isEqualTo(10);
		assertThat(errors).containsExactly("app.broken: boom");
	}

	@Test
	void engineWhenTwoRulesShareAnIdThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RiskEngine(List.of(fixed("a", 1), fixed("a", 2)), ENFORCE));
	}

	@Test
	void policyWhenThresholdsOutOfOrderOrWeightOutOfRangeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RiskPolicy.DEFAULT.withThresholds(70, 40));
		assertThatIllegalArgumentException().isThrownBy(() -> RiskPolicy.DEFAULT.withThresholds(0, 40));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RiskPolicy.RuleSettings(true, -1, RiskMode.RuleMode.COUNT));
	}

	@Test
	void defaultsWhenColdKeyChecksOutWithoutCartThenStepUpUnlessTheDelegationIsFresh() {
		RiskFeatures.Builder cold = features().endpoint(RiskFeatures.Endpoint.CHECKOUT)
			.lastCart(null)
			.keyHistory(RiskRulesTests.NOW, 0);
		RiskEngine engine = new RiskEngine(RiskRules.defaults(), ENFORCE);
		RiskDecision decision = engine.evaluate(cold.delegation("c", "g", Duration.ofMinutes(6)).build(), "d");
		assertThat(decision.rulesSummary()).isEqualTo("sequence.checkout_without_cart:40,agent.cold_start:10");
		assertThat(decision.action()).isEqualTo(RiskAction.STEP_UP);
		assertThat(engine.evaluate(cold.delegation("c", "g", Duration.ofMinutes(1)).build(), "d").action())
			.isEqualTo(RiskAction.ALLOW);
	}

	@Test
	void defaultsWhenKnownKeyChecksOutWithoutCartThenStepUp() {
		RiskFeatures.Builder known = features().endpoint(RiskFeatures.Endpoint.CHECKOUT)
			.lastCart(null)
			.delegation("c", "g", Duration.ofMinutes(30));
		RiskDecision decision = new RiskEngine(RiskRules.defaults(), ENFORCE).evaluate(known.build(), "d");
		assertThat(decision.rulesSummary()).isEqualTo("sequence.checkout_without_cart:40");
		assertThat(decision.action()).isEqualTo(RiskAction.STEP_UP);
	}

	@Test
	void defaultsWhenABurstOfTwiceTheThresholdThenScoreReachesTheDenyScoreButOnlyThrottles() {
		RiskDecision decision = new RiskEngine(RiskRules.defaults(), ENFORCE)
			.evaluate(features().method("POST").agentRequests(100, 1).build(), "d");
		assertThat(decision.score()).isGreaterThanOrEqualTo(RiskPolicy.DEFAULT.denyScore());
		assertThat(decision.action()).isEqualTo(RiskAction.THROTTLE);
	}

}
