package dev.agentauth.merchant.delegation;

import java.util.Objects;

import org.springframework.security.access.AccessDeniedException;

import dev.agentauth.core.ErrorCode;

/**
 * A purchase beyond the delegation's limits ({@code spend_limit_exceeded}, 403) or a budget store that cannot
 * answer ({@code spend_store_unavailable}, 503). Being an {@link AccessDeniedException}, Spring Security's
 * exception handling answers it with the starter's problem+json.
 *
 * @since 0.1.0
 */
public final class SpendLimitExceededException extends AccessDeniedException {

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	public SpendLimitExceededException(ErrorCode errorCode, String message) {
		super(message);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode cannot be null");
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

}
