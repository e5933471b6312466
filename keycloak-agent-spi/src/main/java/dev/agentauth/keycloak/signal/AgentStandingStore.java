package dev.agentauth.keycloak.signal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import dev.agentauth.core.signal.RiskLevel;

/**
 * Agents' standing as reported by merchants: one report per agent and merchant (the latest), written in the
 * push's transaction. Obtain it with {@code session.getProvider(AgentStandingStore.class)}.
 *
 * @since 0.1.0
 */
public interface AgentStandingStore extends Provider {

	/** {@code event_type} of a risk-level-change report. */
	String RISK_LEVEL_CHANGE = "risk-level-change";

	/** {@code event_type} of a credential-compromise report. */
	String CREDENTIAL_COMPROMISE = "credential-compromise";

	/** Stores the merchant's latest report about the agent (replacing its previous one). */
	AgentStanding report(RealmModel realm, String agentId, String merchant, RiskLevel level, @Nullable String reason,
			@Nullable String kid, String eventType, Instant now);

	/** Every merchant's latest report about the agent, newest first. */
	List<AgentStanding> getStandings(RealmModel realm, String agentId);

	/** When each merchant that ever reported the agent HIGH last did so. */
	default List<Instant> lastHighPerMerchant(RealmModel realm, String agentId) {
		return getStandings(realm, agentId).stream()
			.map(AgentStanding::lastHighAt)
			.filter((at) -> at != null)
			.toList();
	}

	/** Removes the agent's reports (agent deleted). */
	void removeAgent(RealmModel realm, String agentId);

	/** Removes every report of the realm (realm deleted). */
	void removeRealm(RealmModel realm);

}
