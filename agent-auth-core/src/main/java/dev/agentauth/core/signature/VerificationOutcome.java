package dev.agentauth.core.signature;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * What verifying one request under a profile concluded, as a value to record (draft-meunier-webbotauth-httpsig-protocol,
 * "Verifier Outcomes"): {@link Status#VERIFIED}, {@link Status#INVALID} (the signature, covered components, key or
 * freshness checks failed) or {@link Status#UNVERIFIED} (the verifier could not decide: no signature, an unknown
 * key, an unreachable registry or nonce store). Immutable.
 *
 * @param profile the profile's name
 * @param status the outcome
 * @param signature the verified signature, when {@code status} is {@code VERIFIED}
 * @param errorCode the refusal, when it is not
 * @since 0.1.0
 */
public record VerificationOutcome(String profile, Status status, @Nullable VerifiedSignature signature,
		@Nullable ErrorCode errorCode) {

	// "the verifier cannot obtain enough information to decide"
	private static final Set<ErrorCode> UNDECIDED = Set.of(ErrorCode.SIGNATURE_MISSING, ErrorCode.UNKNOWN_KEY,
			ErrorCode.REGISTRY_UNAVAILABLE, ErrorCode.KEY_AMBIGUOUS, ErrorCode.NONCE_STORE_FULL,
			ErrorCode.NONCE_STORE_UNAVAILABLE);

	/** The three outcomes. */
	public enum Status {

		/** The signature and key material validate. */
		VERIFIED,

		/** The signature, covered components, key or freshness checks fail. */
		INVALID,

		/** Not enough information to decide: no signature, unknown key, registry or nonce store unavailable. */
		UNVERIFIED

	}

	public VerificationOutcome {
		Objects.requireNonNull(profile, "profile cannot be null");
		Objects.requireNonNull(status, "status cannot be null");
		if ((status == Status.VERIFIED) != (signature != null) || (status == Status.VERIFIED) == (errorCode != null)) {
			throw new IllegalArgumentException("A verified outcome has a signature and no error code, others the reverse");
		}
	}

	/** A verified outcome. */
	public static VerificationOutcome verified(String profile, VerifiedSignature signature) {
		return new VerificationOutcome(profile, Status.VERIFIED, Objects.requireNonNull(signature), null);
	}

	/** The outcome of a refusal: unverified when the verifier could not decide, invalid otherwise. */
	public static VerificationOutcome refused(String profile, AgentAuthException refusal) {
		ErrorCode code = refusal.errorCode();
		return new VerificationOutcome(profile, UNDECIDED.contains(code) ? Status.UNVERIFIED : Status.INVALID, null,
				code);
	}

	/** Whether the request was verified. */
	public boolean isVerified() {
		return this.status == Status.VERIFIED;
	}

}
