package dev.agentauth.keycloak.registry;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.key.AgentStatus;

/**
 * An agent as stored in the registry.
 *
 * @since 0.1.0
 */
public record AgentModel(String id, String realmId, String name, @Nullable String description,
		@Nullable String operator, AgentStatus status, List<String> allowedNetworks, Instant created,
		Instant updated) {

	public AgentModel {
		allowedNetworks = List.copyOf(allowedNetworks);
	}

}
