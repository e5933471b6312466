package dev.agentauth.core.signature;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.key.RegisteredKey;

/**
 * A request signature that {@link RequestSignatureVerifier#verifySignature} accepted: the signature is valid
 * for the registered key and the policy. Body digest and nonce are checked separately by
 * {@link RequestSignatureVerifier#verifyBodyAndConsumeNonce}. Immutable.
 *
 * @since 0.1.0
 */
public final class VerifiedSignature {

	private final String label;

	private final SignatureParameters parameters;

	private final RegisteredKey key;

	private final boolean hasBody;

	private final List<String> contentDigestLines;

	private final Instant nonceExpiresAt;

	private final SignatureProfile profile;

	VerifiedSignature(String label, SignatureParameters parameters, RegisteredKey key, boolean hasBody,
			List<String> contentDigestLines, Instant nonceExpiresAt, SignatureProfile profile) {
		this.label = Objects.requireNonNull(label, "label cannot be null");
		this.parameters = Objects.requireNonNull(parameters, "parameters cannot be null");
		this.key = Objects.requireNonNull(key, "key cannot be null");
		this.hasBody = hasBody;
		this.contentDigestLines = List.copyOf(contentDigestLines);
		this.nonceExpiresAt = nonceExpiresAt;
		this.profile = Objects.requireNonNull(profile, "profile cannot be null");
	}

	/** The label of the verified signature, e.g. {@code sig1}. */
	public String label() {
		return this.label;
	}

	public SignatureParameters parameters() {
		return this.parameters;
	}

	/** The registry's record of the signing key. */
	public RegisteredKey key() {
		return this.key;
	}

	/** The {@code keyid}: the key's RFC 7638 thumbprint (compare it with a delegation token's {@code cnf.jkt}). */
	public String keyId() {
		return this.key.keyId();
	}

	/** The agent that owns the key. */
	public String agentId() {
		return this.key.agentId();
	}

	/** The {@code tag} parameter, or {@code null}. */
	public @Nullable String tag() {
		return this.parameters.tag();
	}

	/** The name of the {@link SignatureProfile} the signature was verified under, e.g. {@code agent-auth}. */
	public String profileName() {
		return this.profile.name();
	}

	SignatureProfile profile() {
		return this.profile;
	}

	/** Whether the request was treated as having a body when the signature was checked. */
	public boolean hasBody() {
		return this.hasBody;
	}

	List<String> contentDigestLines() {
		return this.contentDigestLines;
	}

	Instant nonceExpiresAt() {
		return this.nonceExpiresAt;
	}

	@Override
	public String toString() {
		return "VerifiedSignature[" + this.label + ", profile=" + this.profile.name() + ", agent=" + agentId() + ", keyid=" + keyId() + "]";
	}

}
