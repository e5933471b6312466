package dev.agentauth.core.structured;

import java.util.Objects;

/**
 * An RFC 8941 §3.3.4 token (an unquoted identifier such as {@code gzip} or {@code text/html}).
 *
 * @param value the token text
 * @since 0.1.0
 */
public record Token(String value) {

	public Token {
		Objects.requireNonNull(value, "value cannot be null");
		if (value.isEmpty() || !StructuredFieldParser.isTokenStart(value.charAt(0))) {
			throw new IllegalArgumentException("Not a token: " + value);
		}
		for (int i = 1; i < value.length(); i++) {
			if (!StructuredFieldParser.isTokenChar(value.charAt(i))) {
				throw new IllegalArgumentException("Not a token: " + value);
			}
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
