package dev.agentauth.merchant.signature;

import java.io.Serializable;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.merchant.delegation.Delegation;

/**
 * The agent that signed the current request; available with {@code @AuthenticationPrincipal}.
 *
 * @param agentId the agent id from the registry
 * @param keyId the keyid (RFC 7638 thumbprint) of the signing key
 * @param operator the client that operates the agent, if the registry names one
 * @param delegation the consumer's delegation, when the request carried {@code Authorization: Agent <token>}
 * @since 0.1.0
 */
public record AgentPrincipal(String agentId, String keyId, @Nullable String operator,
		@Nullable Delegation delegation) implements Serializable {

	public AgentPrincipal {
		Objects.requireNonNull(agentId, "agentId cannot be null");
		Objects.requireNonNull(keyId, "keyId cannot be null");
	}

	/** An agent acting on its own (layer 1 only). */
	public AgentPrincipal(String agentId, String keyId, @Nullable String operator) {
		this(agentId, keyId, operator, null);
	}

}
