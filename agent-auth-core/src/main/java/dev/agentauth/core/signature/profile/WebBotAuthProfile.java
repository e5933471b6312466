package dev.agentauth.core.signature.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.RegisteredKey;
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
 * ({@link SignatureAgent}), and naming the key directory the signing key comes from ({@link #checkKeySource});</li>
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

	/** Where an origin serves its key directory (draft-meunier-http-message-signatures-directory). */
	public static final String DIRECTORY_PATH = "/.well-known/http-message-signatures-directory";

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
	 * When the request sends a {@code Signature-Agent} (covered, {@link SignatureAgent#covered}), the signing key must
	 * come from the directory it names: the key's {@link AgentProvider#url() provider URL} is the named URI, or the
	 * named URI is an origin and the provider URL is that origin's
	 * {@code /.well-known/http-message-signatures-directory} (compared with scheme and host in lower case and the
	 * default port dropped). A key of no provider comes from no directory. Without {@code Signature-Agent} the key
	 * is accepted as its lookup found it (by thumbprint).
	 * @throws AgentAuthException {@code signature_agent_mismatch}, or as {@link SignatureAgent#covered}
	 */
	@Override
	public void checkKeySource(SignatureParameters parameters, HttpRequestView request, RegisteredKey key)
			throws AgentAuthException {
		Optional<URI> named = SignatureAgent.covered(parameters, request);
		if (named.isEmpty()) {
			return;
		}
		AgentProvider provider = key.provider();
		if (provider == null || !namesDirectory(named.get(), provider.url())) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_AGENT_MISMATCH,
					"The signing key does not come from the key directory Signature-Agent names");
		}
	}

	/**
	 * Whether {@code signatureAgent} (a {@code Signature-Agent} value) names the key directory at
	 * {@code directoryUrl}: the same URI, or its origin when {@code directoryUrl} is that origin's well-known
	 * directory.
	 */
	public static boolean namesDirectory(URI signatureAgent, String directoryUrl) {
		Objects.requireNonNull(signatureAgent, "signatureAgent cannot be null");
		Objects.requireNonNull(directoryUrl, "directoryUrl cannot be null");
		URI directory;
		try {
			directory = new URI(directoryUrl);
		}
		catch (URISyntaxException ex) {
			return false;
		}
		String named = normalized(signatureAgent);
		String served = normalized(directory);
		if (named == null || served == null) {
			return false;
		}
		if (named.equals(served)) {
			return true;
		}
		String path = signatureAgent.getRawPath();
		boolean origin = (path == null || path.isEmpty() || path.equals("/")) && signatureAgent.getRawQuery() == null
				&& signatureAgent.getRawFragment() == null;
		return origin && served.equals(origin(signatureAgent) + DIRECTORY_PATH);
	}

	private static @Nullable String normalized(URI uri) {
		if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
			return null;
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		return origin(uri) + (path.equals("/") ? "" : path) + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	private static String origin(URI uri) {
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		int port = uri.getPort();
		boolean defaultPort = port == -1 || (port == 443 && scheme.equals("https")) || (port == 80 && scheme.equals("http"));
		return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
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
