package dev.agentauth.core.key;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * What the registry says about one key: the wire representation of
 * {@code GET /realms/{realm}/agents/keys/{kid}}, produced by Keycloak and consumed by merchants. Times are
 * epoch seconds on the wire.
 *
 * @param agentId the agent that owns the key
 * @param agentStatus the agent's status
 * @param operator the client that operates the agent, if any
 * @param keyStatus the key's status
 * @param notBefore the key is not valid before this instant, if set
 * @param notAfter the key is not valid after this instant, if set (retired keys: end of the overlap window)
 * @param key the public key
 * @param allowedNetworks the networks (CIDR) the agent declared it calls from; empty when it declared none
 * (wire member {@code allowed_networks}, read by the merchant's risk layer)
 * @param registry the name of the trusted registry that answered, set by a merchant that trusts several
 * ({@link TrustedRegistryKeyResolver}); not on the wire, {@code null} otherwise
 * @param provider the external agent provider the key is brokered from (wire member {@code provider}); {@code null}
 * for a key registered in the registry itself
 * @since 0.1.0
 */
public record RegisteredKey(String agentId, AgentStatus agentStatus, @Nullable String operator,
		KeyStatus keyStatus, @Nullable Instant notBefore, @Nullable Instant notAfter, AgentKey key,
		List<String> allowedNetworks, @Nullable String registry, @Nullable AgentProvider provider) {

	public RegisteredKey {
		Objects.requireNonNull(agentId, "agentId cannot be null");
		Objects.requireNonNull(agentStatus, "agentStatus cannot be null");
		Objects.requireNonNull(keyStatus, "keyStatus cannot be null");
		Objects.requireNonNull(key, "key cannot be null");
		allowedNetworks = (allowedNetworks != null) ? List.copyOf(allowedNetworks) : List.of();
	}

	/** A key attributed to a named registry, not brokered from an agent provider. */
	public RegisteredKey(String agentId, AgentStatus agentStatus, @Nullable String operator, KeyStatus keyStatus,
			@Nullable Instant notBefore, @Nullable Instant notAfter, AgentKey key, List<String> allowedNetworks,
			@Nullable String registry) {
		this(agentId, agentStatus, operator, keyStatus, notBefore, notAfter, key, allowedNetworks, registry, null);
	}

	/** A key as the registry describes it, not (yet) attributed to a named registry. */
	public RegisteredKey(String agentId, AgentStatus agentStatus, @Nullable String operator, KeyStatus keyStatus,
			@Nullable Instant notBefore, @Nullable Instant notAfter, AgentKey key, List<String> allowedNetworks) {
		this(agentId, agentStatus, operator, keyStatus, notBefore, notAfter, key, allowedNetworks, null);
	}

	/**
	 * The same key, attributed to the trusted registry {@code registry} (the merchant's name for it).
	 * @since 0.1.0
	 */
	public RegisteredKey withRegistry(@Nullable String registry) {
		return new RegisteredKey(this.agentId, this.agentStatus, this.operator, this.keyStatus, this.notBefore,
				this.notAfter, this.key, this.allowedNetworks, registry, this.provider);
	}

	/**
	 * The same key, brokered from {@code provider}.
	 * @since 0.1.0
	 */
	public RegisteredKey withProvider(@Nullable AgentProvider provider) {
		return new RegisteredKey(this.agentId, this.agentStatus, this.operator, this.keyStatus, this.notBefore,
				this.notAfter, this.key, this.allowedNetworks, this.registry, provider);
	}

	/** A key of an agent that declared no networks. */
	public RegisteredKey(String agentId, AgentStatus agentStatus, @Nullable String operator, KeyStatus keyStatus,
			@Nullable Instant notBefore, @Nullable Instant notAfter, AgentKey key) {
		this(agentId, agentStatus, operator, keyStatus, notBefore, notAfter, key, List.of());
	}

	/** The keyid (RFC 7638 thumbprint). */
	public String keyId() {
		return this.key.thumbprint();
	}

	/**
	 * Checks that the agent and key may sign requests at {@code now}.
	 * @throws AgentAuthException {@code agent_suspended}, {@code agent_revoked}, {@code key_revoked},
	 * {@code key_not_yet_valid} or {@code key_expired}
	 */
	public void checkUsable(Instant now) throws AgentAuthException {
		switch (this.agentStatus) {
			case SUSPENDED -> throw new AgentAuthException(ErrorCode.AGENT_SUSPENDED, "The agent is suspended");
			case REVOKED -> throw new AgentAuthException(ErrorCode.AGENT_REVOKED, "The agent is revoked");
			case ACTIVE -> {
			}
		}
		if (this.keyStatus == KeyStatus.REVOKED) {
			throw new AgentAuthException(ErrorCode.KEY_REVOKED, "The signing key is revoked");
		}
		if (this.notBefore != null && now.isBefore(this.notBefore)) {
			throw new AgentAuthException(ErrorCode.KEY_NOT_YET_VALID, "The signing key is not valid yet");
		}
		if (this.notAfter != null && now.isAfter(this.notAfter)) {
			throw new AgentAuthException(ErrorCode.KEY_EXPIRED, "The signing key is no longer valid");
		}
	}

	/** JSON members of the wire representation. */
	public Map<String, Object> toJsonObject() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("kid", keyId());
		json.put("agent_id", this.agentId);
		json.put("agent_status", this.agentStatus.name());
		if (this.operator != null) {
			json.put("operator", this.operator);
		}
		json.put("key_status", this.keyStatus.name());
		if (this.notBefore != null) {
			json.put("not_before", this.notBefore.getEpochSecond());
		}
		if (this.notAfter != null) {
			json.put("not_after", this.notAfter.getEpochSecond());
		}
		json.put("alg", this.key.algorithm().identifier());
		json.put("jwk", this.key.toJsonObject());
		if (!this.allowedNetworks.isEmpty()) {
			json.put("allowed_networks", this.allowedNetworks);
		}
		if (this.provider != null) {
			json.put("provider", this.provider.toJsonObject());
		}
		return json;
	}

	public String toJson() {
		return JSONObjectUtils.toJSONString(toJsonObject());
	}

	/**
	 * Parses the wire representation.
	 * @throws AgentAuthException {@code key_malformed} (or a JWK error code) if anything is missing or wrong
	 */
	public static RegisteredKey parse(String json) throws AgentAuthException {
		try {
			Map<String, Object> object = JSONObjectUtils.parse(json);
			Map<String, Object> jwk = JSONObjectUtils.getJSONObject(object, "jwk");
			if (jwk == null) {
				throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "Registry response has no 'jwk'");
			}
			AgentKey key = AgentKey.from(jwk);
			String kid = JSONObjectUtils.getString(object, "kid");
			if (kid != null && !kid.equals(key.thumbprint())) {
				throw new AgentAuthException(ErrorCode.KEY_ID_MISMATCH, "Registry 'kid' is not the key's thumbprint");
			}
			Map<String, Object> provider = JSONObjectUtils.getJSONObject(object, "provider");
			return new RegisteredKey(required(object, "agent_id"),
					AgentStatus.valueOf(required(object, "agent_status")), JSONObjectUtils.getString(object, "operator"),
					KeyStatus.valueOf(required(object, "key_status")), instant(object, "not_before"),
					instant(object, "not_after"), key, networks(object.get("allowed_networks")), null,
					(provider != null) ? AgentProvider.parse(provider) : null);
		}
		catch (ParseException | IllegalArgumentException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "Registry response is malformed");
		}
	}

	private static List<String> networks(@Nullable Object value) throws ParseException {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw new ParseException("allowed_networks is not an array", 0);
		}
		List<String> networks = new ArrayList<>();
		for (Object network : list) {
			if (!(network instanceof String text)) {
				throw new ParseException("allowed_networks holds a non-string", 0);
			}
			networks.add(text);
		}
		return networks;
	}

	private static String required(Map<String, Object> object, String name) throws ParseException {
		String value = JSONObjectUtils.getString(object, name);
		if (value == null) {
			throw new ParseException("missing " + name, 0);
		}
		return value;
	}

	private static @Nullable Instant instant(Map<String, Object> object, String name) throws ParseException {
		if (object.get(name) == null) {
			return null;
		}
		return Instant.ofEpochSecond(JSONObjectUtils.getLong(object, name));
	}

}
