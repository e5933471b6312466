package dev.agentauth.core;

import java.util.Objects;

/**
 * A refusal with a stable {@link ErrorCode}. Messages are safe to show to the caller: they never contain a
 * signature base, key material or a stack trace of another component.
 *
 * @since 0.1.0
 */
public class AgentAuthException extends Exception {

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	public AgentAuthException(ErrorCode errorCode, String message) {
		super(message, null, false, false);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode cannot be null");
	}

	public AgentAuthException(ErrorCode errorCode, String message, Throwable cause) {
		super(message, cause, false, false);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode cannot be null");
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	/** Shorthand for {@code errorCode().code()}. */
	public String code() {
		return this.errorCode.code();
	}

}
