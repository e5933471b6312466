package dev.agentauth.keycloak.registry;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.key.AgentStatus;

/**
 * An agent as stored in the registry. {@code provider} is the alias of the agent provider it was brokered from
 * (Keycloak created it from the provider's keys), or null for an agent registered here.
 *
 * @since 0.1.0
 */
public record AgentModel(String id, String realmId, String name, @Nullable String description,
		@Nullable String operator, AgentStatus status, List<String> allowedNetworks, Instant created,
		Instant updated, @Nullable String provider) {

	public AgentModel {
		allowedNetworks = List.copyOf(allowedNetworks);
	}

	/** An agent registered here. */
	public AgentModel(String id, String realmId, String name, @Nullable String description, @Nullable String operator,
			AgentStatus status, List<String> allowedNetworks, Instant created, Instant updated) {
		this(id, realmId, name, description, operator, status, allowedNetworks, created, updated, null);
	}

}
