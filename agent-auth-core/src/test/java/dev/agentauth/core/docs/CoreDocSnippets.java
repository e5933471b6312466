package dev.agentauth.core.docs;

import java.time.Clock;

import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.signature.HttpRequestView;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerifiedSignature;

/**
 * The Java samples of {@code docs/protocol.md}, compiled with the tests so the page cannot drift from the API
 * ({@code deploy/.../DocsTests} checks that every sample on the page appears here).
 */
@SuppressWarnings("unused")
final class CoreDocSnippets {

	private CoreDocSnippets() {
	}

	static void verifying(KeyResolver keyResolver, HttpRequestView requestView, boolean hasBody, byte[] body)
			throws Exception {
		RequestSignatureVerifier verifier = new RequestSignatureVerifier(VerificationPolicy.defaults(),
		        keyResolver /* keyid -> RegisteredKey */, new InMemoryNonceStore(), Clock.systemUTC());
		VerifiedSignature verified = verifier.verifySignature(requestView, hasBody); // headers, time, key, signature
		verifier.verifyBodyAndConsumeNonce(verified, body);                          // digest, then nonce
	}

}
