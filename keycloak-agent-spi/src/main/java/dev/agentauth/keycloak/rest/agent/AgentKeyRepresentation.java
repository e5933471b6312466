package dev.agentauth.keycloak.rest.agent;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.rest.RestValues;

/**
 * An agent's key as the admin and operator API return it. {@code agent_id} only in the list of retired keys in
 * use; {@code warning} only when a key a merchant still uses was retired; {@code provider} and
 * {@code provider_key_id} only for a key brokered from an agent provider (its alias and its id of the key).
 *
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentKeyRepresentation(@JsonProperty("kid") String kid, @JsonProperty("alg") String alg,
		@JsonProperty("status") String status, @JsonProperty("not_before") @Nullable Long notBefore,
		@JsonProperty("not_after") @Nullable Long notAfter, @JsonProperty("created") long created,
		@JsonProperty("last_used") @Nullable Long lastUsed, @JsonProperty("jwk") Map<String, Object> jwk,
		@JsonProperty("agent_id") @Nullable String agentId, @JsonProperty("warning") @Nullable String warning,
		@JsonProperty("provider") @Nullable String provider,
		@JsonProperty("provider_key_id") @Nullable String providerKeyId) {

	public static AgentKeyRepresentation of(AgentKeyModel key) {
		return new AgentKeyRepresentation(key.kid(), key.key().algorithm().identifier(), RestValues.status(key.status()),
				RestValues.epochSeconds(key.notBefore()), RestValues.epochSeconds(key.notAfter()),
				key.created().getEpochSecond(), RestValues.epochSeconds(key.lastUsed()), key.key().toJsonObject(), null,
				null, key.provider(), key.providerKeyId());
	}

	public AgentKeyRepresentation withAgentId(String agentId) {
		return new AgentKeyRepresentation(this.kid, this.alg, this.status, this.notBefore, this.notAfter, this.created,
				this.lastUsed, this.jwk, agentId, this.warning, this.provider, this.providerKeyId);
	}

	public AgentKeyRepresentation withWarning(String warning) {
		return new AgentKeyRepresentation(this.kid, this.alg, this.status, this.notBefore, this.notAfter, this.created,
				this.lastUsed, this.jwk, this.agentId, warning, this.provider, this.providerKeyId);
	}

}
