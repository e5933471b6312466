package dev.agentauth.core.signature.profile;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.CoveredComponent;
import dev.agentauth.core.signature.HttpRequestView;
import dev.agentauth.core.signature.SignatureParameters;
import dev.agentauth.core.signature.SignatureProfile;
import dev.agentauth.core.signature.VerificationPolicy;

/**
 * The {@code visa-tap} profile: the RFC 9421 part of Visa's Trusted Agent Protocol, implemented from its public
 * rules (no code of theirs):
 * <ul>
 * <li>{@code tag} is {@code agent-browser-auth} (browsing) or {@code agent-payer-auth} (paying);</li>
 * <li>{@code @authority} and {@code @path} covered;</li>
 * <li>{@code created} and {@code expires} required, at most 8 minutes apart;</li>
 * <li>a {@code nonce} on every request, remembered for the whole window (a replay is refused);</li>
 * <li>{@code keyid} is the {@code kid} of the key in the scheme's JWKS, not a thumbprint: the key resolver looks
 * the key up by that {@code kid}, and the key's provider must name it as its key id ({@link #checkKeyId});</li>
 * <li>and, as for every profile of this merchant: {@code content-digest} when there is a body,
 * {@code authorization} when it is sent, test keys refused unless allowed.</li>
 * </ul>
 * The protocol's body objects ({@code agenticConsumer}, {@code agenticPaymentContainer}) are not checked. Immutable.
 *
 * @since 0.1.0
 */
public final class VisaTapProfile implements SignatureProfile {

	/** The tag of a browsing agent's signature. */
	public static final String TAG_BROWSER = "agent-browser-auth";

	/** The tag of a paying agent's signature. */
	public static final String TAG_PAYER = "agent-payer-auth";

	/** The longest signature lifetime (created to expires). */
	public static final Duration MAX_LIFETIME = Duration.ofMinutes(8);

	private static final VisaTapProfile DEFAULTS = new VisaTapProfile(VerificationPolicy.builder()
		.acceptedTags(new LinkedHashSet<>(List.of(TAG_BROWSER, TAG_PAYER)))
		.maxLifetime(MAX_LIFETIME)
		.thumbprintKeyIdRequired(false)
		.build());

	private final VerificationPolicy policy;

	private VisaTapProfile(VerificationPolicy policy) {
		this.policy = policy;
	}

	/** The profile as described above. */
	public static VisaTapProfile defaults() {
		return DEFAULTS;
	}

	/** The same profile, allowing test keys or not. */
	public VisaTapProfile allowTestKeys(boolean allowTestKeys) {
		return new VisaTapProfile(this.policy.toBuilder().allowTestKeys(allowTestKeys).build());
	}

	/** The same profile with another clock skew. */
	public VisaTapProfile clockSkew(Duration clockSkew) {
		return new VisaTapProfile(this.policy.toBuilder().clockSkew(clockSkew).build());
	}

	@Override
	public String name() {
		return VISA_TAP;
	}

	@Override
	public VerificationPolicy policy() {
		return this.policy;
	}

	@Override
	public void checkParameters(SignatureParameters parameters, HttpRequestView request) throws AgentAuthException {
		if (parameters.nonce() == null) {
			throw new AgentAuthException(ErrorCode.NONCE_REQUIRED, "A 'nonce' is required");
		}
	}

	@Override
	public void checkComponents(SignatureParameters parameters, HttpRequestView request, boolean hasBody)
			throws AgentAuthException {
		Profiles.require(parameters, CoveredComponent.AUTHORITY);
		Profiles.require(parameters, CoveredComponent.PATH);
		Profiles.requireBodyAndAuthorization(parameters, request, hasBody);
	}

	/**
	 * The key resolver looked the key up by the JWKS {@code kid} (a key id is not a thumbprint here): the key must
	 * be a brokered key whose {@link AgentProvider#keyId() provider key id} is that {@code kid}.
	 * @throws AgentAuthException {@code unknown_key}
	 */
	@Override
	public void checkKeyId(String keyId, RegisteredKey key) throws AgentAuthException {
		AgentProvider provider = key.provider();
		if (provider == null || !provider.keyId().equals(keyId)) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "The signing key is not the scheme key this 'kid' names");
		}
	}

	@Override
	public String toString() {
		return "SignatureProfile[visa-tap, " + this.policy + "]";
	}

}
