package dev.agentauth.core.delegation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.signature.CompactJws;

/**
 * Verifies the {@code actor_token} of the delegation token exchange: a compact JWS signed by an agent key, header
 * {@code kid} = the key id the agent's request signatures carry (the key's RFC 7638 thumbprint for a registered key
 * or a Web Bot Auth directory's key; a JWKS provider's {@code kid} for a key brokered from a key set), claims {@code iss} = {@code sub} = the agent id,
 * {@code aud} = the realm issuer, numeric {@code iat} and {@code exp} with {@code exp - iat <= 60 s}, and a
 * {@code jti}. The caller resolves the key from {@link #keyId(String)}, checks that it belongs to the agent and
 * is usable, and remembers the {@code jti} until {@code exp} (replay).
 *
 * @since 0.1.0
 */
public final class ActorTokenVerifier {

	/** The longest lifetime ({@code exp - iat}) accepted. */
	public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

	private final String audience;

	private final Duration clockSkew;

	private final Clock clock;

	/**
	 * @param audience the required {@code aud} (the realm issuer URL)
	 * @param clockSkew tolerance for {@code iat} in the future and {@code exp} in the past
	 */
	public ActorTokenVerifier(String audience, Duration clockSkew, Clock clock) {
		this.audience = Objects.requireNonNull(audience, "audience cannot be null");
		this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * The header's {@code kid}, read without verifying anything.
	 * @throws AgentAuthException {@code actor_token_invalid} if the token is not a compact JWS with a
	 * {@code kid}
	 */
	public static String keyId(@Nullable String token) throws AgentAuthException {
		Object kid = header(token).get("kid");
		if (!(kid instanceof String value) || value.isEmpty()) {
			throw invalid("The actor token header has no 'kid' (the key's JWK thumbprint)");
		}
		return value;
	}

	/**
	 * Verifies the signature with {@code key} (whose thumbprint must be the header {@code kid}) and the claims.
	 * @throws AgentAuthException {@code actor_token_invalid} with the reason
	 */
	public ActorTokenClaims verify(String token, AgentKey key) throws AgentAuthException {
		return verify(token, key, key.thumbprint());
	}

	/**
	 * Verifies the signature with {@code key}, which the caller resolved from the header {@code kid}
	 * {@code keyId} (e.g. a JWKS provider's {@code kid}), and the claims. The claims' key id
	 * ({@link ActorTokenClaims#kid()}, the delegation token's {@code cnf.jkt}) is the key's thumbprint either way.
	 * @throws AgentAuthException {@code actor_token_invalid} with the reason
	 * @since 0.1.0
	 */
	public ActorTokenClaims verify(String token, AgentKey key, String keyId) throws AgentAuthException {
		if (!keyId.equals(keyId(token))) {
			throw invalid("The actor token 'kid' is not "
					+ (keyId.equals(key.thumbprint()) ? "the thumbprint of the given key" : "the given key's id"));
		}
		Map<String, Object> claims;
		try {
			claims = CompactJws.verify(token, key, keyId);
		}
		catch (AgentAuthException ex) {
			throw new AgentAuthException(ErrorCode.ACTOR_TOKEN_INVALID, "Actor token: " + ex.getMessage(), ex);
		}
		String iss = string(claims, "iss");
		String sub = string(claims, "sub");
		if (!iss.equals(sub)) {
			throw invalid("The actor token must have iss = sub = the agent id");
		}
		Object aud = claims.get("aud");
		boolean audienceOk = (aud instanceof String value) ? this.audience.equals(value)
				: (aud instanceof List<?> values) && values.contains(this.audience);
		if (!audienceOk) {
			throw invalid("The actor token 'aud' must be " + this.audience);
		}
		Instant iat = instant(claims, "iat");
		Instant exp = instant(claims, "exp");
		String jti = string(claims, "jti");
		if (!exp.isAfter(iat)) {
			throw invalid("The actor token 'exp' must be after its 'iat'");
		}
		if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
			throw invalid("The actor token may live at most " + MAX_LIFETIME.toSeconds() + " s (exp - iat)");
		}
		Instant now = this.clock.instant();
		if (iat.isAfter(now.plus(this.clockSkew))) {
			throw invalid("The actor token is issued in the future");
		}
		if (!exp.isAfter(now.minus(this.clockSkew))) {
			throw invalid("The actor token has expired");
		}
		return new ActorTokenClaims(sub, key.thumbprint(), jti, iat, exp);
	}

	private static Map<String, Object> header(@Nullable String token) throws AgentAuthException {
		if (token == null || token.isBlank()) {
			throw invalid("No actor token given");
		}
		try {
			return CompactJws.parse(token).header();
		}
		catch (AgentAuthException ex) {
			throw invalid("The actor token is not a compact JWS: " + ex.getMessage());
		}
	}

	private static String string(Map<String, Object> claims, String name) throws AgentAuthException {
		if (!(claims.get(name) instanceof String value) || value.isEmpty()) {
			throw invalid("The actor token has no '" + name + "'");
		}
		return value;
	}

	private static Instant instant(Map<String, Object> claims, String name) throws AgentAuthException {
		if (!(claims.get(name) instanceof Number value)) {
			throw invalid("The actor token has no numeric '" + name + "'");
		}
		try {
			return Instant.ofEpochSecond(value.longValue());
		}
		catch (java.time.DateTimeException ex) {
			// a signed token with "exp": 1e300 (found by DelegationFuzzTests#actorTokenIsVerifiedOrRefused)
			throw invalid("The actor token's '" + name + "' is not a time");
		}
	}

	private static AgentAuthException invalid(String message) {
		return new AgentAuthException(ErrorCode.ACTOR_TOKEN_INVALID, message);
	}

}
