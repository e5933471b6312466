package dev.agentauth.core;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A refusal with a stable {@link ErrorCode}. Messages are safe to show to the caller: they never contain a
 * signature base, key material or a stack trace of another component.
 *
 * @since 0.1.0
 */
public class AgentAuthException extends Exception {

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	private @Nullable String agentId;

	private @Nullable String keyId;

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

	/**
	 * Records the registered agent and key the refused request was signed with, when the refusal came after the
	 * key was resolved (for audit logs); the first call wins.
	 * @return this exception
	 */
	public AgentAuthException withKey(String agentId, String keyId) {
		if (this.keyId == null) {
			this.agentId = Objects.requireNonNull(agentId, "agentId cannot be null");
			this.keyId = Objects.requireNonNull(keyId, "keyId cannot be null");
		}
		return this;
	}

	/** The registered agent the refused request was signed for, if the refusal came after key resolution. */
	public @Nullable String agentId() {
		return this.agentId;
	}

	/** The registered keyid the refused request was signed with, if the refusal came after key resolution. */
	public @Nullable String keyId() {
		return this.keyId;
	}

	/** Shorthand for {@code errorCode().code()}. */
	public String code() {
		return this.errorCode.code();
	}

}
