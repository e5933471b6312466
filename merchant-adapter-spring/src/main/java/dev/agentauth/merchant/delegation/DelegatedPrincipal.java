package dev.agentauth.merchant.delegation;

import org.jspecify.annotations.Nullable;

/**
 * A principal that may act for a consumer: what {@link SpendLimits} reads from the current authentication.
 * {@code AgentPrincipal} is one; the interface keeps this package free of the signature package.
 *
 * @since 0.1.0
 */
public interface DelegatedPrincipal {

	/** The consumer's delegation, when the request carried one. */
	@Nullable Delegation delegation();

}
