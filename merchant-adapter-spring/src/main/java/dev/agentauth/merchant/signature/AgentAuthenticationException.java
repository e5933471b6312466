package dev.agentauth.merchant.signature;

import java.util.Objects;

import org.springframework.security.core.AuthenticationException;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * A refused agent request, carrying the core {@link ErrorCode} that ends up in the problem's {@code code}.
 *
 * @since 0.1.0
 */
public final class AgentAuthenticationException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	public AgentAuthenticationException(ErrorCode errorCode, String message) {
		super(message);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode cannot be null");
	}

	public AgentAuthenticationException(AgentAuthException cause) {
		super(cause.getMessage(), cause);
		this.errorCode = cause.errorCode();
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

}
