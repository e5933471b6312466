package dev.agentauth.core.key;

/**
 * Lifecycle of an agent in the registry.
 *
 * @since 0.1.0
 */
public enum AgentStatus {
	ACTIVE, SUSPENDED, REVOKED
}
