package dev.agentauth.core.fuzz;

import dev.agentauth.core.AgentAuthException;

/**
 * What every fuzz target asserts about a refusal: it is an {@link AgentAuthException} with a stable code and a
 * message (and, where a signature base exists, a message that does not show it). Any other exception escapes the
 * target and is a finding.
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
	}

	/**
	 * {@link #check(AgentAuthException)}, and the message does not show a signature base: no
	 * {@code @signature-params} unless the caller sent that text itself (messages may quote a bad value back).
	 */
	public static void checkNoSignatureBase(AgentAuthException refusal, String... inputs) {
		check(refusal);
		for (String input : inputs) {
			if (input.contains("@signature-params")) {
				return;
			}
		}
		if (refusal.getMessage().contains("@signature-params")) {
			throw new AssertionError("A refusal shows the signature base: " + refusal.getMessage(), refusal);
		}
	}

	/** Fails the target with {@code message} if {@code condition} is false (cheaper than AssertJ per input). */
	public static void require(boolean condition, String message) {
		if (!condition) {
			throw new AssertionError(message);
		}
	}

}
