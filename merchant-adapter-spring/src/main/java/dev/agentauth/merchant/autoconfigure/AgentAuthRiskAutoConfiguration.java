package dev.agentauth.merchant.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.micrometer.core.instrument.MeterRegistry;

import dev.agentauth.core.risk.InMemoryRiskFeatureStore;
import dev.agentauth.core.risk.AnomalyModel;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.core.risk.RiskPolicy;
import dev.agentauth.core.risk.RiskRule;
import dev.agentauth.core.risk.RiskRules;
import dev.agentauth.merchant.metrics.RiskMetrics;
import dev.agentauth.merchant.risk.RedisRiskFeatureStore;
import dev.agentauth.merchant.risk.RiskDecisionListener;
import dev.agentauth.merchant.risk.RiskEndpoint;
import dev.agentauth.merchant.risk.RiskEvaluator;
import dev.agentauth.merchant.risk.RiskPurchases;
import dev.agentauth.merchant.signature.RiskRefusalListener;

import static dev.agentauth.merchant.autoconfigure.AgentAuthAutoConfiguration.clock;

/**
 * Layer 3 at the merchant: the built-in rules (configured by {@code agentauth.risk.rules.<id>.*}) plus the
 * application's {@link RiskRule} beans, scored by a {@link RiskEvaluator} after layers 1 and 2, in
 * {@code agentauth.risk.mode} ({@code shadow} by default). Features live in memory, or in Redis with
 * {@code agentauth.state.store=redis}. Every bean backs off when the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = AgentAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = "jakarta.servlet.http.HttpServletRequest")
@EnableConfigurationProperties({ AgentAuthProperties.class, AgentAuthRiskProperties.class })
public final class AgentAuthRiskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RiskFeatureStore agentAuthRiskFeatureStore(AgentAuthProperties properties, AgentAuthRiskProperties risk) {
		if (properties.getState().getStore() == AgentAuthProperties.Store.REDIS) {
			throw new IllegalStateException("agentauth.state.store=redis needs Spring Data Redis on the class path "
					+ "(spring-boot-starter-data-redis) and a Redis connection (spring.data.redis.*)");
		}
		if (risk.getMaxEntries() < 1) {
			throw new IllegalStateException("agentauth.risk.max-entries must be positive, not " + risk.getMaxEntries());
		}
		return new InMemoryRiskFeatureStore(risk.getMaxEntries());
	}

	@Bean
	@ConditionalOnMissingBean
	RiskEvaluator agentAuthRiskEvaluator(AgentAuthRiskProperties risk, RiskFeatureStore store,
			ObjectProvider<RiskRule> applicationRules, ObjectProvider<RiskDecisionListener> listeners,
			ObjectProvider<Clock> clocks, Environment environment) {
		RiskEngine engine = engine(risk, applicationRules.orderedStream().toList(), environment);
		RiskEvaluator evaluator = new RiskEvaluator(engine, store, clock(clocks));
		evaluator.setCartPaths(risk.getCartPaths());
		evaluator.setCheckoutPaths(risk.getCheckoutPaths());
		evaluator.setSkuParameter(risk.getSkuParameter());
		listeners.ifAvailable(evaluator::setListener);
		try {
			evaluator.setDecisionLog(risk.getDecisionLog());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("agentauth.risk.decision-log=" + risk.getDecisionLog()
					+ " cannot be opened for appending", ex);
		}
		if (risk.getAnomalyModel() != null) {
			try {
				evaluator.setAnomalyModel(AnomalyModel.read(risk.getAnomalyModel()));
			}
			catch (IOException | IllegalArgumentException ex) {
				throw new IllegalStateException("agentauth.risk.anomaly-model=" + risk.getAnomalyModel()
						+ " cannot be read: " + ex.getMessage(), ex);
			}
		}
		return evaluator;
	}

	/** Refusals of layers 1 and 2 for the risk rules ({@code auth.failure_burst}, {@code scope.denied_attempts}). */
	@Bean
	@ConditionalOnMissingBean
	RiskRefusalListener agentAuthRiskRefusalListener(RiskEvaluator evaluator) {
		return new RiskRefusalListener(evaluator);
	}

	/**
	 * The engine for the settings: built-in rules with their thresholds, then the application's rules.
	 * @throws IllegalStateException naming the property for a bad setting
	 */
	static RiskEngine engine(AgentAuthRiskProperties risk, List<RiskRule> applicationRules, Environment environment) {
		List<String> ids = new ArrayList<>(RiskRules.IDS);
		applicationRules.forEach((rule) -> ids.add(rule.id()));
		Map<String, RiskRuleProperties.Rule> configured = RiskRuleProperties.read(environment, ids);
		Map<String, RiskPolicy.RuleSettings> settings = new LinkedHashMap<>();
		configured.forEach((id, rule) -> settings.put(id, rule.settings()));
		List<RiskRule> rules = new ArrayList<>();
		for (String id : RiskRules.IDS) {
			RiskRuleProperties.Rule rule = configured.get(id);
			rules.add(RiskRules.byId(id, (rule != null) ? rule.threshold() : null));
		}
		rules.addAll(applicationRules);
		RiskPolicy policy;
		try {
			policy = new RiskPolicy(risk.getMode(), risk.getStepUpScore(), risk.getDenyScore(), risk.getStepUpMaxAge(),
					risk.getMarketEventFactor(), settings);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid agentauth.risk settings (step-up-score, deny-score, "
					+ "step-up-max-age, market-event-factor): " + ex.getMessage(), ex);
		}
		if (risk.getRetryAfter().isNegative() || risk.getRedisTimeout().isNegative()
				|| risk.getRedisTimeout().isZero()) {
			throw new IllegalStateException("agentauth.risk.retry-after and agentauth.risk.redis-timeout must be "
					+ "positive durations");
		}
		try {
			return new RiskEngine(rules, policy);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid risk rules: " + ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	RiskPurchases agentAuthRiskPurchases(RiskEvaluator evaluator) {
		return new RiskPurchases(evaluator);
	}

	/** Micrometer meters, when Micrometer is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean(RiskDecisionListener.class)
		RiskDecisionListener agentAuthRiskMetrics(ObjectProvider<MeterRegistry> registries,
				Environment environment, ObjectProvider<RiskRule> applicationRules) {
			MeterRegistry registry = registries.getIfUnique();
			if (registry == null) {
				registry = io.micrometer.core.instrument.Metrics.globalRegistry;
			}
			List<String> ids = new ArrayList<>(RiskRules.IDS);
			applicationRules.orderedStream().forEach((rule) -> ids.add(rule.id()));
			Map<String, RiskMode.RuleMode> modes = new LinkedHashMap<>();
			RiskRuleProperties.read(environment, ids).forEach((id, rule) -> modes.put(id, rule.settings().mode()));
			return new RiskMetrics(registry, modes);
		}

	}

	/** The {@code agentauthrisk} Actuator endpoint and the {@code agentAuthRisk} health indicator. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static class Actuator {

		@Bean
		@ConditionalOnMissingBean
		RiskEndpoint agentAuthRiskEndpoint(RiskEvaluator evaluator, AgentAuthRiskProperties risk) {
			return new RiskEndpoint(evaluator, risk.getTopSize());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class Health {

		@Bean
		@ConditionalOnMissingBean(name = "agentAuthRiskHealthIndicator")
		org.springframework.boot.health.contributor.HealthIndicator agentAuthRiskHealthIndicator(
				RiskEvaluator evaluator) {
			// UP while degraded: the risk layer fails open by design, the service keeps serving
			return () -> org.springframework.boot.health.contributor.Health.up()
				.withDetail("mode", evaluator.engine().policy().mode().value())
				.withDetail("store", evaluator.store().getClass().getSimpleName())
				.withDetail("degraded", evaluator.degradedCount())
				.withDetail("lastDegraded", String.valueOf(evaluator.lastDegraded()))
				.withDetail("lastDegradedReason", String.valueOf(evaluator.lastDegradedReason()))
				.build();
		}

	}

	/** {@code agentauth.state.store=redis}: the features shared by all instances through Redis. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty(prefix = "agentauth.state", name = "store", havingValue = "redis")
	static class RedisState {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		@ConditionalOnBean(RedisConnectionFactory.class)
		RiskFeatureStore agentAuthRiskFeatureStore(RedisConnectionFactory connectionFactory,
				AgentAuthProperties properties, AgentAuthRiskProperties risk) {
			RedisRiskFeatureStore store = new RedisRiskFeatureStore(new StringRedisTemplate(connectionFactory),
					properties.getState().getRedisKeyPrefix() + "risk:", risk.getRedisTimeout());
			try {
				store.loadScripts(Duration.ofSeconds(2));
			}
			catch (RuntimeException ex) {
				// Redis down at start-up: the risk layer fails open and loads the scripts on first NOSCRIPT
			}
			return store;
		}

	}

}
