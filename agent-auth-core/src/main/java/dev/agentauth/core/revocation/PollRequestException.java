package dev.agentauth.core.revocation;

import java.util.Objects;

/**
 * A poll request the transmitter refuses (RFC 8936 §2.6: {@code err} {@code invalid_request}). The message is
 * safe to return as {@code description}.
 *
 * @since 0.1.0
 */
public final class PollRequestException extends Exception {

	private static final long serialVersionUID = 1L;

	/** The RFC 8936 error code of every refused poll request. */
	public static final String INVALID_REQUEST = "invalid_request";

	public PollRequestException(String description) {
		super(Objects.requireNonNull(description, "description cannot be null"));
	}

	/** The error code, {@value #INVALID_REQUEST}. */
	public String err() {
		return INVALID_REQUEST;
	}

}
