package dev.agentauth.keycloak.registry;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.KeyStatus;

/**
 * A key of an agent as stored in the registry; {@code key.thumbprint()} is its {@code kid}.
 *
 * @since 0.1.0
 */
public record AgentKeyModel(String agentId, AgentKey key, KeyStatus status, @Nullable Instant notBefore,
		@Nullable Instant notAfter, Instant created) {

	public String kid() {
		return this.key.thumbprint();
	}

}
