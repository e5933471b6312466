package dev.agentauth.merchant.signature;

import java.io.Serializable;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.delegation.Delegation;
import dev.agentauth.merchant.risk.ScoredPrincipal;

/**
 * The agent that signed the current request; available with {@code @AuthenticationPrincipal}.
 *
 * @param agentId the agent id from the registry
 * @param keyId the keyid (RFC 7638 thumbprint) of the signing key
 * @param operator the client that operates the agent, if the registry names one
 * @param delegation the consumer's delegation, when the request carried {@code Authorization: Agent <token>}
 * @param risk the risk layer's decision on the request (layer 3), unless {@code agentauth.risk.mode=off}
 * @param registry the name of the trusted registry that registered the key ({@code agentauth.registries[n].name});
 * {@code null} with the single {@code agentauth.registry} form or an application's own key resolver. Agent ids
 * are unique within a registry only: compare agents by ({@code registry}, {@code agentId})
 * @since 0.1.0
 */
public record AgentPrincipal(String agentId, String keyId, @Nullable String operator,
		@Nullable Delegation delegation, @Nullable RiskDecision risk, @Nullable String registry)
		implements Serializable, ScoredPrincipal {

	public AgentPrincipal {
		Objects.requireNonNull(agentId, "agentId cannot be null");
		Objects.requireNonNull(keyId, "keyId cannot be null");
	}

	/** An agent of the single (unnamed) registry, with its delegation and risk decision if any. */
	public AgentPrincipal(String agentId, String keyId, @Nullable String operator, @Nullable Delegation delegation,
			@Nullable RiskDecision risk) {
		this(agentId, keyId, operator, delegation, risk, null);
	}

	/** An agent, with its delegation if any, not (yet) scored by the risk layer. */
	public AgentPrincipal(String agentId, String keyId, @Nullable String operator, @Nullable Delegation delegation) {
		this(agentId, keyId, operator, delegation, null);
	}

	/** The same agent with the risk layer's decision. */
	public AgentPrincipal withRisk(@Nullable RiskDecision risk) {
		return new AgentPrincipal(this.agentId, this.keyId, this.operator, this.delegation, risk, this.registry);
	}

	/** An agent acting on its own (layer 1 only). */
	public AgentPrincipal(String agentId, String keyId, @Nullable String operator) {
		this(agentId, keyId, operator, null);
	}

}
