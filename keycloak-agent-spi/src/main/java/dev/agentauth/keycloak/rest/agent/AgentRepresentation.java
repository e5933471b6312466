package dev.agentauth.keycloak.rest.agent;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.rest.RestValues;

/**
 * An agent with its keys as the admin and operator API return it; {@code provider} is the alias of the agent
 * provider a brokered agent comes from (absent for an agent registered here).
 *
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRepresentation(@JsonProperty("id") String id, @JsonProperty("name") String name,
		@JsonProperty("description") @Nullable String description, @JsonProperty("operator") @Nullable String operator,
		@JsonProperty("status") String status, @JsonProperty("allowed_networks") List<String> allowedNetworks,
		@JsonProperty("created") long created, @JsonProperty("updated") long updated,
		@JsonProperty("keys") List<AgentKeyRepresentation> keys, @JsonProperty("provider") @Nullable String provider) {

	public static AgentRepresentation of(AgentModel agent, List<AgentKeyModel> keys) {
		return new AgentRepresentation(agent.id(), agent.name(), agent.description(), agent.operator(),
				RestValues.status(agent.status()), agent.allowedNetworks(), agent.created().getEpochSecond(),
				agent.updated().getEpochSecond(), keys.stream().map(AgentKeyRepresentation::of).toList(),
				agent.provider());
	}

}
