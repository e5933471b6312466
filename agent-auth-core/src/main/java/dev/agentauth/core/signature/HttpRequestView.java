package dev.agentauth.core.signature;

import java.net.URI;
import java.util.List;

/**
 * The parts of an HTTP request that RFC 9421 signatures cover, independent of any HTTP library. Adapters
 * exist per host (servlet request, {@code java.net.http.HttpRequest}, ...); {@link SimpleHttpRequest} is a plain
 * immutable implementation.
 *
 * @since 0.1.0
 */
public interface HttpRequestView {

	/** The request method as sent, e.g. {@code POST} (RFC 9421 §2.2.1: case-sensitive, not normalized). */
	String method();

	/** The absolute target URI (scheme, authority, path and query) as the client addressed it. */
	URI targetUri();

	/**
	 * The parts of {@link #targetUri()} the signature base is built from. Adapters that have them at hand override
	 * this to skip building and parsing the URI; the parts must be those of {@link #targetUri()}.
	 */
	default TargetUri targetUriParts() {
		return TargetUri.of(targetUri());
	}

	/**
	 * All field lines of one header field, in the order received.
	 * @param name the field name, matched case-insensitively
	 * @return the field line values, or an empty list if the field is absent
	 */
	List<String> headerValues(String name);

	/** Whether the request carries at least one line of field {@code name}. */
	default boolean hasHeader(String name) {
		return !headerValues(name).isEmpty();
	}

}
