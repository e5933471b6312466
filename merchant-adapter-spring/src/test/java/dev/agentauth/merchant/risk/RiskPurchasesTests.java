package dev.agentauth.merchant.risk;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationDetails;
import dev.agentauth.core.risk.AnomalyModel;
import dev.agentauth.core.risk.InMemoryRiskFeatureStore;
import dev.agentauth.core.risk.IsolationForest;
import dev.agentauth.core.risk.RiskAction;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.core.risk.RiskPolicy;
import dev.agentauth.core.risk.RiskReplay;
import dev.agentauth.core.risk.RiskRules;
import dev.agentauth.merchant.delegation.Delegation;
import dev.agentauth.merchant.signature.AgentPrincipal;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The purchase API: recorded amounts become the consumer's history, against which an outlier is scored.
 */
@ExtendWith(OutputCaptureExtension.class)
class RiskPurchasesTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final InMemoryRiskFeatureStore store = new InMemoryRiskFeatureStore(100);

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	private RiskEvaluator evaluator(RiskMode mode) {
		return evaluator(RiskPolicy.DEFAULT.withMode(mode));
	}

	private RiskEvaluator evaluator(RiskPolicy policy) {
		// the twelve purchases recorded within one hour would trip velocity.purchase_rate: not what is tested here
		RiskPolicy withoutRate = policy.withRule(RiskRules.PURCHASE_RATE,
				new RiskPolicy.RuleSettings(false, 1, RiskMode.RuleMode.ENFORCE));
		return new RiskEvaluator(new RiskEngine(RiskRules.defaults(), withoutRate), this.store,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static void cart(RiskEvaluator evaluator, Delegation delegation) {
		evaluator.evaluate(new MockHttpServletRequest("POST", "/api/v1/cart"), "agent-1", "kid-1", List.of(),
				delegation);
	}

	private RiskDecision checkout(RiskEvaluator evaluator, Delegation delegation) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/checkout");
		RiskDecision decision = evaluator.evaluate(request, "agent-1", "kid-1", List.of(), delegation);
		AgentPrincipal agent = new AgentPrincipal("agent-1", "kid-1", null, delegation, decision);
		SecurityContextHolder.getContext().setAuthentication(AgentSignatureAuthenticationToken.authenticated(agent));
		return decision;
	}

	private static Delegation delegation() throws Exception {
		return new Delegation("alice", "grant-1", List.of("checkout:create"),
				DelegationDetails.parse("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"500.00\","
						+ "\"currency\":\"EUR\"},\"budget\":{\"value\":\"1000.00\",\"currency\":\"EUR\",\"period\":"
						+ "\"month\"}}]"),
				NOW.plusSeconds(600), NOW.minus(Duration.ofHours(1)));
	}

	@Test
	void assessWhenAmountFarFromTheConsumersUsualOnesThenOutlierAndAloneNotRefused() throws Exception {
		RiskEvaluator evaluator = evaluator(RiskMode.ENFORCE);
		RiskPurchases purchases = new RiskPurchases(evaluator);
		Delegation delegation = delegation();
		cart(evaluator, delegation);
		checkout(evaluator, delegation);
		for (String amount : Collections.nCopies(12, "15.00")) {
			purchases.record(new BigDecimal(amount), "EUR");
		}
		checkout(evaluator, delegation);
		// amount_outlier 25 + cold_start 10 = 35: below the step-up score (a sale's bigger baskets pass)
		RiskDecision decision = purchases.assess(new BigDecimal("450.00"), "EUR");
		assertThat(decision.rulesSummary()).isEqualTo("behavior.amount_outlier:25,agent.cold_start:10");
		assertThat(decision.action()).isEqualTo(RiskAction.ALLOW);
	}

	@Test
	void assessWhenAmountFarFromTheConsumersUsualOnesThenOutlierAndInEnforceRefused() throws Exception {
		RiskEvaluator evaluator = evaluator(RiskPolicy.DEFAULT.withMode(RiskMode.ENFORCE)
			.withRule(RiskRules.AMOUNT_OUTLIER, new RiskPolicy.RuleSettings(true, 2, RiskMode.RuleMode.ENFORCE)));
		RiskPurchases purchases = new RiskPurchases(evaluator);
		Delegation delegation = delegation();
		cart(evaluator, delegation);
		checkout(evaluator, delegation);
		for (String amount : Collections.nCopies(12, "15.00")) {
			purchases.record(new BigDecimal(amount), "EUR");
		}
		checkout(evaluator, delegation);
		assertThat(purchases.assess(new BigDecimal("15.00"), "EUR").reasons())
			.noneMatch((r) -> r.rule().equals(RiskRules.AMOUNT_OUTLIER));
		// amount_outlier 25 at weight 2 (+ cold_start 10 = 60): a step-up, the token is an hour old
		assertThatExceptionOfType(RiskRefusedException.class)
			.isThrownBy(() -> purchases.assess(new BigDecimal("450.00"), "EUR"))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo(ErrorCode.FRESH_DELEGATION_REQUIRED);
				assertThat(ex.decision().rulesSummary()).contains("behavior.amount_outlier:50");
				assertThat(ex.decision().action()).isEqualTo(RiskAction.STEP_UP);
			});
	}

	@Test
	void evaluateWhenDecisionLogSetThenEachDecisionIsALineTheReplayReads(@TempDir Path directory) throws Exception {
		RiskEvaluator evaluator = evaluator(RiskMode.SHADOW);
		Path log = directory.resolve("decisions.jsonl");
		evaluator.setDecisionLog(log);
		RiskDecision first = checkout(evaluator, delegation());
		checkout(evaluator, delegation());
		List<String> lines = Files.readAllLines(log);
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).contains("\"decision_id\":\"" + first.decisionId() + "\"")
			.contains("\"features\":{");
		Properties stricter = new Properties();
		stricter.setProperty("agentauth.risk.rules.sequence.checkout_without_cart.weight", "2");
		RiskReplay.Result replayed = new RiskReplay(RiskReplay.engine(stricter))
			.replay(Files.newBufferedReader(log));
		assertThat(replayed.decisions()).isEqualTo(2);
		// 40 -> 80 points for the missing cart call, + cold start 10: step-up -> deny
		assertThat(replayed.transitions()).containsEntry("step_up -> deny", 2L);
	}

	@Test
	void assessWhenCalledThenSamePathAsARequestAndTheCheckoutCountsOnce(@TempDir Path directory,
			CapturedOutput output) throws Exception {
		RiskEvaluator evaluator = evaluator(RiskMode.SHADOW);
		List<RiskDecision> told = new ArrayList<>();
		evaluator.setListener(new RiskDecisionListener() {
			@Override
			public void decided(RiskDecision decision, Duration elapsed) {
				told.add(decision);
			}

			@Override
			public void degraded() {
			}

			@Override
			public void ruleFailed(String ruleId) {
			}
		});
		Path log = directory.resolve("decisions.jsonl");
		evaluator.setDecisionLog(log);
		RiskDecision request = checkout(evaluator, delegation());
		RiskDecision purchase = new RiskPurchases(evaluator).assess(new BigDecimal("900.00"), "EUR");
		// the listeners (metrics, signals) hear the purchase's decision too
		assertThat(told).hasSize(2);
		assertThat(told.get(1)).isSameAs(purchase);
		assertThat(purchase.decisionId()).isEqualTo(request.decisionId());
		assertThat(purchase.rulesSummary()).contains("behavior.budget_drain:10");
		// the decision counters count the checkout once, as its purchase's decision
		assertThat(evaluator.decisionCounts().get("wouldBe").values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(1);
		assertThat(evaluator.decisionCounts().get("applied")).containsEntry("allow", 1L);
		assertThat(output.getOut()).contains("outcome=assessed agent=agent-1 keyid=kid-1 path=/api/v1/checkout "
				+ "amount=900.00 decision_id=" + purchase.decisionId() + " score=" + purchase.score());
		// the decision log has both lines; the replay counts the checkout once
		assertThat(Files.readAllLines(log)).hasSize(2);
		RiskReplay.Result replayed = new RiskReplay(RiskReplay.engine(new Properties()))
			.replay(Files.newBufferedReader(log));
		assertThat(replayed.decisions()).isEqualTo(1);
		assertThat(replayed.ruleHits().get(RiskRules.BUDGET_DRAIN)).containsExactly(1, 1);
		assertThat(replayed.transitions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
	}

	@Test
	void evaluateWhenAnomalyModelSetThenItsScoreIsLoggedAndTheDecisionUnchanged(@TempDir Path directory)
			throws Exception {
		RiskEvaluator evaluator = evaluator(RiskMode.ENFORCE);
		Path log = directory.resolve("decisions.jsonl");
		evaluator.setDecisionLog(log);
		RiskDecision without = checkout(evaluator, delegation());
		List<double[]> ordinary = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			ordinary.add(new double[AnomalyModel.FEATURES.size()]);
		}
		evaluator.setAnomalyModel(new AnomalyModel(IsolationForest.train(ordinary, 10, 32, 1)));
		RiskDecision with = checkout(evaluator, delegation());
		assertThat(with.action()).isEqualTo(without.action());
		List<String> lines = Files.readAllLines(log);
		assertThat(lines.get(0)).doesNotContain("anomaly_score");
		assertThat(lines.get(1)).containsPattern("\"anomaly_score\":0\\.\\d+");
	}

	@Test
	void modeOffWhenRequestRefusalOrPurchaseThenNoDecisionAndNothingRecorded() throws Exception {
		RiskEvaluator evaluator = evaluator(RiskMode.OFF);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/checkout");
		assertThat(evaluator.evaluate(request, "agent-1", "kid-1", List.of(), delegation())).isNull();
		assertThat(request.getAttribute(RiskEvaluator.REQUEST_ATTRIBUTE)).isNull();
		evaluator.refused(request, ErrorCode.SIGNATURE_INVALID, "agent-1", "kid-1", null);
		assertThat(evaluator.topFailures(10).agents()).isEmpty();
		AgentPrincipal agent = new AgentPrincipal("agent-1", "kid-1", null, delegation(), null);
		SecurityContextHolder.getContext().setAuthentication(AgentSignatureAuthenticationToken.authenticated(agent));
		assertThat(new RiskPurchases(evaluator).assess(new BigDecimal("900.00"), "EUR")).isNull();
		assertThat(evaluator.decisionCounts().get("wouldBe").values()).containsOnly(0L);
		assertThat(evaluator.degradedCount()).isZero();
	}

	@Test
	void assessWhenShadowThenNeverThrowsButSaysWhatWouldHappen() throws Exception {
		RiskEvaluator evaluator = evaluator(RiskMode.SHADOW);
		RiskPurchases purchases = new RiskPurchases(evaluator);
		checkout(evaluator, delegation());
		// the delegation's first purchase takes 90 % of its budget
		RiskDecision decision = purchases.assess(new BigDecimal("900.00"), "EUR");
		assertThat(decision.rulesSummary()).contains("behavior.budget_drain:10");
		assertThat(decision.action()).isEqualTo(RiskAction.ALLOW);
		assertThat(decision.wouldBe()).isEqualTo(RiskAction.STEP_UP);
	}

}
