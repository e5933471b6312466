package dev.agentauth.client.spring;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads a merchant's refusal code from {@code WWW-Authenticate} ({@code Signature error="nonce_replayed"},
 * {@code Agent error="grant_revoked"}), so the response body stays untouched for the application.
 */
final class AgentRefusals {

	/** A fresh signature may pass: the first was replayed (a retry by the transport) or too old (a slow send). */
	static final Set<String> RETRY_WITH_FRESH_SIGNATURE = Set.of("nonce_replayed", "signature_expired");

	static final String TOKEN_EXPIRED = "token_expired";

	static final String GRANT_REVOKED = "grant_revoked";

	private static final Pattern ERROR = Pattern.compile("error=\"([a-z0-9_]+)\"");

	private AgentRefusals() {
	}

	static @Nullable String code(@Nullable List<String> wwwAuthenticate) {
		if (wwwAuthenticate == null) {
			return null;
		}
		for (String value : wwwAuthenticate) {
			Matcher matcher = ERROR.matcher(value);
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		return null;
	}

}
