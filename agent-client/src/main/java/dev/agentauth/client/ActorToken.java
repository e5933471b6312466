package dev.agentauth.client;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.signature.CompactJws;

/**
 * The {@code actor_token} of the delegation token exchange (DESIGN.md, "Delegation" step 2): a short JWT
 * signed by the agent's key with {@code iss} = {@code sub} = the agent id, {@code aud} = the realm issuer, a
 * random {@code jti}, {@code iat} and {@code exp} at most 60 s later. The JWS header carries {@code kid} = the
 * key's RFC 7638 thumbprint. JWS algorithms: {@code EdDSA} (Ed25519), {@code ES256} (P-256, {@code r || s}) or
 * {@code PS512} (RSASSA-PSS SHA-512, 64-byte salt) by key type; the signature is produced by the same
 * {@link dev.agentauth.core.signature.SigningKey} that signs requests, whose outputs are already in JWS form.
 *
 * @since 0.1.0
 */
public final class ActorToken {

	/** The longest lifetime the token exchange accepts. */
	public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

	/** The {@code actor_token_type} to send with it ({@link DelegationClaims#ACTOR_TOKEN_TYPE}). */
	public static final String TOKEN_TYPE = DelegationClaims.ACTOR_TOKEN_TYPE;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ActorToken() {
	}

	/**
	 * An actor token valid for {@link #MAX_LIFETIME} from now.
	 * @param issuer the realm issuer, e.g. {@code https://id.example/realms/shop}
	 */
	public static String create(AgentKeyPair keyPair, String agentId, URI issuer) {
		return create(keyPair, agentId, issuer, MAX_LIFETIME, Clock.systemUTC());
	}

	/**
	 * An actor token.
	 * @param lifetime {@code exp - iat}, at most {@link #MAX_LIFETIME}
	 */
	public static String create(AgentKeyPair keyPair, String agentId, URI issuer, Duration lifetime,
			Clock clock) {
		Objects.requireNonNull(keyPair, "keyPair cannot be null");
		Objects.requireNonNull(agentId, "agentId cannot be null");
		Objects.requireNonNull(issuer, "issuer cannot be null");
		Objects.requireNonNull(lifetime, "lifetime cannot be null");
		Objects.requireNonNull(clock, "clock cannot be null");
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
			throw new IllegalArgumentException("lifetime must be between 1 and 60 seconds");
		}
		Instant now = clock.instant();
		byte[] jti = new byte[16];
		RANDOM.nextBytes(jti);
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", agentId);
		claims.put("sub", agentId);
		claims.put("aud", issuer.toString());
		claims.put("jti", Base64.getUrlEncoder().withoutPadding().encodeToString(jti));
		claims.put("iat", now.getEpochSecond());
		claims.put("exp", now.plus(lifetime).getEpochSecond());
		return CompactJws.sign(keyPair.signingKey(), "JWT", claims);
	}

	/** The JWS {@code alg} for the key pair's algorithm. */
	public static String jwsAlgorithm(AgentKeyPair keyPair) {
		return CompactJws.jwsAlgorithm(keyPair.signingKey().algorithm());
	}

}
