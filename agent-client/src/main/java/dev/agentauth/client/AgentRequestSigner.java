package dev.agentauth.client;

import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.digest.ContentDigest;
import dev.agentauth.core.signature.CoveredComponent;
import dev.agentauth.core.signature.HttpRequestView;
import dev.agentauth.core.signature.MessageSignature;
import dev.agentauth.core.signature.RequestSigner;
import dev.agentauth.core.signature.SignatureParameters;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.SigningKey;
import dev.agentauth.core.signature.VerificationPolicy;

/**
 * Signs an agent's requests the way Agent Auth merchants expect (DESIGN.md, "Request signature"):
 * <ul>
 * <li>{@code Content-Digest} ({@code sha-256}) when the body is not empty;</li>
 * <li>label {@code sig1}, covering {@code @method}, {@code @target-uri}, plus {@code content-digest} when there
 * is a body and {@code authorization} when the request carries one (the delegation token);</li>
 * <li>parameters {@code created}, {@code expires} (created + 60 s by default), {@code nonce} (128 random bits,
 * base64url), {@code keyid} (the key's RFC 7638 thumbprint), {@code tag="agent-auth"}, and optionally
 * {@code alg}.</li>
 * </ul>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class AgentRequestSigner {

	/** The default signature lifetime. */
	public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

	/** The signature label. */
	public static final String LABEL = "sig1";

	// fields the signer sets itself; copies from the original request are dropped
	private static final Set<String> SIGNATURE_FIELDS = Set.of("signature", "signature-input", "content-digest");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final RequestSigner signer;

	private final Clock clock;

	private final Duration lifetime;

	private final boolean includeAlgorithm;

	/** A signer with the defaults: system clock, 60 s lifetime, no {@code alg} parameter. */
	public AgentRequestSigner(AgentKeyPair keyPair) {
		this(Objects.requireNonNull(keyPair, "keyPair cannot be null").signingKey(), Clock.systemUTC(),
				DEFAULT_LIFETIME, false);
	}

	/**
	 * @param signingKey the agent's key
	 * @param clock the clock for {@code created}
	 * @param lifetime {@code expires - created}; at most the merchants' maximum (300 s by default)
	 * @param includeAlgorithm whether to send the {@code alg} parameter
	 */
	public AgentRequestSigner(SigningKey signingKey, Clock clock, Duration lifetime, boolean includeAlgorithm) {
		this.signer = new RequestSigner(Objects.requireNonNull(signingKey, "signingKey cannot be null"));
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		Objects.requireNonNull(lifetime, "lifetime cannot be null");
		if (lifetime.toSeconds() < 1) {
			throw new IllegalArgumentException("lifetime must be at least one second");
		}
		this.lifetime = lifetime;
		this.includeAlgorithm = includeAlgorithm;
	}

	/** The {@code keyid} this signer uses. */
	public String keyId() {
		return this.signer.signingKey().keyId();
	}

	/**
	 * Returns a copy of {@code request} with {@code body} as its body and the signature fields added.
	 * Any {@code Signature}, {@code Signature-Input} or {@code Content-Digest} on the original is replaced.
	 * @param body the exact bytes that will be sent; {@code null} or empty for none
	 * @throws AgentAuthException if the request cannot be signed (it should not happen for a well-formed request)
	 */
	public HttpRequest sign(HttpRequest request, byte @Nullable [] body) throws AgentAuthException {
		Objects.requireNonNull(request, "request cannot be null");
		SimpleHttpRequest.Builder view = SimpleHttpRequest.builder().method(request.method()).uri(request.uri());
		request.headers().map().forEach((name, values) -> {
			if (!SIGNATURE_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> view.header(name, value));
			}
		});
		SignatureHeaders headers = signatureHeaders(view.build(), body);
		HttpRequest.BodyPublisher publisher = (body != null && body.length > 0)
				? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder signed = HttpRequest
			.newBuilder(request, (name, value) -> !SIGNATURE_FIELDS.contains(name.toLowerCase(Locale.ROOT)))
			.method(request.method(), publisher);
		headers.asMap().forEach(signed::header);
		return signed.build();
	}

	/**
	 * The signature fields for a request described by {@code request} (for any HTTP client). The request's own
	 * {@code Content-Digest}, if any, is ignored and recomputed from {@code body}.
	 * @param body the exact bytes that will be sent; {@code null} or empty for none
	 * @throws AgentAuthException if the request cannot be signed
	 */
	public SignatureHeaders signatureHeaders(HttpRequestView request, byte @Nullable [] body)
			throws AgentAuthException {
		Objects.requireNonNull(request, "request cannot be null");
		boolean hasBody = body != null && body.length > 0;
		String contentDigest = hasBody ? ContentDigest.compute(body) : null;
		HttpRequestView toSign = (contentDigest != null) ? new WithContentDigest(request, contentDigest) : request;

		Instant created = this.clock.instant();
		SignatureParameters.Builder parameters = SignatureParameters.builder()
			.components(CoveredComponent.METHOD, CoveredComponent.TARGET_URI);
		if (hasBody) {
			parameters.component(CoveredComponent.CONTENT_DIGEST);
		}
		if (request.hasHeader("authorization")) {
			parameters.component(CoveredComponent.AUTHORIZATION);
		}
		parameters.created(created).expires(created.plus(this.lifetime)).nonce(nonce()).keyId(keyId());
		if (this.includeAlgorithm) {
			parameters.algorithm(this.signer.signingKey().algorithm());
		}
		parameters.tag(VerificationPolicy.TAG_AGENT_AUTH);
		MessageSignature signature = this.signer.sign(toSign, parameters.build(), LABEL);
		return new SignatureHeaders(contentDigest, signature.signatureInputMember(), signature.signatureMember());
	}

	private static String nonce() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public String toString() {
		return "AgentRequestSigner[" + keyId() + ", lifetime=" + this.lifetime + "]";
	}

	// the request as it will be sent: with our Content-Digest instead of any earlier one
	private record WithContentDigest(HttpRequestView delegate, String contentDigest) implements HttpRequestView {

		@Override
		public String method() {
			return this.delegate.method();
		}

		@Override
		public java.net.URI targetUri() {
			return this.delegate.targetUri();
		}

		@Override
		public List<String> headerValues(String name) {
			return name.equalsIgnoreCase("content-digest") ? List.of(this.contentDigest)
					: this.delegate.headerValues(name);
		}

	}

}
