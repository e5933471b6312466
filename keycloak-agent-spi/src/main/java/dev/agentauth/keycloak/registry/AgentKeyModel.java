package dev.agentauth.keycloak.registry;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.KeyStatus;

/**
 * A key of an agent as stored in the registry; {@code key.thumbprint()} is its {@code kid}. {@code lastUsed} is the
 * latest verified use any merchant reported (key usage signals), or null.
 *
 * @since 0.1.0
 */
public record AgentKeyModel(String agentId, AgentKey key, KeyStatus status, @Nullable Instant notBefore,
		@Nullable Instant notAfter, Instant created, @Nullable Instant lastUsed) {

	public String kid() {
		return this.key.thumbprint();
	}

}
