package dev.agentauth.keycloak.rest.agent;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.KnownTestKeys;
import dev.agentauth.keycloak.registry.RegistrySettings;
import dev.agentauth.keycloak.rest.RestError;

/**
 * A key to register: {@code {"jwk": {...}, "proof": "..."}}; {@code proof} (a compact JWS by the new key) is
 * required of operators.
 *
 * @since 0.1.0
 */
public record KeyInput(@JsonProperty("jwk") @Nullable Map<String, Object> jwk,
		@JsonProperty("proof") @Nullable String proof) {

	/**
	 * The public key for a realm: a published test key is refused ({@code test_key_not_allowed}, field
	 * {@code field}) unless the realm allows them ({@link RegistrySettings#ALLOW_TEST_KEYS}).
	 */
	public AgentKey agentKey(RealmModel realm, String field) throws RestError {
		AgentKey key = agentKey();
		if (KnownTestKeys.isTestKey(key) && !RegistrySettings.allowsTestKeys(realm)) {
			throw new RestError(400, ErrorCode.TEST_KEY_NOT_ALLOWED.code(),
					"This is a published test key (" + KnownTestKeys.source(key.thumbprint()).orElse("")
							+ "): anyone can sign with it. The realm refuses test keys unless its attribute "
							+ RegistrySettings.ALLOW_TEST_KEYS + " is true",
					field);
		}
		return key;
	}

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
