package dev.agentauth.gateway.identity;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.delegation.Delegation;
import dev.agentauth.merchant.signature.AgentPrincipal;

/**
 * The headers the gateway adds for the upstream from a verified request, and the rule that no client may send
 * them: every request field named {@code Agent-Auth-*} in any spelling (any case, {@code _} for {@code -}, as CGI
 * and WSGI servers fold them) is removed before the gateway adds its own.
 *
 * @since 0.1.0
 */
public final class IdentityHeaders {

	/** The prefix of every identity header; client fields with it (in any spelling) are stripped. */
	public static final String PREFIX = "Agent-Auth-";

	public static final String AGENT_ID = "Agent-Auth-Agent-Id";

	public static final String KEY_ID = "Agent-Auth-Key-Id";

	public static final String OPERATOR = "Agent-Auth-Operator";

	public static final String CONSUMER = "Agent-Auth-Consumer";

	public static final String SCOPES = "Agent-Auth-Scopes";

	public static final String GRANT = "Agent-Auth-Grant";

	public static final String RISK_DECISION = "Agent-Auth-Risk-Decision";

	public static final String RISK_SCORE = "Agent-Auth-Risk-Score";

	/** Set only by the verify endpoint: the body's digest was not checked there (nginx sends no body). */
	public static final String BODY_DIGEST = "Agent-Auth-Body-Digest";

	private IdentityHeaders() {
	}

	/**
	 * Whether a request field is one of ours (and so never taken from a client): its name starts with
	 * {@code Agent-Auth-} ignoring case, where {@code _} counts as {@code -}. An upstream behind a CGI or WSGI
	 * server reads {@code Agent_Auth_Consumer} as {@code Agent-Auth-Consumer}, and would merge the two.
	 */
	public static boolean isIdentityHeader(String name) {
		if (name.length() < PREFIX.length()) {
			return false;
		}
		for (int i = 0; i < PREFIX.length(); i++) {
			char c = name.charAt(i);
			char expected = PREFIX.charAt(i);
			if (expected == '-' ? (c != '-' && c != '_') : Character.toLowerCase(c) != Character.toLowerCase(expected)) {
				return false;
			}
		}
		return true;
	}

	/** The identity headers of a verified agent, in a stable order; values that are not plain text are left out. */
	public static Map<String, String> of(AgentPrincipal agent) {
		Map<String, String> headers = new LinkedHashMap<>();
		put(headers, AGENT_ID, agent.agentId());
		put(headers, KEY_ID, agent.keyId());
		put(headers, OPERATOR, agent.operator());
		Delegation delegation = agent.delegation();
		if (delegation != null) {
			put(headers, CONSUMER, delegation.consumer());
			put(headers, SCOPES, String.join(" ", delegation.scopes()));
			put(headers, GRANT, delegation.grantId());
		}
		RiskDecision risk = agent.risk();
		if (risk != null) {
			put(headers, RISK_DECISION, risk.decisionId());
			put(headers, RISK_SCORE, Integer.toString(risk.score()));
		}
		return headers;
	}

	// registry and token values are signed by the realm, but a header value must still be one line of visible text
	private static void put(Map<String, String> headers, String name, @Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > 1024) {
			return;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				return;
			}
		}
		headers.put(name, value);
	}

}
