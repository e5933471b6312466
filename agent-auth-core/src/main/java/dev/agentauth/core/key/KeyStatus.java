package dev.agentauth.core.key;

/**
 * Lifecycle of an agent key. A {@code RETIRED} key stays valid until its {@code not_after} (the rotation
 * overlap window); a {@code REVOKED} key is invalid at once.
 *
 * @since 0.1.0
 */
public enum KeyStatus {
	ACTIVE, RETIRED, REVOKED
}
