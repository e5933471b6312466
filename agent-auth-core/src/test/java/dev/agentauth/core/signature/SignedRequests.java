package dev.agentauth.core.signature;

import dev.agentauth.core.AgentAuthException;

/**
 * The core tests' signed-request builder: signs a request as an agent does (RFC 9421, label {@code sig1}) and adds
 * its {@code Signature-Input} and {@code Signature} fields. (In the core's test tree because the shared
 * {@code agent-auth-test} fixtures cannot depend on the core; other modules sign with the agent client's
 * {@code AgentRequestSigner}.)
 */
public final class SignedRequests {

	private SignedRequests() {
	}

	/** {@code unsigned} signed by {@code key} over {@code parameters}. */
	public static SimpleHttpRequest sign(SimpleHttpRequest unsigned, SignatureParameters parameters, SigningKey key)
			throws AgentAuthException {
		return withSignature(unsigned, new RequestSigner(key).sign(unsigned, parameters, "sig1"));
	}

	/** {@code unsigned} with {@code signature}'s fields (a signature a test made by hand). */
	public static SimpleHttpRequest withSignature(SimpleHttpRequest unsigned, MessageSignature signature) {
		return unsigned.toBuilder()
			.header("Signature-Input", signature.signatureInputMember())
			.header("Signature", signature.signatureMember())
			.build();
	}

}
