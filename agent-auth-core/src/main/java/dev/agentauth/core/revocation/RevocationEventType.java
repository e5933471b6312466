package dev.agentauth.core.revocation;

import org.jspecify.annotations.Nullable;

/**
 * Event types of the revocation feed; {@link #uri()} is the key in a SET's {@code events} claim (RFC 8417 §2.2).
 *
 * @since 0.1.0
 */
public enum RevocationEventType {

	/** A consumer or admin revoked a grant (or its user was deleted); subject: the grant id. */
	GRANT_REVOKED("grant-revoked"),

	/** An agent was suspended; subject: the agent id. Undone by {@link #AGENT_ACTIVATED}. */
	AGENT_SUSPENDED("agent-suspended"),

	/** An agent was revoked or deleted, for good; subject: the agent id. */
	AGENT_REVOKED("agent-revoked"),

	/** A suspended agent was activated again; subject: the agent id. */
	AGENT_ACTIVATED("agent-activated"),

	/** An agent key was revoked; subject: the key's thumbprint. */
	KEY_REVOKED("key-revoked");

	private static final String PREFIX = "urn:agentauth:secevent:";

	private final String name;

	RevocationEventType(String name) {
		this.name = name;
	}

	/** {@code urn:agentauth:secevent:grant-revoked} etc. */
	public String uri() {
		return PREFIX + this.name;
	}

	/** The type of a URI; null if it is not one of ours. */
	public static @Nullable RevocationEventType fromUri(String uri) {
		for (RevocationEventType type : values()) {
			if (type.uri().equals(uri)) {
				return type;
			}
		}
		return null;
	}

}
