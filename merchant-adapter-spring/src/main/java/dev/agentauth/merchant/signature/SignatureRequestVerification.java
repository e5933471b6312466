package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.util.Objects;
import java.util.Set;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.MessageSignature;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SignatureProfile;
import dev.agentauth.core.signature.SignatureProfileSelector;
import dev.agentauth.core.signature.VerificationOutcome;
import dev.agentauth.core.signature.VerifiedSignature;
import dev.agentauth.merchant.delegation.Delegation;

/**
 * RFC 9421 request signatures (the {@code agent-auth}, {@code web-bot-auth} and {@code visa-tap} profiles): the
 * core verifier looks the signature's {@code keyid} up and applies the profile the {@link SignatureProfileSelector}
 * chooses for that key (by its agent provider); the body is read (bounded) only after the signature verified. The
 * default strategy: it also answers requests without any signature ({@code signature_missing}).
 */
final class SignatureRequestVerification implements RequestVerification {

	private final RequestSignatureVerifier verifier;

	private final SignatureProfileSelector profiles;

	SignatureRequestVerification(RequestSignatureVerifier verifier, SignatureProfileSelector profiles) {
		this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
		this.profiles = Objects.requireNonNull(profiles, "profiles cannot be null");
	}

	SignatureProfileSelector profiles() {
		return this.profiles;
	}

	@Override
	public boolean applies(ServletRequestView view) {
		return view.hasHeader(MessageSignature.SIGNATURE_INPUT);
	}

	@Override
	public Verified verify(Request call, Guards guards) throws AgentAuthException, IOException {
		CachedBodyRequest request = call.request();
		VerifiedSignature verified;
		try {
			verified = this.verifier.verifySignature(call.view(), call.hasBody(), recording(request));
			if (call.bodyElsewhere()) {
				this.verifier.verifyDigestFieldAndConsumeNonce(verified);
			}
			else {
				verifyBody(call, verified);
			}
		}
		catch (AgentAuthException ex) {
			Object profile = request.getAttribute(AgentSignatureAuthenticationProvider.PROFILE_ATTRIBUTE);
			request.setAttribute(AgentSignatureAuthenticationProvider.OUTCOME_ATTRIBUTE,
					VerificationOutcome.refused((profile != null) ? profile.toString() : "-", ex).status());
			throw ex;
		}
		request.setAttribute(AgentSignatureAuthenticationProvider.OUTCOME_ATTRIBUTE, VerificationOutcome.Status.VERIFIED);
		RegisteredKey key = verified.key();
		try {
			Delegation delegation = guards.guard(key).check(call.view().firstHeaderValue("Authorization"), verified);
			return new Verified(key, delegation);
		}
		catch (AgentAuthException ex) {
			// layer-2 refusals come after the signature verified: the audit names the agent and key
			throw new AgentAuthenticationException(ex.errorCode(), ex.getMessage(), verified.agentId(),
					verified.keyId());
		}
	}

	// the selector, recording the profile it chose (once) on the request for the audit line
	private SignatureProfileSelector recording(CachedBodyRequest request) {
		return new SignatureProfileSelector() {

			@Override
			public SignatureProfile select(RegisteredKey key) throws AgentAuthException {
				SignatureProfile profile = SignatureRequestVerification.this.profiles.select(key);
				request.setAttribute(AgentSignatureAuthenticationProvider.PROFILE_ATTRIBUTE, profile.name());
				return profile;
			}

			@Override
			public Set<String> acceptedTags() {
				return SignatureRequestVerification.this.profiles.acceptedTags();
			}

		};
	}

	private void verifyBody(Request call, VerifiedSignature verified) throws IOException, AgentAuthException {
		byte[] body;
		try {
			body = call.hasBody() ? call.request().body(call.maxBodySize()) : null;
		}
		catch (AgentAuthenticationException ex) {
			throw new AgentAuthenticationException(ex.errorCode(), ex.getMessage(), verified.agentId(),
					verified.keyId());
		}
		if (body != null && body.length == 0) {
			body = null;
		}
		this.verifier.verifyBodyAndConsumeNonce(verified, body);
	}

}
