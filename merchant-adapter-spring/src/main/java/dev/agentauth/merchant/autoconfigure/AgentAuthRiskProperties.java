package dev.agentauth.merchant.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.agentauth.core.risk.RiskMode;

/**
 * Settings of the risk layer (layer 3), under {@code agentauth.risk.*}. Per-rule settings,
 * {@code agentauth.risk.rules.<rule id>.(enabled|weight|mode|threshold)}, are read by
 * {@link RiskRuleProperties} because rule ids contain dots and underscores.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("agentauth.risk")
public class AgentAuthRiskProperties {

	/**
	 * {@code off} (no scoring), {@code shadow} (score, log and measure what would happen, never block) or
	 * {@code enforce}.
	 */
	private RiskMode mode = RiskMode.SHADOW;

	/** Scores from here (below {@code deny-score}) step up unsafe requests: 401 fresh_delegation_required. */
	private int stepUpScore = 40;

	/** Scores from here deny unsafe requests: 403 risk_too_high. */
	private int denyScore = 70;

	/** How recently the delegation token of a stepped-up request must have been issued ({@code max_age}). */
	private Duration stepUpMaxAge = Duration.ofMinutes(5);

	/** {@code Retry-After} of a throttled request (429 rate_limited). */
	private Duration retryAfter = Duration.ofSeconds(10);

	/** Merchant-wide purchases per minute above this many times their EWMA halve the velocity rules' points. */
	private double marketEventFactor = 3;

	/**
	 * Longest wait for the Redis feature store per request; beyond it the request is decided without counters
	 * (fail open) and counted as degraded.
	 */
	private Duration redisTimeout = Duration.ofMillis(50);

	/** Ant-style paths of cart or quote calls (for sequence.checkout_without_cart). */
	private List<String> cartPaths = new ArrayList<>(
			List.of("/**/cart", "/**/cart/**", "/**/quote", "/**/quote/**"));

	/** Ant-style paths of checkout calls (unsafe methods only). */
	private List<String> checkoutPaths = new ArrayList<>(List.of("/**/checkout", "/**/checkout/**"));

	/** Query parameter naming the SKU a request reads (behavior.sku_scrape); unset: distinct paths count. */
	private @Nullable String skuParameter;

	/** Most entries per kind (agent keys, delegations, consumers, networks) of the in-memory feature store. */
	private int maxEntries = 100_000;

	/** How many networks and agents the {@code agentauthrisk} Actuator endpoint lists. */
	private int topSize = 10;

	/** A file to which every decision is appended with its features as one JSON line, for replay; unset: none. */
	private @Nullable Path decisionLog;

	/**
	 * An anomaly model trained offline on a decision log ({@code AnomalyModel train}); its score is written to the
	 * decision log as {@code anomaly_score} (shadow only: never acted on). Unset: no model is used.
	 */
	private @Nullable Path anomalyModel;

	public RiskMode getMode() {
		return this.mode;
	}

	public void setMode(RiskMode mode) {
		this.mode = mode;
	}

	public int getStepUpScore() {
		return this.stepUpScore;
	}

	public void setStepUpScore(int stepUpScore) {
		this.stepUpScore = stepUpScore;
	}

	public int getDenyScore() {
		return this.denyScore;
	}

	public void setDenyScore(int denyScore) {
		this.denyScore = denyScore;
	}

	public Duration getStepUpMaxAge() {
		return this.stepUpMaxAge;
	}

	public void setStepUpMaxAge(Duration stepUpMaxAge) {
		this.stepUpMaxAge = stepUpMaxAge;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	public double getMarketEventFactor() {
		return this.marketEventFactor;
	}

	public void setMarketEventFactor(double marketEventFactor) {
		this.marketEventFactor = marketEventFactor;
	}

	public Duration getRedisTimeout() {
		return this.redisTimeout;
	}

	public void setRedisTimeout(Duration redisTimeout) {
		this.redisTimeout = redisTimeout;
	}

	public List<String> getCartPaths() {
		return this.cartPaths;
	}

	public void setCartPaths(List<String> cartPaths) {
		this.cartPaths = cartPaths;
	}

	public List<String> getCheckoutPaths() {
		return this.checkoutPaths;
	}

	public void setCheckoutPaths(List<String> checkoutPaths) {
		this.checkoutPaths = checkoutPaths;
	}

	public @Nullable String getSkuParameter() {
		return this.skuParameter;
	}

	public void setSkuParameter(@Nullable String skuParameter) {
		this.skuParameter = skuParameter;
	}

	public int getMaxEntries() {
		return this.maxEntries;
	}

	public void setMaxEntries(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	public int getTopSize() {
		return this.topSize;
	}

	public void setTopSize(int topSize) {
		this.topSize = topSize;
	}

	public @Nullable Path getAnomalyModel() {
		return this.anomalyModel;
	}

	public void setAnomalyModel(@Nullable Path anomalyModel) {
		this.anomalyModel = anomalyModel;
	}

	public @Nullable Path getDecisionLog() {
		return this.decisionLog;
	}

	public void setDecisionLog(@Nullable Path decisionLog) {
		this.decisionLog = decisionLog;
	}

}
