package dev.agentauth.merchant.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Signals back to Keycloak, under {@code agentauth.signals.*}: risk reports and key usage pushed to the realm's
 * receiver with the merchant client's credentials ({@code agentauth.merchant-id},
 * {@code agentauth.revocation.client-secret}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("agentauth.signals")
public class AgentAuthSignalsProperties {

	/** Whether to push signals to Keycloak. Off by default. */
	private boolean enabled;

	/**
	 * Risk score from which a decision is reported as HIGH; unset: the risk policy's deny score
	 * ({@code agentauth.risk.deny-score}, 70).
	 */
	private @Nullable Integer highScore;

	/** How long a report of the same agent and level is not repeated. */
	private Duration dedupPeriod = Duration.ofMinutes(10);

	/** How often key usage (keyid → last verified use) is reported. */
	private Duration usageInterval = Duration.ofMinutes(1);

	/** Most risk reports waiting to be sent; more are dropped (and counted), never blocking a request. */
	private int queueCapacity = 1000;

	/** Tries per push (backoff from 200 ms, doubling) on network errors, 5xx and 429. */
	private int maxAttempts = 5;

	/** Most distinct keys remembered between two usage reports. */
	private int maxKeys = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getHighScore() {
		return this.highScore;
	}

	public void setHighScore(@Nullable Integer highScore) {
		this.highScore = highScore;
	}

	public Duration getDedupPeriod() {
		return this.dedupPeriod;
	}

	public void setDedupPeriod(Duration dedupPeriod) {
		this.dedupPeriod = dedupPeriod;
	}

	public Duration getUsageInterval() {
		return this.usageInterval;
	}

	public void setUsageInterval(Duration usageInterval) {
		this.usageInterval = usageInterval;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public int getMaxKeys() {
		return this.maxKeys;
	}

	public void setMaxKeys(int maxKeys) {
		this.maxKeys = maxKeys;
	}

}
