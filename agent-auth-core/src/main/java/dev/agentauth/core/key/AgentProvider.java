package dev.agentauth.core.key;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The external agent provider a brokered key comes from: a Web Bot Auth key directory or a JWKS (such as a
 * Visa Trusted Agent Protocol key set) that a realm admin trusts. It is the {@code provider} member of
 * {@code GET /realms/{realm}/agents/keys/{keyid}}; keys registered in Keycloak's own registry have none.
 *
 * @param alias the provider's alias in the realm (its stable name)
 * @param displayName the name shown to people (consent page, consoles)
 * @param type how its keys are served: {@code web-bot-auth} (a key directory) or {@code jwks}
 * @param profile the verification profile its agents sign with: {@code agent-auth}, {@code web-bot-auth} or
 * {@code visa-tap}
 * @param url where its keys are fetched from (the directory or JWKS URL)
 * @param keyId the provider's own identifier of this key: the JWKS {@code kid} for {@code jwks} providers (not a
 * thumbprint), the RFC 7638 thumbprint for {@code web-bot-auth} directories
 * @since 0.1.0
 */
public record AgentProvider(String alias, String displayName, String type, String profile, String url,
		String keyId) {

	/** Provider type: a Web Bot Auth key directory. */
	public static final String TYPE_WEB_BOT_AUTH = "web-bot-auth";

	/** Provider type: a JSON Web Key Set. */
	public static final String TYPE_JWKS = "jwks";

	public AgentProvider {
		Objects.requireNonNull(alias, "alias cannot be null");
		Objects.requireNonNull(displayName, "displayName cannot be null");
		Objects.requireNonNull(type, "type cannot be null");
		Objects.requireNonNull(profile, "profile cannot be null");
		Objects.requireNonNull(url, "url cannot be null");
		Objects.requireNonNull(keyId, "keyId cannot be null");
	}

	/** JSON members of the wire representation (snake_case). */
	public Map<String, Object> toJsonObject() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("alias", this.alias);
		json.put("display_name", this.displayName);
		json.put("type", this.type);
		json.put("profile", this.profile);
		json.put("url", this.url);
		json.put("key_id", this.keyId);
		return json;
	}

	static AgentProvider parse(Map<String, Object> json) throws ParseException {
		return new AgentProvider(required(json, "alias"), required(json, "display_name"), required(json, "type"),
				required(json, "profile"), required(json, "url"), required(json, "key_id"));
	}

	private static String required(Map<String, Object> object, String name) throws ParseException {
		String value = JSONObjectUtils.getString(object, name);
		if (value == null || value.isEmpty()) {
			throw new ParseException("provider has no " + name, 0);
		}
		return value;
	}

}
