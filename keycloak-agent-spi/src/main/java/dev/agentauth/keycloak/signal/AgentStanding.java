package dev.agentauth.keycloak.signal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.signal.RiskLevel;

/**
 * One merchant's latest report about an agent.
 *
 * @param agentId the agent
 * @param merchant the reporting merchant client's id
 * @param level the reported level
 * @param eventType {@link AgentStandingStore#RISK_LEVEL_CHANGE} or {@link AgentStandingStore#CREDENTIAL_COMPROMISE}
 * @param reason the merchant's reason, if any
 * @param kid the key the report is about, if any
 * @param reportedAt when the report was received
 * @param lastHighAt when this merchant last reported HIGH, if ever
 * @since 0.1.0
 */
public record AgentStanding(String agentId, String merchant, RiskLevel level, String eventType,
		@Nullable String reason, @Nullable String kid, Instant reportedAt, @Nullable Instant lastHighAt) {

}
