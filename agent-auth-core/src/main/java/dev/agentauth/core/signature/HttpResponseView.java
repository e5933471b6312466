package dev.agentauth.core.signature;

import java.util.List;

/**
 * The parts of an HTTP response that RFC 9421 signatures cover ({@code @status} and fields). Agent Auth signs
 * requests; responses are supported for completeness and for the RFC 9421 test vectors.
 *
 * @since 0.1.0
 */
public interface HttpResponseView {

	/** The three-digit status code. */
	int status();

	/**
	 * All field lines of one header field, in order.
	 * @param name the field name, matched case-insensitively
	 * @return the field line values, or an empty list if the field is absent
	 */
	List<String> headerValues(String name);

}
