package dev.agentauth.merchant.risk;

import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.risk.RiskObservation;
import dev.agentauth.core.risk.RiskPolicy;
import dev.agentauth.core.risk.RiskRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * Every Lua script of the Redis feature store against the real Redis at 127.0.0.1:6379, under a prefix of its own
 * (deleted afterwards; never FLUSHDB): consumer fan-out, purchase amounts, purchases, refusals and their top lists,
 * denials; and a script that fails makes the decision degraded.
 */
class RedisRiskFeatureStoreTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:03Z");

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	private String prefix;

	private RedisRiskFeatureStore store;

	@BeforeEach
	void connect() {
		Assumptions.assumeTrue(redisListening(), "no Redis at 127.0.0.1:6379");
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.redis = new StringRedisTemplate(this.factory);
		this.prefix = "it-risk-store-" + UUID.randomUUID() + ":";
		this.store = new RedisRiskFeatureStore(this.redis, this.prefix, Duration.ofSeconds(5));
	}

	@AfterEach
	void clean() {
		if (this.factory == null) {
			return;
		}
		Set<String> keys = this.redis.keys(this.prefix + "*");
		if (keys != null && !keys.isEmpty()) {
			this.redis.delete(keys);
		}
		this.factory.destroy();
	}

	@Test
	void observeWhenFourAgentsActForOneConsumerThenFanoutIsFour() {
		for (int i = 1; i <= 4; i++) {
			observe("agent-" + i, "kid-" + i, "grant-" + i, RiskFeatures.Endpoint.OTHER, NOW.plusSeconds(i));
		}
		RiskFeatures features = observe("agent-1", "kid-1", "grant-1", RiskFeatures.Endpoint.OTHER, NOW.plusSeconds(5));
		assertThat(features.consumerAgents()).isEqualTo(4);
		assertThat(RiskRules.consumerFanout(3).evaluate(features)).isNotNull();
	}

	@Test
	void recordPurchaseThenCountedForTheDelegationAndTheConsumersAmountsNewestFirst() {
		this.store.recordPurchase("grant-1", "alice", 12.5, NOW);
		this.store.recordPurchase("grant-1", "alice", 30, NOW.plusSeconds(1));
		this.store.recordPurchase(null, "alice", 7, NOW.plusSeconds(2));
		RiskFeatures checkout = observe("agent-1", "kid-1", "grant-1", RiskFeatures.Endpoint.CHECKOUT,
				NOW.plusSeconds(3));
		assertThat(checkout.delegationPurchases()).isEqualTo(2);
		assertThat(checkout.delegationPurchasesTotal()).isEqualTo(2);
		assertThat(checkout.consumerAmounts()).containsExactly(7.0, 30.0, 12.5);
		assertThat(checkout.merchantPurchases()).isEqualTo(3);
		// amounts are read for checkouts only
		assertThat(observe("agent-1", "kid-1", "grant-1", RiskFeatures.Endpoint.OTHER, NOW.plusSeconds(4))
			.consumerAmounts()).isEmpty();
	}

	@Test
	void recordRefusalThenKeyAndNetworkFailuresAndTheTopLists() {
		for (int i = 0; i < 3; i++) {
			this.store.recordRefusal("kid-1", "agent-1", "203.0.113.0/24", NOW.plusSeconds(i));
		}
		this.store.recordRefusal(null, "agent-2", "198.51.100.0/24", NOW.plusSeconds(3));
		RiskFeatures features = observe("agent-1", "kid-1", "grant-1", RiskFeatures.Endpoint.OTHER,
				NOW.plusSeconds(4));
		assertThat(features.keyFailures()).isEqualTo(3);
		assertThat(features.networkFailures()).isEqualTo(3);
		RiskFeatureStore.TopFailures top = this.store.topFailures(10, NOW.plusSeconds(5));
		assertThat(top.networks()).containsExactly(new RiskFeatureStore.TopFailures.Entry("203.0.113.0/24", 3),
				new RiskFeatureStore.TopFailures.Entry("198.51.100.0/24", 1));
		assertThat(top.agents()).containsExactly(new RiskFeatureStore.TopFailures.Entry("agent-1", 3),
				new RiskFeatureStore.TopFailures.Entry("agent-2", 1));
		assertThat(this.store.topFailures(1, NOW.plusSeconds(5)).agents()).hasSize(1);
	}

	@Test
	void recordDeniedThenCountedForTheDelegation() {
		this.store.recordDenied("grant-1", NOW);
		this.store.recordDenied("grant-1", NOW.plusSeconds(1));
		this.store.recordDenied("grant-2", NOW.plusSeconds(1));
		assertThat(observe("agent-1", "kid-1", "grant-1", RiskFeatures.Endpoint.OTHER, NOW.plusSeconds(2))
			.deniedAttempts()).isEqualTo(2);
	}

	@Test
	void evaluateWhenAScriptFailsThenDegradedAndServed() {
		// a key of the wrong type makes the key script fail (WRONGTYPE): the store throws, the evaluator fails open
		this.redis.opsForValue().set(this.prefix + "{k:kid-9}", "not a hash");
		assertThatRuntimeException().isThrownBy(() -> observe("agent-9", "kid-9", null, RiskFeatures.Endpoint.OTHER,
				NOW));
		RiskEvaluator evaluator = new RiskEvaluator(new RiskEngine(RiskRules.defaults(), RiskPolicy.DEFAULT),
				this.store, Clock.fixed(NOW, ZoneOffset.UTC));
		RiskDecision decision = evaluator.evaluate(new MockHttpServletRequest("GET", "/api/v1/products"), "agent-9",
				"kid-9", List.of(), null);
		assertThat(decision.degraded()).isTrue();
		assertThat(decision.features().stateAvailable()).isFalse();
		assertThat(evaluator.degradedCount()).isEqualTo(1);
		assertThat(evaluator.lastDegradedReason()).isNotBlank();
	}

	private RiskFeatures observe(String agentId, String keyId, String grantId, RiskFeatures.Endpoint endpoint,
			Instant at) {
		RiskFeatures.Builder features = RiskFeatures.builder()
			.now(at)
			.method((endpoint == RiskFeatures.Endpoint.OTHER) ? "GET" : "POST")
			.path("/api/v1/x")
			.endpoint(endpoint)
			.agent(agentId, keyId)
			.delegation((grantId != null) ? "alice" : null, grantId, null)
			.clientAddress("203.0.113.7");
		this.store.observe(new RiskObservation(at, agentId, keyId, grantId, (grantId != null) ? "alice" : null,
				"203.0.113.0/24", "/api/v1/x", endpoint), features);
		return features.build();
	}

	private static boolean redisListening() {
		try (Socket socket = new Socket("127.0.0.1", 6379)) {
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
