package dev.agentauth.core.signature.profile;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.signature.CoveredComponent;
import dev.agentauth.core.signature.HttpRequestView;
import dev.agentauth.core.signature.SignatureParameters;
import dev.agentauth.core.signature.SignatureProfile;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerifiedSignature;

/**
 * The {@code web-bot-auth} profile (draft-meunier-webbotauth-httpsig-protocol, formerly
 * draft-meunier-web-bot-auth-architecture; keys from a draft-meunier-http-message-signatures-directory
 * directory), section "Generating HTTP Message Signature":
 * <ul>
 * <li>{@code tag} is {@code web-bot-auth}; {@code created} and {@code expires} required, at most 24 hours apart
 * (the draft RECOMMENDS expiry no more than 24 hours);</li>
 * <li>{@code keyid} is the key's RFC 7638 SHA-256 JWK thumbprint;</li>
 * <li>{@code @authority} covered ({@code @target-uri}, which contains it, is accepted too, as the draft allows);</li>
 * <li>{@code Signature-Agent}, when sent, covered, in its dictionary or its earlier string form
 * ({@link SignatureAgent});</li>
 * <li>and, as for every profile of this merchant: {@code content-digest} when there is a body,
 * {@code authorization} when it is sent, a {@code nonce} on unsafe methods (remembered for the window), test
 * keys refused unless allowed.</li>
 * </ul>
 * Immutable.
 *
 * @since 0.1.0
 */
public final class WebBotAuthProfile implements SignatureProfile {

	/** The tag. */
	public static final String TAG = "web-bot-auth";

	/** The longest signature lifetime accepted by default. */
	public static final Duration MAX_LIFETIME = Duration.ofHours(24);

	private static final WebBotAuthProfile DEFAULTS = new WebBotAuthProfile(VerificationPolicy.builder()
		.acceptedTags(Set.of(TAG))
		.maxLifetime(MAX_LIFETIME)
		.build());

	private final VerificationPolicy policy;

	private WebBotAuthProfile(VerificationPolicy policy) {
		this.policy = policy;
	}

	/** The profile as described above. */
	public static WebBotAuthProfile defaults() {
		return DEFAULTS;
	}

	/** The same profile, allowing test keys or not. */
	public WebBotAuthProfile allowTestKeys(boolean allowTestKeys) {
		return new WebBotAuthProfile(this.policy.toBuilder().allowTestKeys(allowTestKeys).build());
	}

	/** The same profile with another maximum lifetime. */
	public WebBotAuthProfile maxLifetime(Duration maxLifetime) {
		return new WebBotAuthProfile(this.policy.toBuilder().maxLifetime(maxLifetime).build());
	}

	/** The same profile with another clock skew. */
	public WebBotAuthProfile clockSkew(Duration clockSkew) {
		return new WebBotAuthProfile(this.policy.toBuilder().clockSkew(clockSkew).build());
	}

	@Override
	public String name() {
		return WEB_BOT_AUTH;
	}

	@Override
	public VerificationPolicy policy() {
		return this.policy;
	}

	@Override
	public void checkComponents(SignatureParameters parameters, HttpRequestView request, boolean hasBody)
			throws AgentAuthException {
		if (!parameters.covers(CoveredComponent.AUTHORITY) && !parameters.covers(CoveredComponent.TARGET_URI)) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "The signature must cover @authority");
		}
		SignatureAgent.covered(parameters, request);
		Profiles.requireBodyAndAuthorization(parameters, request, hasBody);
	}

	/**
	 * The key directory the verified signature's {@code Signature-Agent} names, if the request sent one: the
	 * signing key must come from that directory.
	 * @throws AgentAuthException as {@link SignatureAgent#covered}
	 */
	public static Optional<URI> signatureAgent(VerifiedSignature verified, HttpRequestView request)
			throws AgentAuthException {
		Objects.requireNonNull(verified, "verified cannot be null");
		return SignatureAgent.covered(verified.parameters(), request);
	}

	@Override
	public String toString() {
		return "SignatureProfile[web-bot-auth, " + this.policy + "]";
	}

}
