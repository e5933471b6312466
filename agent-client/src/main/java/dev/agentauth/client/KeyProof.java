package dev.agentauth.client;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.agentauth.core.signature.CompactJws;

/**
 * Proof of possession for registering a key through operator self-registration: a compact JWS signed by the
 * new key over {@code sub} = the agent id, {@code aud} = the realm issuer URL and a fresh {@code iat}. The
 * registry accepts it for 5 minutes.
 *
 * @since 0.1.0
 */
public final class KeyProof {

	/** The JWS {@code typ} of a key proof. */
	public static final String TYPE = "agent-key-proof+jwt";

	private KeyProof() {
	}

	public static String create(AgentKeyPair keyPair, String agentId, String issuer) {
		return create(keyPair, agentId, issuer, Clock.systemUTC());
	}

	public static String create(AgentKeyPair keyPair, String agentId, String issuer, Clock clock) {
		Objects.requireNonNull(keyPair, "keyPair cannot be null");
		Objects.requireNonNull(agentId, "agentId cannot be null");
		Objects.requireNonNull(issuer, "issuer cannot be null");
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", agentId);
		claims.put("aud", issuer);
		claims.put("iat", clock.instant().getEpochSecond());
		return CompactJws.sign(keyPair.signingKey(), TYPE, claims);
	}

}
