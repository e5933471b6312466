package dev.agentauth.core.signature;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request's target URI in the parts RFC 9421 derives components from (§2.2.2–§2.2.7): scheme, host, port, raw
 * path and raw query. A host adapter that has these parts at hand (e.g. a servlet request) builds it directly,
 * without writing and re-parsing a URI text; {@link #of(URI)} takes them from a URI. Values are kept as given;
 * {@link SignatureBase} applies the RFC's normalization (lower-case scheme and host, default ports omitted,
 * empty path as {@code /}).
 *
 * @param scheme the scheme, {@code null} if the URI has none
 * @param host the host, {@code null} if the URI has none (an IPv6 literal in brackets, as {@link URI#getHost()})
 * @param port the port, {@code -1} if none was given
 * @param rawPath the path as sent (percent-encoding kept), {@code null} or empty for none
 * @param rawQuery the query without {@code ?} as sent, {@code null} if there is none
 * @since 0.1.0
 */
public record TargetUri(@Nullable String scheme, @Nullable String host, int port, @Nullable String rawPath,
		@Nullable String rawQuery) {

	/** The parts of {@code uri}. */
	public static TargetUri of(URI uri) {
		Objects.requireNonNull(uri, "uri cannot be null");
		return new TargetUri(uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath(), uri.getRawQuery());
	}

	/** The parts as an absolute URI text: {@code scheme://host[:port]path[?query]}, without normalization. */
	@Override
	public String toString() {
		StringBuilder text = new StringBuilder(64).append(this.scheme).append("://").append(this.host);
		if (this.port >= 0) {
			text.append(':').append(this.port);
		}
		text.append((this.rawPath != null) ? this.rawPath : "");
		if (this.rawQuery != null) {
			text.append('?').append(this.rawQuery);
		}
		return text.toString();
	}

	// lower-case without allocating when it already is (the common case)
	static String lowerCase(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				return value.toLowerCase(Locale.ROOT);
			}
		}
		return value;
	}

}
