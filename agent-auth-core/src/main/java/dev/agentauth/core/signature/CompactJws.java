package dev.agentauth.core.signature;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.SignatureAlgorithm;

/**
 * Compact JWS (RFC 7515) signed with an agent key: proofs of possession at key registration and actor tokens
 * for the token exchange. The JWS algorithm follows from the key ({@code EdDSA}, {@code ES256}, {@code PS512});
 * the signature bytes are the same as the RFC 9421 ones, so one signer and one verifier serve both.
 *
 * @since 0.1.0
 */
public final class CompactJws {

	private CompactJws() {
	}

	/** The JWS {@code alg} for an agent key algorithm. */
	public static String jwsAlgorithm(SignatureAlgorithm algorithm) {
		return switch (algorithm) {
			case ED25519 -> "EdDSA";
			case ECDSA_P256_SHA256 -> "ES256";
			case RSA_PSS_SHA512 -> "PS512";
		};
	}

	/**
	 * Signs {@code claims}; the header gets {@code alg} from the key, {@code kid} = its thumbprint, and
	 * {@code typ} when given.
	 */
	public static String sign(SigningKey key, String type, Map<String, Object> claims) {
		Objects.requireNonNull(key, "key cannot be null");
		Objects.requireNonNull(claims, "claims cannot be null");
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", jwsAlgorithm(key.algorithm()));
		if (type != null) {
			header.put("typ", type);
		}
		header.put("kid", key.keyId());
		String signingInput = Base64URL.encode(JSONObjectUtils.toJSONString(header)) + "."
				+ Base64URL.encode(JSONObjectUtils.toJSONString(claims));
		byte[] signature = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + Base64URL.encode(signature);
	}

	/**
	 * Verifies a compact JWS against {@code key} and returns its claims. The header's {@code alg} must be the
	 * key's; a {@code kid}, if present, must be its thumbprint. Claims are not checked here.
	 * @throws AgentAuthException {@code jws_malformed} or {@code jws_invalid}
	 */
	public static Map<String, Object> verify(String jws, AgentKey key) throws AgentAuthException {
		Objects.requireNonNull(key, "key cannot be null");
		return verify(jws, key, key.thumbprint());
	}

	/**
	 * As {@link #verify(String, AgentKey)}, for a key named by another id than its thumbprint (e.g. a JWKS
	 * provider's {@code kid}): a {@code kid}, if present, must be {@code keyId}.
	 * @throws AgentAuthException {@code jws_malformed} or {@code jws_invalid}
	 * @since 0.1.0
	 */
	public static Map<String, Object> verify(String jws, AgentKey key, String keyId) throws AgentAuthException {
		Objects.requireNonNull(key, "key cannot be null");
		Objects.requireNonNull(keyId, "keyId cannot be null");
		Parsed parsed = parse(jws);
		if (parsed.signature().length == 0) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "Not a compact JWS (header.payload.signature)");
		}
		Map<String, Object> header = parsed.header();
		Map<String, Object> claims = parsed.claims();
		if (!jwsAlgorithm(key.algorithm()).equals(header.get("alg"))) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID,
					"The JWS 'alg' must be " + jwsAlgorithm(key.algorithm()) + " for this key");
		}
		if (header.containsKey("crit")) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "Critical JWS header parameters are not supported");
		}
		if (header.get("kid") != null && !keyId.equals(header.get("kid"))) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "The JWS 'kid' is not this key's "
					+ (keyId.equals(key.thumbprint()) ? "thumbprint" : "id"));
		}
		if (!VerificationKey.of(key).verify(parsed.signingInput(), parsed.signature())) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "The JWS signature does not verify with this key");
		}
		return claims;
	}

	/**
	 * Splits a compact JWS (RFC 7515 §7.1) into its decoded parts without verifying anything. This is the one
	 * compact-JWS parser of the project: verifiers, token peeks and Security Event Tokens all start here.
	 * The signature may be empty (an unsecured JWS, {@code "alg":"none"}); the caller decides what it accepts.
	 * @throws AgentAuthException {@code jws_malformed} if it is not three base64url parts with JSON-object
	 * header and payload
	 */
	public static Parsed parse(String jws) throws AgentAuthException {
		if (jws == null || jws.isEmpty()) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "No JWS given");
		}
		int first = jws.indexOf('.');
		int second = (first < 0) ? -1 : jws.indexOf('.', first + 1);
		if (first <= 0 || second <= first + 1 || jws.indexOf('.', second + 1) >= 0) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "Not a compact JWS (header.payload.signature)");
		}
		Map<String, Object> header;
		Map<String, Object> claims;
		byte[] signature;
		try {
			header = JSONObjectUtils.parse(new Base64URL(jws.substring(0, first)).decodeToString());
			claims = JSONObjectUtils.parse(new Base64URL(jws.substring(first + 1, second)).decodeToString());
			signature = new Base64URL(jws.substring(second + 1)).decode();
		}
		catch (ParseException | RuntimeException ex) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "The JWS header or payload is not a JSON object");
		}
		if (header == null || claims == null) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "The JWS header or payload is not a JSON object");
		}
		return new Parsed(header, claims, jws.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
	}

	/**
	 * A compact JWS split into parts.
	 * @param header the decoded JOSE header
	 * @param claims the decoded payload (a JSON object)
	 * @param signingInput the ASCII bytes of {@code header.payload}, as signed
	 * @param signature the decoded signature, empty for an unsecured JWS
	 */
	public record Parsed(Map<String, Object> header, Map<String, Object> claims, byte[] signingInput,
			byte[] signature) {

		/** The header's {@code alg}, or null. */
		public String algorithm() {
			return (this.header.get("alg") instanceof String alg) ? alg : null;
		}

		/** The header's {@code typ}, or null. */
		public String type() {
			return (this.header.get("typ") instanceof String typ) ? typ : null;
		}

	}

}
