package dev.agentauth.merchant.signature;

import java.io.Serial;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.delegation.Delegation;

/**
 * A refused request: the {@link AgentAuthError} answered, and what was known about the agent when it was refused.
 *
 * @since 0.1.0
 */
public final class AgentRequestRefusedEvent extends AgentRequestEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final AgentAuthError error;

	private final @Nullable String agentId;

	private final @Nullable String keyId;

	private final transient @Nullable RiskDecision risk;

	private final transient @Nullable Delegation delegation;

	/**
	 * @param agentId the registered agent the request was signed for, if known when it was refused
	 * @param keyId the registered keyid it was signed with, if known
	 * @param risk the risk layer's decision, when the risk layer refused the request
	 * @param delegation the delegation of the authenticated request, when it was refused after authentication
	 */
	public AgentRequestRefusedEvent(HttpServletRequest request, AgentAuthError error, @Nullable String agentId,
			@Nullable String keyId, @Nullable RiskDecision risk, @Nullable Delegation delegation) {
		super(request);
		this.error = Objects.requireNonNull(error, "error cannot be null");
		this.agentId = agentId;
		this.keyId = keyId;
		this.risk = risk;
		this.delegation = delegation;
	}

	public AgentAuthError error() {
		return this.error;
	}

	public @Nullable String agentId() {
		return this.agentId;
	}

	public @Nullable String keyId() {
		return this.keyId;
	}

	/** The risk layer's decision, when the risk layer refused the request. */
	public @Nullable RiskDecision risk() {
		return this.risk;
	}

	/** The delegation of the authenticated request, when it was refused after authentication. */
	public @Nullable Delegation delegation() {
		return this.delegation;
	}

}
