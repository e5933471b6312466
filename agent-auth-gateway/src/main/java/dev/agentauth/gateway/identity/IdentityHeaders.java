package dev.agentauth.gateway.identity;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.delegation.Delegation;
import dev.agentauth.merchant.signature.AgentPrincipal;

/**
 * The headers the gateway adds for the upstream from a verified request, and the rule that no client may send
 * them: every request field named {@code Agent-Auth-*} is removed before the gateway adds its own.
 *
 * @since 0.1.0
 */
public final class IdentityHeaders {

	/** The prefix of every identity header; client fields with it are stripped. */
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

	/** Whether a request field is one of ours (and so never taken from a client). */
	public static boolean isIdentityHeader(String name) {
		return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
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
