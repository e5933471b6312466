package dev.agentauth.core.risk;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRiskFeatureStoreTests {

	private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

	private final InMemoryRiskFeatureStore store = new InMemoryRiskFeatureStore(100);

	private RiskFeatures observe(Instant now, String keyId, String path, RiskFeatures.Endpoint endpoint) {
		RiskFeatures.Builder features = RiskFeatures.builder().now(now).method("GET").path(path).agent("a", keyId);
		this.store.observe(new RiskObservation(now, "a", keyId, "g-1", "c-1", "203.0.113.0/24", path, endpoint),
				features);
		return features.build();
	}

	@Test
	void observeWhenRequestsInOneWindowThenCountedAndBaselineFromEarlierWindows() {
		for (int i = 0; i < 10; i++) {
			observe(T0.plusMillis(i), "k", "/p", RiskFeatures.Endpoint.OTHER);
		}
		RiskFeatures next = observe(T0.plusSeconds(10), "k", "/p", RiskFeatures.Endpoint.OTHER);
		assertThat(next.agentRequests()).isEqualTo(1);
		assertThat(next.agentRequestsBaseline()).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(next.keyCleanRequests()).isEqualTo(10);
		assertThat(next.keyFirstSeen()).isEqualTo(T0);
		assertThat(next.stateAvailable()).isTrue();
	}

	@Test
	void observeWhenCartThenCheckoutSeesIt() {
		assertThat(observe(T0, "k", "/checkout", RiskFeatures.Endpoint.CHECKOUT).lastCart()).isNull();
		observe(T0.plusSeconds(1), "k", "/cart", RiskFeatures.Endpoint.CART);
		assertThat(observe(T0.plusSeconds(2), "k", "/checkout", RiskFeatures.Endpoint.CHECKOUT).lastCart())
			.isEqualTo(T0.plusSeconds(1));
	}

	@Test
	void recordWhenPurchasesRefusalsAndDenialsThenSeenByNextRequest() {
		this.store.recordPurchase("g-1", "c-1", 12.5, T0);
		this.store.recordRefusal("k", "a", "203.0.113.0/24", T0);
		this.store.recordRefusal(null, null, "203.0.113.0/24", T0);
		this.store.recordDenied("g-1", T0);
		RiskFeatures next = observe(T0.plusSeconds(1), "k", "/checkout", RiskFeatures.Endpoint.CHECKOUT);
		assertThat(next.delegationPurchases()).isEqualTo(1);
		assertThat(next.delegationPurchasesTotal()).isEqualTo(1);
		assertThat(next.consumerAmounts()).containsExactly(12.5);
		assertThat(next.keyFailures()).isEqualTo(1);
		assertThat(next.networkFailures()).isEqualTo(2);
		assertThat(next.deniedAttempts()).isEqualTo(1);
		assertThat(next.merchantPurchases()).isEqualTo(1);
		assertThat(this.store.topFailures(5, T0).networks())
			.containsExactly(new RiskFeatureStore.TopFailures.Entry("203.0.113.0/24", 2));
		assertThat(this.store.topFailures(5, T0.plus(Duration.ofHours(1))).networks()).isEmpty();
	}

	@Test
	void observeWhenMoreKeysThanMaxEntriesThenOldestForgotten() {
		for (int i = 0; i < 150; i++) {
			observe(T0, "k" + i, "/p", RiskFeatures.Endpoint.OTHER);
		}
		assertThat(observe(T0, "k0", "/p", RiskFeatures.Endpoint.OTHER).keyCleanRequests()).isZero();
		assertThat(observe(T0, "k149", "/p", RiskFeatures.Endpoint.OTHER).keyCleanRequests()).isEqualTo(1);
	}

}
