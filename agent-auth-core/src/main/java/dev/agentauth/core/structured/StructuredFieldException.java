package dev.agentauth.core.structured;

/**
 * A field value that is not valid RFC 8941 syntax (or not of the expected shape). Callers turn it into an
 * {@link dev.agentauth.core.AgentAuthException} with the error code that fits their field.
 *
 * @since 0.1.0
 */
public final class StructuredFieldException extends Exception {

	private static final long serialVersionUID = 1L;

	public StructuredFieldException(String message) {
		super(message, null, false, false);
	}

}
