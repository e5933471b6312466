package dev.agentauth.core.key;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * The syntax of the identifiers a merchant receives from a request and places into a registry URL: agent ids
 * ({@code GET {issuer}/agents/{id}/jwks}) and keyids ({@code GET {issuer}/agents/keys/{kid}}). Checked here, once,
 * before any of them is used: percent-encoding alone does not make a value a safe path segment ({@code .} and
 * {@code ..} stay as they are, and a server resolves them against the path), so a request could otherwise choose
 * which registry endpoint is asked.
 *
 * @since 0.1.0
 */
public final class AgentIdentifiers {

	/** Longest agent id accepted (the registry's ids are UUIDs). */
	public static final int MAX_AGENT_ID_LENGTH = 128;

	private static final int THUMBPRINT_LENGTH = 43;

	private AgentIdentifiers() {
	}

	/**
	 * Whether {@code value} is an agent id: 1 to {@value #MAX_AGENT_ID_LENGTH} characters of
	 * {@code A-Z a-z 0-9 . _ ~ : @ -}, the first a letter or digit (so never a dot segment).
	 */
	public static boolean isAgentId(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_AGENT_ID_LENGTH || !isAlphanumeric(value.charAt(0))) {
			return false;
		}
		for (int i = 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!isAlphanumeric(c) && ".-_~:@".indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether {@code value} looks like an RFC 7638 SHA-256 JWK thumbprint: 43 base64url characters (the form of
	 * every keyid the registry knows).
	 */
	public static boolean isThumbprint(@Nullable String value) {
		if (value == null || value.length() != THUMBPRINT_LENGTH) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!isAlphanumeric(c) && c != '-' && c != '_') {
				return false;
			}
		}
		return true;
	}

	/**
	 * @return {@code value}, when it is an agent id
	 * @throws AgentAuthException {@code agent_id_malformed} otherwise
	 */
	public static String requireAgentId(@Nullable String value) throws AgentAuthException {
		if (!isAgentId(value)) {
			throw new AgentAuthException(ErrorCode.AGENT_ID_MALFORMED, "The agent id must be 1 to "
					+ MAX_AGENT_ID_LENGTH + " characters of A-Z a-z 0-9 . _ ~ : @ -, starting with a letter or digit");
		}
		return value;
	}

	/**
	 * @return {@code value}, when it looks like a thumbprint
	 * @throws AgentAuthException {@code keyid_not_thumbprint} otherwise
	 */
	public static String requireThumbprint(@Nullable String value) throws AgentAuthException {
		if (!isThumbprint(value)) {
			throw new AgentAuthException(ErrorCode.KEYID_NOT_THUMBPRINT,
					"The 'keyid' must be the RFC 7638 SHA-256 thumbprint of the agent's key");
		}
		return value;
	}

	private static boolean isAlphanumeric(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	}

}
