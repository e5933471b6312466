package dev.agentauth.core.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;

/**
 * Proof of possession of a new agent key: a compact JWS signed by that key, {@code typ}
 * {@value #TYPE}, over {@code sub} = the agent id, {@code aud} = the realm issuer URL and a fresh {@code iat}.
 * An operator sends it when it registers a key for an agent it operates; the registry verifies it. Both halves
 * live here so that they cannot drift apart.
 *
 * @since 0.2.0
 */
public final class KeyPossessionProof {

	/** The JWS {@code typ} of a key proof (RFC 8725 §3.11: explicit typing). */
	public static final String TYPE = "agent-key-proof+jwt";

	/** How old a proof may be. */
	public static final Duration MAX_AGE = Duration.ofMinutes(5);

	/** How far in the future a proof's {@code iat} may lie (clock skew). */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private KeyPossessionProof() {
	}

	/** Signs a proof with the new key. */
	public static String create(SigningKey key, String agentId, String issuer, Instant issuedAt) {
		Objects.requireNonNull(key, "key cannot be null");
		Objects.requireNonNull(agentId, "agentId cannot be null");
		Objects.requireNonNull(issuer, "issuer cannot be null");
		Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", agentId);
		claims.put("aud", issuer);
		claims.put("iat", issuedAt.getEpochSecond());
		return CompactJws.sign(key, TYPE, claims);
	}

	/**
	 * Verifies a proof: signed by {@code key}, {@code typ} {@value #TYPE}, {@code sub} = {@code agentId},
	 * {@code aud} = (or contains) {@code issuer}, {@code iat} within {@link #MAX_AGE} before {@code now} and at
	 * most {@link #CLOCK_SKEW} after it.
	 * @throws AgentAuthException {@code jws_malformed} or {@code jws_invalid}, with a message safe to show to the
	 * caller
	 */
	public static void verify(String proof, AgentKey key, String agentId, String issuer, Instant now)
			throws AgentAuthException {
		Objects.requireNonNull(key, "key cannot be null");
		CompactJws.Parsed parsed = CompactJws.parse(proof);
		if (!TYPE.equals(parsed.type())) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "The proof's JWS 'typ' must be " + TYPE);
		}
		Map<String, Object> claims = CompactJws.verify(proof, key);
		Object audience = claims.get("aud");
		boolean audienceMatches = issuer.equals(audience) || (audience instanceof List<?> list && list.contains(issuer));
		if (!agentId.equals(claims.get("sub")) || !audienceMatches) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID,
					"The proof must have sub = the agent id and aud = " + issuer);
		}
		if (!(claims.get("iat") instanceof Number iat)) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "The proof has no numeric 'iat'");
		}
		long age = now.getEpochSecond() - iat.longValue();
		if (age > MAX_AGE.toSeconds() || age < -CLOCK_SKEW.toSeconds()) {
			throw new AgentAuthException(ErrorCode.JWS_INVALID, "The proof must be issued within the last 5 minutes");
		}
	}

}
