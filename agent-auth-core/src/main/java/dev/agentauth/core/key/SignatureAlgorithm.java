package dev.agentauth.core.key;

import java.util.Optional;

/**
 * The RFC 9421 algorithms Agent Auth accepts (RFC 9421 §3.3). Everything else, including HMAC, is refused.
 *
 * @since 0.1.0
 */
public enum SignatureAlgorithm {

	/** EdDSA using curve edwards25519 (RFC 9421 §3.3.6). The default. */
	ED25519("ed25519"),
	/** ECDSA using curve P-256 and SHA-256 (RFC 9421 §3.3.4). */
	ECDSA_P256_SHA256("ecdsa-p256-sha256"),
	/** RSASSA-PSS using SHA-512 (RFC 9421 §3.3.1); keys of 2048 bits or more. */
	RSA_PSS_SHA512("rsa-pss-sha512");

	private final String identifier;

	SignatureAlgorithm(String identifier) {
		this.identifier = identifier;
	}

	/** The HTTP Signature Algorithms registry name, as used in the {@code alg} parameter. */
	public String identifier() {
		return this.identifier;
	}

	public static Optional<SignatureAlgorithm> fromIdentifier(String identifier) {
		for (SignatureAlgorithm algorithm : values()) {
			if (algorithm.identifier.equals(identifier)) {
				return Optional.of(algorithm);
			}
		}
		return Optional.empty();
	}

	@Override
	public String toString() {
		return this.identifier;
	}

}
