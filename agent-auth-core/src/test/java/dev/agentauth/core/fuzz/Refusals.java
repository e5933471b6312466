package dev.agentauth.core.fuzz;

import dev.agentauth.core.AgentAuthException;

/**
 * What every fuzz target asserts about a refusal: it is an {@link AgentAuthException} with a stable code and a
 * message that shows no signature base. Any other exception escapes the target and is a finding.
 */
public final class Refusals {

	private Refusals() {
	}

	public static void check(AgentAuthException refusal) {
		if (refusal.errorCode() == null || refusal.code().isEmpty()) {
			throw new AssertionError("A refusal without a code", refusal);
		}
		String message = refusal.getMessage();
		if (message == null || message.isEmpty()) {
			throw new AssertionError("A refusal without a message: " + refusal.code(), refusal);
		}
		if (message.contains("@signature-params")) {
			throw new AssertionError("A refusal shows the signature base: " + message, refusal);
		}
	}

	/** Fails the target with {@code message} if {@code condition} is false (cheaper than AssertJ per input). */
	public static void require(boolean condition, String message) {
		if (!condition) {
			throw new AssertionError(message);
		}
	}

}
