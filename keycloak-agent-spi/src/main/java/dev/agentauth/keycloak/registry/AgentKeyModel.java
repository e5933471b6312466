package dev.agentauth.keycloak.registry;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.KeyStatus;

/**
 * A key of an agent as stored in the registry; {@code key.thumbprint()} is its {@code kid}. {@code lastUsed} is the
 * latest verified use any merchant reported (key usage signals), or null. A brokered key has the alias of its
 * agent provider as {@code provider} and the provider's id of the key as {@code providerKeyId} (a JWKS {@code kid},
 * or the thumbprint for a Web Bot Auth directory); a registered key has neither.
 *
 * @since 0.1.0
 */
public record AgentKeyModel(String agentId, AgentKey key, KeyStatus status, @Nullable Instant notBefore,
		@Nullable Instant notAfter, Instant created, @Nullable Instant lastUsed, @Nullable String provider,
		@Nullable String providerKeyId) {

	/** A key registered here. */
	public AgentKeyModel(String agentId, AgentKey key, KeyStatus status, @Nullable Instant notBefore,
			@Nullable Instant notAfter, Instant created, @Nullable Instant lastUsed) {
		this(agentId, key, status, notBefore, notAfter, created, lastUsed, null, null);
	}

	public String kid() {
		return this.key.thumbprint();
	}

	/** The id the key is looked up by: the provider's key id for a brokered key, else the thumbprint. */
	public String lookupId() {
		return (this.providerKeyId != null) ? this.providerKeyId : kid();
	}

}
