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
		if (jws == null) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "No JWS given");
		}
		String[] parts = jws.split("\\.", -1);
		if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "Not a compact JWS (header.payload.signature)");
		}
		Map<String, Object> header;
		Map<String, Object> claims;
		try {
			header = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
			claims = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
		}
		catch (ParseException | RuntimeException ex) {
			throw new AgentAuthException(ErrorCode.JWS_MALFORMED, "The JWS header or payload is not a JSON object");
		}
		if (!jwsAlgorithm(key.algorithm()).equals(header.get("alg"))) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID,
					"The JWS 'alg' must be " + jwsAlgorithm(key.algorithm()) + " for this key");
		}
		if (header.containsKey("crit")) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "Critical JWS header parameters are not supported");
		}
		if (header.get("kid") != null && !key.thumbprint().equals(header.get("kid"))) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "The JWS 'kid' is not this key's thumbprint");
		}
		byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
		if (!VerificationKey.of(key).verify(signingInput, new Base64URL(parts[2]).decode())) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "The JWS signature does not verify with this key");
		}
		return claims;
	}

}
