package dev.agentauth.core.key;

import java.text.ParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * An agent's public key: a strictly validated public JWK (Ed25519 OKP, P-256 EC, or RSA of 2048 bits or more)
 * with its RFC 7638 thumbprint, which is the RFC 9421 {@code keyid} and the delegation token's {@code cnf.jkt}.
 * Immutable.
 *
 * @since 0.1.0
 */
public final class AgentKey {

	/** Smallest RSA modulus accepted (DESIGN.md: 2048 bits or more, 4096 recommended). */
	public static final int MIN_RSA_BITS = 2048;

	// RFC 7517/7518/8037 private members; any of them means the caller sent a private key.
	private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

	private final JWK jwk;

	private final String thumbprint;

	private final SignatureAlgorithm algorithm;

	private AgentKey(JWK jwk, String thumbprint, SignatureAlgorithm algorithm) {
		this.jwk = jwk;
		this.thumbprint = thumbprint;
		this.algorithm = algorithm;
	}

	/**
	 * Parses a public JWK from its JSON text.
	 * @throws AgentAuthException {@code key_malformed}, {@code key_private_material}, {@code key_unsupported},
	 * {@code key_too_small} or {@code key_id_mismatch}
	 */
	public static AgentKey parse(String json) throws AgentAuthException {
		Objects.requireNonNull(json, "json cannot be null");
		Map<String, Object> members;
		try {
			members = com.nimbusds.jose.util.JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The key is not a JSON object");
		}
		return from(members);
	}

	/**
	 * Builds a key from JWK members (as parsed from JSON).
	 * @throws AgentAuthException see {@link #parse(String)}
	 */
	public static AgentKey from(Map<String, Object> members) throws AgentAuthException {
		Objects.requireNonNull(members, "members cannot be null");
		for (String member : PRIVATE_MEMBERS) {
			if (members.containsKey(member)) {
				throw new AgentAuthException(ErrorCode.KEY_PRIVATE_MATERIAL,
						"The JWK contains private key material (member '" + member
								+ "'); send only the public key");
			}
		}
		JWK jwk;
		try {
			jwk = JWK.parse(members);
		}
		catch (ParseException | RuntimeException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The JWK is malformed or of an unsupported type");
		}
		return from(jwk);
	}

	/**
	 * Wraps a Nimbus JWK, which must be public.
	 * @throws AgentAuthException see {@link #parse(String)}
	 */
	public static AgentKey from(JWK jwk) throws AgentAuthException {
		Objects.requireNonNull(jwk, "jwk cannot be null");
		if (jwk.isPrivate()) {
			throw new AgentAuthException(ErrorCode.KEY_PRIVATE_MATERIAL,
					"The JWK contains private key material; send only the public key");
		}
		SignatureAlgorithm algorithm = algorithmOf(jwk);
		String thumbprint;
		try {
			thumbprint = jwk.computeThumbprint("SHA-256").toString();
		}
		catch (JOSEException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The JWK thumbprint cannot be computed");
		}
		if (jwk.getKeyID() != null && !jwk.getKeyID().equals(thumbprint)) {
			throw new AgentAuthException(ErrorCode.KEY_ID_MISMATCH,
					"The JWK 'kid' must be its RFC 7638 SHA-256 thumbprint (" + thumbprint + ")");
		}
		return new AgentKey(jwk.toPublicJWK(), thumbprint, algorithm);
	}

	private static SignatureAlgorithm algorithmOf(JWK jwk) throws AgentAuthException {
		SignatureAlgorithm algorithm;
		if (jwk instanceof OctetKeyPair okp) {
			if (!Curve.Ed25519.equals(okp.getCurve())) {
				throw new AgentAuthException(ErrorCode.KEY_UNSUPPORTED,
						"Unsupported OKP curve '" + okp.getCurve() + "'; only Ed25519 is accepted");
			}
			algorithm = SignatureAlgorithm.ED25519;
		}
		else if (jwk instanceof ECKey ec) {
			if (!Curve.P_256.equals(ec.getCurve())) {
				throw new AgentAuthException(ErrorCode.KEY_UNSUPPORTED,
						"Unsupported EC curve '" + ec.getCurve() + "'; only P-256 is accepted");
			}
			algorithm = SignatureAlgorithm.ECDSA_P256_SHA256;
		}
		else if (jwk instanceof RSAKey rsa) {
			int bits = rsa.size();
			if (bits < MIN_RSA_BITS) {
				throw new AgentAuthException(ErrorCode.KEY_TOO_SMALL,
						"RSA key of " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
			}
			algorithm = SignatureAlgorithm.RSA_PSS_SHA512;
		}
		else {
			throw new AgentAuthException(ErrorCode.KEY_UNSUPPORTED,
					"Unsupported key type '" + jwk.getKeyType() + "'; use OKP (Ed25519), EC (P-256) or RSA");
		}
		return algorithm;
	}

	/** The RFC 7638 SHA-256 thumbprint, base64url without padding. */
	public String thumbprint() {
		return this.thumbprint;
	}

	/** The one signature algorithm this key may be used with. */
	public SignatureAlgorithm algorithm() {
		return this.algorithm;
	}

	/** The public JWK (never private members). */
	public JWK jwk() {
		return this.jwk;
	}

	/** The public JWK as JSON members, suitable for serialization. */
	public Map<String, Object> toJsonObject() {
		return this.jwk.toJSONObject();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof AgentKey key) && this.thumbprint.equals(key.thumbprint);
	}

	@Override
	public int hashCode() {
		return this.thumbprint.hashCode();
	}

	@Override
	public String toString() {
		return "AgentKey[" + this.algorithm + ", " + this.thumbprint + "]";
	}

}
