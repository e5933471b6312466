package dev.agentauth.client;

import java.time.Clock;
import java.util.Objects;

import dev.agentauth.core.signature.KeyPossessionProof;

/**
 * Proof of possession for registering a key through operator self-registration: a compact JWS signed by the
 * new key over {@code sub} = the agent id, {@code aud} = the realm issuer URL and a fresh {@code iat}. The
 * registry accepts it for 5 minutes. Built by the core's {@link KeyPossessionProof}, which also verifies it in
 * the registry.
 *
 * @since 0.1.0
 */
public final class KeyProof {

	/** The JWS {@code typ} of a key proof. */
	public static final String TYPE = KeyPossessionProof.TYPE;

	private KeyProof() {
	}

	public static String create(AgentKeyPair keyPair, String agentId, String issuer) {
		return create(keyPair, agentId, issuer, Clock.systemUTC());
	}

	public static String create(AgentKeyPair keyPair, String agentId, String issuer, Clock clock) {
		Objects.requireNonNull(keyPair, "keyPair cannot be null");
		return KeyPossessionProof.create(keyPair.signingKey(), agentId, issuer, clock.instant());
	}

}
