package dev.agentauth.core.signature;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.RegisteredKey;

/**
 * An RFC 9421 {@link VerificationProfile}: the policy that {@link RequestSignatureVerifier} applies to one
 * request. It decides, and only decides, what is required; the verifier does the parsing, the signature base,
 * the time window arithmetic, the key lookup, the cryptography and the replay check the same way for every
 * profile. Implementations are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public non-sealed interface SignatureProfile extends VerificationProfile {

	/**
	 * Maximum lifetime, clock skew, accepted tags (the first signature with one of them is verified), whether
	 * {@code expires} is required, nonce on unsafe methods, whether {@code keyid} is a thumbprint, algorithms and
	 * whether test keys may sign.
	 */
	VerificationPolicy policy();

	/**
	 * Checks the signature parameters beyond what {@link #policy()} expresses (e.g. a nonce on every method).
	 * Called after the policy's parameter checks, before the time window.
	 * @throws AgentAuthException a refusal, typically {@code nonce_required} or {@code signature_malformed}
	 */
	default void checkParameters(SignatureParameters parameters, HttpRequestView request) throws AgentAuthException {
	}

	/**
	 * Checks that the signature covers what this profile requires of {@code request}.
	 * @param hasBody whether the request has a body
	 * @throws AgentAuthException {@code component_missing}, or {@code signature_malformed} for a covered field
	 * that cannot be what the profile expects
	 */
	void checkComponents(SignatureParameters parameters, HttpRequestView request, boolean hasBody)
			throws AgentAuthException;

	/**
	 * Checks that {@code key}, which the key resolver returned for {@code keyId}, is the key {@code keyId} names.
	 * By default, when the policy wants a thumbprint {@code keyid}, it must be the key's RFC 7638 thumbprint.
	 * @throws AgentAuthException {@code unknown_key}
	 */
	default void checkKeyId(String keyId, RegisteredKey key) throws AgentAuthException {
		if (policy().isThumbprintKeyIdRequired() && !key.keyId().equals(keyId)) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "The signing key is not registered");
		}
	}

	/**
	 * Checks that {@code key} comes from where the request says its key comes from (e.g. the Web Bot Auth key
	 * directory its {@code Signature-Agent} names). Called after {@link #checkKeyId}, before the cryptography. By
	 * default the request says nothing about it.
	 * @throws AgentAuthException e.g. {@code signature_agent_mismatch}
	 * @since 0.1.0
	 */
	default void checkKeySource(SignatureParameters parameters, HttpRequestView request, RegisteredKey key)
			throws AgentAuthException {
	}

	@Override
	default boolean applies(HttpRequestView request) {
		try {
			for (MessageSignature signature : MessageSignature
				.parse(request.headerValues(MessageSignature.SIGNATURE_INPUT),
						request.headerValues(MessageSignature.SIGNATURE))
				.values()) {
				String tag = signature.parameters().tag();
				if (tag != null && policy().acceptedTags().contains(tag)) {
					return true;
				}
			}
			return false;
		}
		catch (AgentAuthException ex) {
			return false;
		}
	}

	/**
	 * The {@code agent-auth} profile: Agent Auth's wire protocol as {@code policy} says (see
	 * {@link VerificationPolicy}); with {@link VerificationPolicy#defaults()}, what the merchant has always checked.
	 */
	static SignatureProfile agentAuth(VerificationPolicy policy) {
		return new AgentAuthProfile(policy);
	}

}
