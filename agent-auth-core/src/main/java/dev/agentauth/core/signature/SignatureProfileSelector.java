package dev.agentauth.core.signature;

import java.util.Set;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.RegisteredKey;

/**
 * Chooses the {@link SignatureProfile} of a request from its signing key, once per request
 * ({@link RequestSignatureVerifier#verifySignature(HttpRequestView, boolean, SignatureProfileSelector)}): typically
 * the profile the key's agent provider names, Agent Auth's own for a key registered in the registry itself
 * ({@link dev.agentauth.core.signature.profile.ProviderProfiles}). Implementations are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public interface SignatureProfileSelector {

	/**
	 * The profile {@code key}'s signatures are verified under.
	 * @throws AgentAuthException when no profile may verify the key, e.g. {@code profile_not_supported} (the key's
	 * provider names a profile this verifier does not know): the request is refused
	 */
	SignatureProfile select(RegisteredKey key) throws AgentAuthException;

	/**
	 * Every tag one of the selectable profiles accepts: of several signatures on a request, the first with one of
	 * them is the one verified (before the key, and so the profile, is known).
	 */
	Set<String> acceptedTags();

}
