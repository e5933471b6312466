package dev.agentauth.merchant.signature;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.merchant.key.RegistryKeyResolver;

/**
 * Told about every decision on a protected request (the metrics), by a {@link VerificationOutcomeEventListener}
 * listening to {@link AgentRequestEvent}s. Implementations must be fast and must not throw.
 *
 * @since 0.1.0
 */
public interface VerificationOutcomeListener {

	/**
	 * A verified agent request.
	 * @param elapsed time spent verifying, if known
	 */
	void accepted(HttpServletRequest request, AgentPrincipal agent, @Nullable Duration elapsed);

	/**
	 * A refused request.
	 * @param elapsed time spent verifying, if verification started
	 */
	void refused(HttpServletRequest request, ErrorCode reason, @Nullable Duration elapsed);

	/** What the registry key cache contributed to one lookup. */
	default void keyCacheLookup(RegistryKeyResolver.CacheResult result) {
	}

	/** Time since the converter saw the request, if it did. */
	static @Nullable Duration elapsed(HttpServletRequest request) {
		Object start = request.getAttribute(AgentSignatureAuthenticationConverter.START_ATTRIBUTE);
		return (start instanceof Long nanos) ? Duration.ofNanos(System.nanoTime() - nanos) : null;
	}

}
