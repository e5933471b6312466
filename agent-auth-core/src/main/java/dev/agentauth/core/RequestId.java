package dev.agentauth.core;

import org.jspecify.annotations.Nullable;

/**
 * The caller's {@code X-Request-Id} as it may appear in an audit line: kept only if it is 1 to 128 characters of
 * {@code [A-Za-z0-9._:-]}, so a caller cannot forge audit fields (spaces, {@code =}, quotes, line breaks) through
 * it; anything else becomes {@code -}.
 *
 * @since 0.1.0
 */
public final class RequestId {

	/** The header that carries it. */
	public static final String HEADER = "X-Request-Id";

	/** What an absent or refused value is logged as. */
	public static final String NONE = "-";

	/** The longest value kept. */
	public static final int MAX_LENGTH = 128;

	private RequestId() {
	}

	/** The value to log for the header value {@code header} (which may be absent). */
	public static String sanitize(@Nullable String header) {
		if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
			return NONE;
		}
		for (int i = 0; i < header.length(); i++) {
			char c = header.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
					|| c == ':' || c == '-')) {
				return NONE;
			}
		}
		return header;
	}

}
