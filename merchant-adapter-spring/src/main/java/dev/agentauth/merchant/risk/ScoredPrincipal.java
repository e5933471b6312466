package dev.agentauth.merchant.risk;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.delegation.DelegatedPrincipal;

/**
 * A principal the risk layer scored: what {@link RiskPurchases} reads from the current authentication.
 * {@code AgentPrincipal} is one; the interface keeps this package free of the signature package.
 *
 * @since 0.1.0
 */
public interface ScoredPrincipal extends DelegatedPrincipal {

	/** The risk layer's decision on the request, unless it was not scored. */
	@Nullable RiskDecision risk();

}
