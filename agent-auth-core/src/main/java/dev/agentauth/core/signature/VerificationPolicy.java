package dev.agentauth.core.signature;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.SignatureAlgorithm;
import dev.agentauth.core.structured.StructuredFieldWriter;

/**
 * What {@link RequestSignatureVerifier} demands of a request signature. Immutable. The defaults are Agent
 * Auth's wire protocol (DESIGN.md):
 * <ul>
 * <li>{@code created}, {@code expires} and {@code keyid} required; {@code expires} after {@code created};
 * lifetime at most 300 s; 30 s clock skew either way;</li>
 * <li>{@code keyid} an RFC 7638 SHA-256 thumbprint (43 base64url characters);</li>
 * <li>{@code tag} required, one of {@code agent-auth} and {@code web-bot-auth};</li>
 * <li>{@code nonce} required on unsafe methods (all but GET, HEAD, OPTIONS, TRACE);</li>
 * <li>covered: {@code @method} and {@code @target-uri} (or {@code @authority} + {@code @path} + {@code @query})
 * for {@code agent-auth}; {@code @authority} (and {@code signature-agent} when sent) for {@code web-bot-auth};
 * for both, {@code content-digest} when the request has a body and {@code authorization} when it carries an
 * {@code Authorization} header;</li>
 * <li>algorithms {@code ed25519}, {@code ecdsa-p256-sha256}, {@code rsa-pss-sha512};</li>
 * <li>published test keys ({@link dev.agentauth.core.key.KnownTestKeys}) refused.</li>
 * </ul>
 * This is the {@code agent-auth} {@link VerificationProfile}'s policy; other profiles build their own.
 *
 * @since 0.1.0
 */
public final class VerificationPolicy {

	/** The Agent Auth tag. */
	public static final String TAG_AGENT_AUTH = "agent-auth";

	/** The Web Bot Auth tag. */
	public static final String TAG_WEB_BOT_AUTH = "web-bot-auth";

	private static final VerificationPolicy DEFAULTS = builder().build();

	private final Duration maxLifetime;

	private final Duration clockSkew;

	private final Set<String> acceptedTags;

	private final boolean tagRequired;

	private final boolean expiresRequired;

	private final boolean nonceRequiredForUnsafeMethods;

	private final boolean thumbprintKeyIdRequired;

	private final boolean componentsRequired;

	private final Set<SignatureAlgorithm> algorithms;

	private final boolean testKeysAllowed;

	private VerificationPolicy(Builder builder) {
		this.maxLifetime = builder.maxLifetime;
		this.clockSkew = builder.clockSkew;
		this.acceptedTags = Collections.unmodifiableSet(new LinkedHashSet<>(builder.acceptedTags));
		this.tagRequired = builder.tagRequired;
		this.expiresRequired = builder.expiresRequired;
		this.nonceRequiredForUnsafeMethods = builder.nonceRequiredForUnsafeMethods;
		this.thumbprintKeyIdRequired = builder.thumbprintKeyIdRequired;
		this.componentsRequired = builder.componentsRequired;
		this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(builder.algorithms));
		this.testKeysAllowed = builder.testKeysAllowed;
	}

	/** The default policy (see the class description). */
	public static VerificationPolicy defaults() {
		return DEFAULTS;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder that starts from this policy's settings. */
	public Builder toBuilder() {
		return Builder.from(this);
	}

	/** Longest accepted {@code expires - created}. Default 300 s. */
	public Duration maxLifetime() {
		return this.maxLifetime;
	}

	/** Tolerated clock difference between signer and verifier. Default 30 s. */
	public Duration clockSkew() {
		return this.clockSkew;
	}

	/** Accepted {@code tag} values. Default {@code agent-auth}, {@code web-bot-auth}. */
	public Set<String> acceptedTags() {
		return this.acceptedTags;
	}

	/** Whether a signature without an accepted {@code tag} is refused. Default true. */
	public boolean isTagRequired() {
		return this.tagRequired;
	}

	/** Whether {@code expires} is required. Default true. ({@code created} and {@code keyid} always are.) */
	public boolean isExpiresRequired() {
		return this.expiresRequired;
	}

	/** Whether unsafe methods need a {@code nonce}. Default true. */
	public boolean isNonceRequiredForUnsafeMethods() {
		return this.nonceRequiredForUnsafeMethods;
	}

	/** Whether {@code keyid} must look like an RFC 7638 SHA-256 thumbprint and equal the resolved key's. Default true. */
	public boolean isThumbprintKeyIdRequired() {
		return this.thumbprintKeyIdRequired;
	}

	/** Whether the required covered components are enforced. Default true. */
	public boolean isComponentsRequired() {
		return this.componentsRequired;
	}

	/** Accepted algorithms. Default all of {@link SignatureAlgorithm}. */
	public Set<SignatureAlgorithm> algorithms() {
		return this.algorithms;
	}

	/**
	 * Whether published test keys ({@link dev.agentauth.core.key.KnownTestKeys}: RFC 9421 Appendix B, the Web Bot
	 * Auth drafts' examples) may sign. Default false: they are refused with {@code test_key_not_allowed}.
	 */
	public boolean isTestKeysAllowed() {
		return this.testKeysAllowed;
	}

	/** Whether {@code method} needs a nonce under this policy (anything but GET, HEAD, OPTIONS, TRACE). */
	public boolean requiresNonce(String method) {
		return this.nonceRequiredForUnsafeMethods && !isSafe(method);
	}

	static boolean isSafe(String method) {
		return switch (method) {
			case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
			default -> false;
		};
	}

	/**
	 * Checks that {@code parameters} cover what this policy requires of {@code request}.
	 * @throws AgentAuthException {@code component_missing}
	 */
	void checkComponents(SignatureParameters parameters, HttpRequestView request, boolean hasBody)
			throws AgentAuthException {
		if (!this.componentsRequired) {
			return;
		}
		if (TAG_WEB_BOT_AUTH.equals(parameters.tag())) {
			require(parameters, CoveredComponent.AUTHORITY);
			if (request.hasHeader("signature-agent")) {
				require(parameters, CoveredComponent.of("signature-agent"));
			}
		}
		else {
			require(parameters, CoveredComponent.METHOD);
			if (!parameters.covers(CoveredComponent.TARGET_URI) && !(parameters.covers(CoveredComponent.AUTHORITY)
					&& parameters.covers(CoveredComponent.PATH) && parameters.covers(CoveredComponent.QUERY))) {
				throw new AgentAuthException(ErrorCode.COMPONENT_MISSING,
						"The signature must cover @target-uri, or @authority, @path and @query");
			}
		}
		if (hasBody) {
			require(parameters, CoveredComponent.CONTENT_DIGEST);
		}
		if (request.hasHeader("authorization")) {
			require(parameters, CoveredComponent.AUTHORIZATION);
		}
	}

	private static void require(SignatureParameters parameters, CoveredComponent component)
			throws AgentAuthException {
		if (!parameters.covers(component)) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "The signature must cover " + component);
		}
	}

	/**
	 * The RFC 9421 §5.1 {@code Accept-Signature} value that asks for a signature this policy accepts, for a 401
	 * response. Form: {@code sig1=("@method" "@target-uri" ["content-digest"] ["authorization"]);keyid;created;
	 * expires;nonce;tag="agent-auth"} (boolean parameters meaning "include this parameter").
	 * @param hasBody whether the refused request had a body
	 * @param hasAuthorization whether it carried an {@code Authorization} header
	 */
	public String acceptSignature(boolean hasBody, boolean hasAuthorization) {
		StringBuilder value = new StringBuilder("sig1=(\"@method\" \"@target-uri\"");
		if (hasBody) {
			value.append(" \"content-digest\"");
		}
		if (hasAuthorization) {
			value.append(" \"authorization\"");
		}
		value.append(");keyid;created;expires;nonce");
		String tag = this.acceptedTags.contains(TAG_AGENT_AUTH) ? TAG_AGENT_AUTH
				: this.acceptedTags.stream().findFirst().orElse(null);
		if (tag != null) {
			value.append(";tag=").append(StructuredFieldWriter.serializeBareItem(tag));
		}
		return value.toString();
	}

	@Override
	public String toString() {
		return "VerificationPolicy[maxLifetime=" + this.maxLifetime + ", clockSkew=" + this.clockSkew + ", tags="
				+ this.acceptedTags + ", tagRequired=" + this.tagRequired + ", expiresRequired=" + this.expiresRequired
				+ ", nonceRequiredForUnsafeMethods=" + this.nonceRequiredForUnsafeMethods + ", thumbprintKeyIdRequired="
				+ this.thumbprintKeyIdRequired + ", componentsRequired=" + this.componentsRequired + ", algorithms="
				+ this.algorithms + ", testKeysAllowed=" + this.testKeysAllowed + "]";
	}

	/**
	 * Builds a {@link VerificationPolicy}; starts from the defaults.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private Duration maxLifetime = Duration.ofSeconds(300);

		private Duration clockSkew = Duration.ofSeconds(30);

		private Set<String> acceptedTags = new LinkedHashSet<>(List.of(TAG_AGENT_AUTH, TAG_WEB_BOT_AUTH));

		private boolean tagRequired = true;

		private boolean expiresRequired = true;

		private boolean nonceRequiredForUnsafeMethods = true;

		private boolean thumbprintKeyIdRequired = true;

		private boolean componentsRequired = true;

		private Set<SignatureAlgorithm> algorithms = EnumSet.allOf(SignatureAlgorithm.class);

		private boolean testKeysAllowed;

		private Builder() {
		}

		private static Builder from(VerificationPolicy policy) {
			Builder builder = new Builder();
			builder.maxLifetime = policy.maxLifetime;
			builder.clockSkew = policy.clockSkew;
			builder.acceptedTags = new LinkedHashSet<>(policy.acceptedTags);
			builder.tagRequired = policy.tagRequired;
			builder.expiresRequired = policy.expiresRequired;
			builder.nonceRequiredForUnsafeMethods = policy.nonceRequiredForUnsafeMethods;
			builder.thumbprintKeyIdRequired = policy.thumbprintKeyIdRequired;
			builder.componentsRequired = policy.componentsRequired;
			builder.algorithms = EnumSet.copyOf(policy.algorithms);
			builder.testKeysAllowed = policy.testKeysAllowed;
			return builder;
		}

		/** Whether published test keys may sign (development only). Default false. */
		public Builder allowTestKeys(boolean allowTestKeys) {
			this.testKeysAllowed = allowTestKeys;
			return this;
		}

		public Builder maxLifetime(Duration maxLifetime) {
			Objects.requireNonNull(maxLifetime, "maxLifetime cannot be null");
			if (maxLifetime.isNegative() || maxLifetime.isZero()) {
				throw new IllegalArgumentException("maxLifetime must be positive");
			}
			this.maxLifetime = maxLifetime;
			return this;
		}

		public Builder clockSkew(Duration clockSkew) {
			Objects.requireNonNull(clockSkew, "clockSkew cannot be null");
			if (clockSkew.isNegative()) {
				throw new IllegalArgumentException("clockSkew cannot be negative");
			}
			this.clockSkew = clockSkew;
			return this;
		}

		public Builder acceptedTags(Set<String> acceptedTags) {
			Objects.requireNonNull(acceptedTags, "acceptedTags cannot be null");
			for (String tag : acceptedTags) {
				// the tag goes into Accept-Signature as an RFC 8941 string: refuse at start-up what cannot
				if (tag == null || tag.isEmpty() || !tag.chars().allMatch((c) -> c >= 0x20 && c <= 0x7E)) {
					throw new IllegalArgumentException("An accepted tag must be printable ASCII and not empty");
				}
			}
			this.acceptedTags = new LinkedHashSet<>(acceptedTags);
			return this;
		}

		public Builder tagRequired(boolean tagRequired) {
			this.tagRequired = tagRequired;
			return this;
		}

		public Builder expiresRequired(boolean expiresRequired) {
			this.expiresRequired = expiresRequired;
			return this;
		}

		public Builder nonceRequiredForUnsafeMethods(boolean nonceRequiredForUnsafeMethods) {
			this.nonceRequiredForUnsafeMethods = nonceRequiredForUnsafeMethods;
			return this;
		}

		public Builder thumbprintKeyIdRequired(boolean thumbprintKeyIdRequired) {
			this.thumbprintKeyIdRequired = thumbprintKeyIdRequired;
			return this;
		}

		public Builder componentsRequired(boolean componentsRequired) {
			this.componentsRequired = componentsRequired;
			return this;
		}

		public Builder algorithms(Set<SignatureAlgorithm> algorithms) {
			Objects.requireNonNull(algorithms, "algorithms cannot be null");
			if (algorithms.isEmpty()) {
				throw new IllegalArgumentException("algorithms cannot be empty");
			}
			this.algorithms = EnumSet.copyOf(algorithms);
			return this;
		}

		public VerificationPolicy build() {
			return new VerificationPolicy(this);
		}

	}

}
