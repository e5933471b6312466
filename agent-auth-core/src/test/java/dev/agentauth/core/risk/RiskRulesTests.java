package dev.agentauth.core.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Each built-in rule fires just above (or at) its threshold and not below, from feature snapshots.
 */
class RiskRulesTests {

	static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	static RiskFeatures.Builder features() {
		return RiskFeatures.builder()
			.now(NOW)
			.method("POST")
			.path("/api/orders")
			.agent("agent-1", "kid-1")
			.delegation("consumer-1", "grant-1", Duration.ofMinutes(30))
			.clientAddress("203.0.113.7")
			.keyHistory(NOW.minus(Duration.ofDays(30)), 1000)
			.lastCart(NOW.minusSeconds(60))
			.stateAvailable(true);
	}

	private static RiskReason fire(String id, RiskFeatures.Builder features) {
		return RiskRules.byId(id, null).evaluate(features.build());
	}

	@Test
	void agentBurstWhenAboveFiftyThenFiresAndAtFiftyDoesNot() {
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(50, 2))).isNull();
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(51, 2)))
			.isEqualTo(new RiskReason(RiskRules.AGENT_BURST, 21, 51, 50));
	}

	@Test
	void agentBurstWhenTwiceTheThresholdThenSeventyPointsAloneReachTheDenyScore() {
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(75, 2)).points()).isEqualTo(45);
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(100, 2)).points())
			.isEqualTo(RiskPolicy.DEFAULT.denyScore());
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(1000, 2)).points()).isEqualTo(70);
	}

	@Test
	void agentBurstWhenBaselineHighThenThresholdIsFourTimesIt() {
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(80, 20))).isNull();
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(81, 20)).threshold()).isEqualTo(80);
	}

	@Test
	void agentBurstWhenStateUnavailableThenDoesNotFire() {
		assertThat(fire(RiskRules.AGENT_BURST, features().agentRequests(500, 0).stateAvailable(false))).isNull();
	}

	@Test
	void purchaseRateWhenAboveMaxOfTenAndThreeTimesEwmaThenFires() {
		assertThat(fire(RiskRules.PURCHASE_RATE, features().delegationPurchases(10, 1, 10))).isNull();
		assertThat(fire(RiskRules.PURCHASE_RATE, features().delegationPurchases(11, 1, 11)).points()).isEqualTo(25);
		assertThat(fire(RiskRules.PURCHASE_RATE, features().delegationPurchases(12, 4, 20))).isNull();
		assertThat(fire(RiskRules.PURCHASE_RATE, features().delegationPurchases(13, 4, 20))).isNotNull();
	}

	@Test
	void purchaseRateWhenNoDelegationThenDoesNotFire() {
		assertThat(fire(RiskRules.PURCHASE_RATE,
				features().delegation(null, null, null).delegationPurchases(100, 0, 100))).isNull();
	}

	@Test
	void consumerFanoutWhenMoreThanThreeAgentsThenFires() {
		assertThat(fire(RiskRules.CONSUMER_FANOUT, features().consumerAgents(3))).isNull();
		assertThat(fire(RiskRules.CONSUMER_FANOUT, features().consumerAgents(4)).points()).isEqualTo(20);
	}

	@Test
	void undeclaredEgressWhenNetworksDeclaredAndNoMatchThenFires() {
		assertThat(fire(RiskRules.UNDECLARED_EGRESS, features())).isNull();
		assertThat(fire(RiskRules.UNDECLARED_EGRESS, features().allowedNetworks(List.of("203.0.113.0/24"))))
			.isNull();
		assertThat(fire(RiskRules.UNDECLARED_EGRESS,
				features().allowedNetworks(List.of("198.51.100.0/24", "2001:db8::/32"))).points())
			.isEqualTo(40);
	}

	@Test
	void undeclaredEgressWhenStoreDownThenStillFires() {
		assertThat(fire(RiskRules.UNDECLARED_EGRESS,
				features().stateAvailable(false).allowedNetworks(List.of("198.51.100.0/24")))).isNotNull();
	}

	@Test
	void ipDiversityWhenAboveTwentyThenFires() {
		assertThat(fire(RiskRules.IP_DIVERSITY, features().agentNetworks(20, 1))).isNull();
		assertThat(fire(RiskRules.IP_DIVERSITY, features().agentNetworks(21, 1)).points()).isEqualTo(15);
		assertThat(fire(RiskRules.IP_DIVERSITY, features().agentNetworks(30, 10))).isNull();
	}

	@Test
	void amountOutlierWhenZAboveThreeAndAHalfWithTenSamplesThenFires() {
		List<Double> amounts = new ArrayList<>(List.of(10.0, 11.0, 12.0, 9.0, 10.0, 11.0, 10.0, 9.0, 12.0, 10.0));
		// median 10, MAD 1: z = 0.6745 (x - 10)
		assertThat(fire(RiskRules.AMOUNT_OUTLIER, purchase(amounts, "15"))).isNull(); // z 3.37
		RiskReason reason = fire(RiskRules.AMOUNT_OUTLIER, purchase(amounts, "16")); // z 4.05
		assertThat(reason.points()).isBetween(10, 14);
		assertThat(fire(RiskRules.AMOUNT_OUTLIER, purchase(amounts, "1000")).points()).isEqualTo(25);
	}

	@Test
	void amountOutlierWhenFewerThanTenSamplesThenDoesNotFire() {
		List<Double> amounts = Collections.nCopies(9, 10.0);
		assertThat(fire(RiskRules.AMOUNT_OUTLIER, purchase(amounts, "1000"))).isNull();
	}

	private static RiskFeatures.Builder purchase(List<Double> amounts, String amount) {
		return features().consumerAmounts(amounts).purchase(new BigDecimal(amount), null);
	}

	@Test
	void budgetDrainWhenFirstPurchaseTakesMoreThanEightyPercentThenFires() {
		assertThat(fire(RiskRules.BUDGET_DRAIN,
				features().purchase(new BigDecimal("80"), new BigDecimal("100")).delegationPurchases(0, 0, 0)))
			.isNull();
		assertThat(fire(RiskRules.BUDGET_DRAIN,
				features().purchase(new BigDecimal("81"), new BigDecimal("100")).delegationPurchases(0, 0, 0))
			.points()).isEqualTo(10);
		assertThat(fire(RiskRules.BUDGET_DRAIN,
				features().purchase(new BigDecimal("81"), new BigDecimal("100")).delegationPurchases(1, 0, 1)))
			.isNull();
	}

	@Test
	void skuScrapeWhenMoreThanOneHundredResourcesThenFiresWithTheStepUpScore() {
		assertThat(fire(RiskRules.SKU_SCRAPE, features().agentResources(100))).isNull();
		assertThat(fire(RiskRules.SKU_SCRAPE, features().agentResources(101)).points())
			.isEqualTo(RiskPolicy.DEFAULT.stepUpScore());
	}

	@Test
	void checkoutWithoutCartWhenNoCartInThirtyMinutesThenFires() {
		RiskFeatures.Builder checkout = features().endpoint(RiskFeatures.Endpoint.CHECKOUT);
		assertThat(fire(RiskRules.CHECKOUT_WITHOUT_CART, checkout.lastCart(NOW.minus(Duration.ofMinutes(30)))))
			.isNull();
		assertThat(fire(RiskRules.CHECKOUT_WITHOUT_CART, checkout.lastCart(NOW.minus(Duration.ofMinutes(31))))
			.points()).isEqualTo(RiskPolicy.DEFAULT.stepUpScore());
		assertThat(fire(RiskRules.CHECKOUT_WITHOUT_CART, checkout.lastCart(null))).isNotNull();
		assertThat(fire(RiskRules.CHECKOUT_WITHOUT_CART, features().lastCart(null))).isNull();
	}

	@Test
	void failureBurstWhenTenPerKeyOrTwentyPerNetworkThenFires() {
		assertThat(fire(RiskRules.FAILURE_BURST, features().failures(9, 19))).isNull();
		assertThat(fire(RiskRules.FAILURE_BURST, features().failures(10, 0)).points()).isEqualTo(40);
		assertThat(fire(RiskRules.FAILURE_BURST, features().failures(15, 0)).points()).isEqualTo(55);
		assertThat(fire(RiskRules.FAILURE_BURST, features().failures(20, 0)).points()).isEqualTo(70);
		assertThat(fire(RiskRules.FAILURE_BURST, features().failures(0, 20)).threshold()).isEqualTo(20);
		assertThat(fire(RiskRules.FAILURE_BURST, features().failures(0, 40)).points()).isEqualTo(70);
	}

	@Test
	void deniedAttemptsWhenThreeThenFires() {
		assertThat(fire(RiskRules.DENIED_ATTEMPTS, features().deniedAttempts(2))).isNull();
		assertThat(fire(RiskRules.DENIED_ATTEMPTS, features().deniedAttempts(3)).points()).isEqualTo(40);
	}

	@Test
	void coldStartWhenFewCleanRequestsOrYoungKeyThenFires() {
		assertThat(fire(RiskRules.COLD_START, features())).isNull();
		assertThat(fire(RiskRules.COLD_START, features().keyHistory(NOW.minus(Duration.ofDays(2)), 19)).points())
			.isEqualTo(10);
		assertThat(fire(RiskRules.COLD_START, features().keyHistory(NOW.minus(Duration.ofHours(23)), 500)))
			.isNotNull();
		assertThat(fire(RiskRules.COLD_START, features().keyHistory(NOW.minus(Duration.ofHours(24)), 20))).isNull();
	}

	@Test
	void byIdWhenThresholdGivenThenReplacesTheDefault() {
		assertThat(RiskRules.byId(RiskRules.SKU_SCRAPE, 5.0).evaluate(features().agentResources(6).build()))
			.isNotNull();
	}

	@Test
	void byIdWhenUnknownOrNegativeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RiskRules.byId("velocity.nope", null))
			.withMessageContaining("velocity.agent_burst");
		assertThatIllegalArgumentException().isThrownBy(() -> RiskRules.byId(RiskRules.SKU_SCRAPE, -1.0));
	}

	@Test
	void featuresWhenWrittenAsJsonThenReadBackEqual() {
		RiskFeatures features = features().allowedNetworks(List.of("10.0.0.0/8"))
			.consumerAmounts(List.of(1.5, 2.0))
			.purchase(new BigDecimal("12.50"), new BigDecimal("100"))
			.agentRequests(7, 1.5)
			.build();
		assertThat(RiskFeatures.fromJson(features.toJson()).build().toJson()).isEqualTo(features.toJson());
	}

}
