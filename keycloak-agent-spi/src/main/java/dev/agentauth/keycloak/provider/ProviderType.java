package dev.agentauth.keycloak.provider;

import java.util.Optional;

/**
 * Where an agent provider publishes its keys.
 *
 * @since 0.1.0
 */
public enum ProviderType {

	/**
	 * A Web Bot Auth key directory ({@code application/http-message-signatures-directory+json}) whose response is
	 * signed by one of the keys it lists; keys are identified by their RFC 7638 thumbprint.
	 */
	WEB_BOT_AUTH("web-bot-auth"),

	/** A JSON Web Key Set; keys are identified by their {@code kid} (required). */
	JWKS("jwks");

	private final String value;

	ProviderType(String value) {
		this.value = value;
	}

	/** The name on the wire. */
	public String value() {
		return this.value;
	}

	public static Optional<ProviderType> of(String value) {
		for (ProviderType type : values()) {
			if (type.value.equals(value)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
