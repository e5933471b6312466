package dev.agentauth.core.signal;

import java.util.Objects;

/**
 * A pushed Security Event Token the receiver refuses; {@link #err()} is one of the RFC 8935 §2.4 error codes
 * ({@code invalid_request}, {@code invalid_key}, {@code invalid_issuer}, {@code invalid_audience},
 * {@code authentication_failed}, {@code access_denied}). The message is safe to return as {@code description}.
 *
 * @since 0.1.0
 */
public final class SignalSetException extends Exception {

	private static final long serialVersionUID = 1L;

	public static final String INVALID_REQUEST = "invalid_request";

	public static final String INVALID_ISSUER = "invalid_issuer";

	public static final String INVALID_AUDIENCE = "invalid_audience";

	public static final String INVALID_KEY = "invalid_key";

	public static final String ACCESS_DENIED = "access_denied";

	private final String err;

	public SignalSetException(String err, String description) {
		super(Objects.requireNonNull(description, "description cannot be null"));
		this.err = Objects.requireNonNull(err, "err cannot be null");
	}

	/** The RFC 8935 error code. */
	public String err() {
		return this.err;
	}

}
