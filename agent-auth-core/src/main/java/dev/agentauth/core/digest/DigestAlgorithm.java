package dev.agentauth.core.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The RFC 9530 digest algorithms Agent Auth computes and accepts (the "standard" ones of the IANA Hash
 * Algorithms for HTTP Digest Fields registry). Insecure algorithms ({@code md5}, {@code sha}, ...) are not
 * accepted.
 *
 * @since 0.1.0
 */
public enum DigestAlgorithm {

	/** {@code sha-256}, the default. */
	SHA_256("sha-256", "SHA-256"),
	/** {@code sha-512}. */
	SHA_512("sha-512", "SHA-512");

	private final String key;

	private final String jcaName;

	DigestAlgorithm(String key, String jcaName) {
		this.key = key;
		this.jcaName = jcaName;
	}

	/** The dictionary key in {@code Content-Digest}, e.g. {@code sha-256}. */
	public String key() {
		return this.key;
	}

	public static Optional<DigestAlgorithm> fromKey(String key) {
		for (DigestAlgorithm algorithm : values()) {
			if (algorithm.key.equals(key)) {
				return Optional.of(algorithm);
			}
		}
		return Optional.empty();
	}

	/** The digest of {@code content}. */
	public byte[] digest(byte[] content) {
		try {
			return MessageDigest.getInstance(this.jcaName).digest(content);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(this.jcaName + " is not available", ex);
		}
	}

	@Override
	public String toString() {
		return this.key;
	}

}
