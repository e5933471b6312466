package dev.agentauth.keycloak.rest.agent;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.keycloak.rest.RestError;

/**
 * A key to register: {@code {"jwk": {...}, "proof": "..."}}; {@code proof} (a compact JWS by the new key) is
 * required of operators.
 *
 * @since 0.1.0
 */
public record KeyInput(@JsonProperty("jwk") @Nullable Map<String, Object> jwk,
		@JsonProperty("proof") @Nullable String proof) {

	/** The public key; a missing or unacceptable JWK is refused with the core's code ({@code key_unsupported}…). */
	public AgentKey agentKey() throws RestError {
		if (this.jwk == null) {
			throw RestError.invalidRequest("A key must be given as {\"jwk\": {...}}");
		}
		try {
			return AgentKey.from(this.jwk);
		}
		catch (AgentAuthException ex) {
			throw new RestError(400, ex.code(), ex.getMessage());
		}
	}

}
