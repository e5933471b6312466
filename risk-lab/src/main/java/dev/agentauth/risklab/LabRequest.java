package dev.agentauth.risklab;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.risk.RiskFeatures;

/**
 * One simulated request of a labelled session, as the risk layer sees it after layers 1 and 2.
 *
 * @param at when it is sent (virtual time)
 * @param session the session it belongs to; negative for history and background traffic (not reported)
 * @param kind scored, refused by layer 1/2, or refused for scope or spend limit
 * @param agentId the agent
 * @param keyId the agent key
 * @param grantId the delegation's grant, if any
 * @param consumer the delegation's consumer, if any
 * @param delegationIssuedAt when the delegation token it carries was issued, if any
 * @param clientAddress the client IP address
 * @param allowedNetworks the networks the agent declared
 * @param method the HTTP method
 * @param path the path
 * @param endpoint cart, checkout or other
 * @param resource the SKU or path it reads
 * @param amount a checkout's amount
 * @param budget the delegation's budget
 */
record LabRequest(Instant at, int session, Kind kind, String agentId, String keyId, @Nullable String grantId,
		@Nullable String consumer, @Nullable Instant delegationIssuedAt, String clientAddress,
		List<String> allowedNetworks, String method, String path, RiskFeatures.Endpoint endpoint, String resource,
		@Nullable BigDecimal amount, @Nullable BigDecimal budget) {

	/** What layers 1 and 2 did with the request. */
	enum Kind {

		/** accepted by layers 1 and 2: scored by the risk layer */
		SCORED,
		/** refused by layer 1 or 2 (bad signature, replay): counted for auth.failure_burst */
		REFUSED,
		/** refused with insufficient_scope or spend_limit_exceeded: counted for scope.denied_attempts */
		DENIED,
		/** a purchase in the consumer's past (seeds the amount history) */
		PAST_PURCHASE

	}

}
