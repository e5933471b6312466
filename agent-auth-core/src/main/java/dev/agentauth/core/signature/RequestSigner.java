package dev.agentauth.core.signature;

import java.util.Objects;

import dev.agentauth.core.AgentAuthException;

/**
 * Produces RFC 9421 signatures of requests with one {@link SigningKey}. The caller chooses the covered
 * components and parameters; the agent-client's {@code AgentRequestSigner} applies Agent Auth's defaults.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class RequestSigner {

	private final SigningKey signingKey;

	public RequestSigner(SigningKey signingKey) {
		this.signingKey = Objects.requireNonNull(signingKey, "signingKey cannot be null");
	}

	public SigningKey signingKey() {
		return this.signingKey;
	}

	/**
	 * Signs {@code request}: builds the signature base (RFC 9421 §2.5) and signs it (§3.1).
	 * @param label the signature label, e.g. {@code sig1}
	 * @return the signature; add {@link MessageSignature#signatureInputMember()} to {@code Signature-Input} and
	 * {@link MessageSignature#signatureMember()} to {@code Signature}
	 * @throws AgentAuthException {@code component_missing} if a covered component is absent from the request
	 * @throws IllegalArgumentException if {@code alg} in the parameters contradicts the key
	 */
	public MessageSignature sign(HttpRequestView request, SignatureParameters parameters, String label)
			throws AgentAuthException {
		Objects.requireNonNull(request, "request cannot be null");
		Objects.requireNonNull(parameters, "parameters cannot be null");
		Objects.requireNonNull(label, "label cannot be null");
		String alg = parameters.algorithm();
		if (alg != null && !alg.equals(this.signingKey.algorithm().identifier())) {
			throw new IllegalArgumentException("alg '" + alg + "' does not match the key's algorithm");
		}
		SignatureBase base = SignatureBase.of(request, parameters);
		return new MessageSignature(label, parameters, this.signingKey.sign(base.toBytes()));
	}

}
