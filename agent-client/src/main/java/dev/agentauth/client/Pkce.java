package dev.agentauth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * An RFC 7636 PKCE pair ({@code S256}) for the consumer's authorization-code flow.
 *
 * @param verifier the {@code code_verifier}, sent with the code
 * @param challenge the {@code code_challenge}, sent in the authorization request
 * @since 0.1.0
 */
public record Pkce(String verifier, String challenge) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A fresh pair: 32 random bytes as verifier, its SHA-256 as challenge (RFC 7636 §4.1, §4.2). */
	public static Pkce generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
