package dev.agentauth.merchant.signature;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.merchant.delegation.Delegation;
import dev.agentauth.merchant.delegation.DelegationGuard;

/**
 * The host side of a verification profile: how {@link AgentSignatureAuthenticationProvider} authenticates one
 * request (layers 1 and 2), chosen once per request; the provider then does what is the same for every profile
 * (principal, risk). RFC 9421 profiles are one strategy, which the key's provider refines
 * ({@link SignatureRequestVerification}); the simple header scheme is another ({@link SimpleHeaderRequestVerification}).
 */
sealed interface RequestVerification permits SignatureRequestVerification, SimpleHeaderRequestVerification {

	/** Whether {@code view} has this strategy's shape (it does not verify anything). */
	boolean applies(ServletRequestView view);

	/**
	 * Verifies the request and its delegation, records the profile and outcome on the request
	 * ({@link AgentSignatureAuthenticationProvider#PROFILE_ATTRIBUTE},
	 * {@link AgentSignatureAuthenticationProvider#OUTCOME_ATTRIBUTE}).
	 * @throws AgentAuthException a layer-1 refusal
	 * @throws AgentAuthenticationException a refusal after the key was known (it names the agent and key)
	 */
	Verified verify(Request request, Guards guards) throws AgentAuthException, IOException;

	/** One request to verify. */
	record Request(CachedBodyRequest request, ServletRequestView view, boolean hasBody, boolean bodyElsewhere,
			long maxBodySize) {
	}

	/** What the strategy verified: the signing key and, if the request carried one, its delegation. */
	record Verified(RegisteredKey key, @Nullable Delegation delegation) {
	}

	/** The delegation guard of a key's registry. */
	@FunctionalInterface
	interface Guards {

		DelegationGuard guard(RegisteredKey key) throws AgentAuthException;

	}

}
