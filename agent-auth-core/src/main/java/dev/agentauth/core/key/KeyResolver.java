package dev.agentauth.core.key;

import dev.agentauth.core.AgentAuthException;

/**
 * Finds the registered key for an RFC 9421 {@code keyid} (a JWK thumbprint). Implementations cache; the
 * verifier calls this on every request.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface KeyResolver {

	/**
	 * @param keyId the {@code keyid} signature parameter
	 * @return the registered key, never {@code null}
	 * @throws AgentAuthException {@code unknown_key} if the registry does not know it,
	 * {@code registry_unavailable} if it cannot be asked and nothing usable is cached
	 */
	RegisteredKey resolve(String keyId) throws AgentAuthException;

}
