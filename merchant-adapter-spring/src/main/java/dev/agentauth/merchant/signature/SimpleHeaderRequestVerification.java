package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.util.Objects;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.KnownTestKeys;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.SimpleHeaderProfile;
import dev.agentauth.core.signature.VerificationOutcome;

/**
 * The {@code simple-header} profile: the article's {@code Agent-ID} / {@code Timestamp} / {@code Signature} scheme
 * ({@link SimpleHeaderProfile}), on requests without {@code Signature-Input}. What it can check, nothing more: no
 * delegation token (nothing would bind it to the request), the agent's standing in the registry's revocation set,
 * published test keys refused unless allowed (as under every profile).
 */
final class SimpleHeaderRequestVerification implements RequestVerification {

	private final SimpleHeaderProfile profile;

	private final boolean testKeysAllowed;

	/** @param testKeysAllowed whether published test keys may sign ({@code agentauth.signature.allow-test-keys}) */
	SimpleHeaderRequestVerification(SimpleHeaderProfile profile, boolean testKeysAllowed) {
		this.profile = Objects.requireNonNull(profile, "profile cannot be null");
		this.testKeysAllowed = testKeysAllowed;
	}

	@Override
	public boolean applies(ServletRequestView view) {
		return this.profile.applies(view);
	}

	@Override
	public Verified verify(Request call, Guards guards) throws AgentAuthException, IOException {
		CachedBodyRequest request = call.request();
		request.setAttribute(AgentSignatureAuthenticationProvider.PROFILE_ATTRIBUTE, this.profile.name());
		RegisteredKey key;
		try {
			if (call.view().hasHeader("Authorization")) {
				// nothing would bind the token to this request: the scheme signs no header
				throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "A delegation token needs an RFC 9421 "
						+ "signature covering Authorization; the simple header scheme cannot carry one");
			}
			byte[] body = call.hasBody() ? request.body(call.maxBodySize()) : null;
			key = this.profile.verify(call.view(), body);
			if (!this.testKeysAllowed && KnownTestKeys.isTestKey(key.keyId())) {
				throw new AgentAuthException(ErrorCode.TEST_KEY_NOT_ALLOWED,
						"The signing key is a published test key; test keys are not allowed");
			}
		}
		catch (AgentAuthException ex) {
			request.setAttribute(AgentSignatureAuthenticationProvider.OUTCOME_ATTRIBUTE,
					VerificationOutcome.refused(this.profile.name(), ex).status());
			throw ex;
		}
		request.setAttribute(AgentSignatureAuthenticationProvider.OUTCOME_ATTRIBUTE, VerificationOutcome.Status.VERIFIED);
		try {
			guards.guard(key).checkAgent(key.agentId(), key.keyId());
		}
		catch (AgentAuthException ex) {
			throw new AgentAuthenticationException(ex.errorCode(), ex.getMessage(), key.agentId(), key.keyId());
		}
		return new Verified(key, null);
	}

}
