package dev.agentauth.merchant.signature;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.risk.RiskDecision;

/**
 * A refused agent request, carrying the core {@link ErrorCode} that ends up in the problem's {@code code}.
 *
 * @since 0.1.0
 */
public final class AgentAuthenticationException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	private final @Nullable String agentId;

	private final @Nullable String keyId;

	private final @Nullable RiskDecision risk;

	public AgentAuthenticationException(ErrorCode errorCode, String message) {
		this(errorCode, message, null, null);
	}

	/**
	 * @param agentId the registered agent the request was signed for, if known when it was refused
	 * @param keyId the registered keyid it was signed with, if known
	 */
	public AgentAuthenticationException(ErrorCode errorCode, String message, @Nullable String agentId,
			@Nullable String keyId) {
		this(errorCode, message, agentId, keyId, null);
	}

	/**
	 * A refusal by the risk layer (layer 3).
	 * @param risk the decision, whose {@code decision_id} the problem carries
	 */
	public AgentAuthenticationException(ErrorCode errorCode, String message, @Nullable String agentId,
			@Nullable String keyId, @Nullable RiskDecision risk) {
		super(message);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode cannot be null");
		this.agentId = agentId;
		this.keyId = keyId;
		this.risk = risk;
	}

	public AgentAuthenticationException(AgentAuthException cause) {
		super(cause.getMessage(), cause);
		this.errorCode = cause.errorCode();
		this.agentId = cause.agentId();
		this.keyId = cause.keyId();
		this.risk = null;
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	/** The registered agent the refused request was signed for, if known when it was refused (for the audit log). */
	public @Nullable String agentId() {
		return this.agentId;
	}

	/** The risk decision, when the risk layer refused the request. */
	public @Nullable RiskDecision risk() {
		return this.risk;
	}

	/** The registered keyid the refused request was signed with, if known when it was refused. */
	public @Nullable String keyId() {
		return this.keyId;
	}

}
