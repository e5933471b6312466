package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.RequestId;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.merchant.delegation.Delegation;
import dev.agentauth.merchant.risk.RiskAuditFields;
import dev.agentauth.merchant.risk.RiskEvaluator;

/**
 * Writes every refusal as an RFC 9457 {@code application/problem+json} body
 * {@code {type, title, status, detail, code}}, where {@code code} is the core {@link ErrorCode} and {@code type}
 * is {@code urn:agentauth:error:<code>}. Status: 403 for a suspended or revoked agent, a missing scope or a
 * purchase over the limits, 413 for {@code body_too_large}, 503 for {@code registry_unavailable},
 * {@code nonce_store_unavailable}, {@code nonce_store_full}, {@code revocation_feed_unavailable} and
 * {@code spend_store_unavailable} (the request may be retried), 401 otherwise. 401 and 403 responses carry
 * {@code WWW-Authenticate: Signature error="<code>"}; 401 responses also carry {@code Accept-Signature}
 * (RFC 9421 §5.1), since signing differently can help there. A request
 * without any authentication is refused with {@code signature_missing}. Each refusal is logged once on
 * {@code agentauth.audit}, with the registered agent and keyid when the refusal came after the key was resolved
 * (e.g. {@code agent_suspended}, {@code signature_invalid}, {@code digest_mismatch}, {@code nonce_replayed}).
 *
 * @since 0.1.0
 */
public final class AgentSignatureAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final VerificationPolicy policy;

	private VerificationOutcomeListener outcomeListener = NoOpListener.INSTANCE;

	private @Nullable RiskEvaluator riskEvaluator;

	private Duration stepUpMaxAge = Duration.ofMinutes(5);

	private Duration retryAfter = Duration.ofSeconds(10);

	public AgentSignatureAuthenticationEntryPoint(VerificationPolicy policy) {
		this.policy = Objects.requireNonNull(policy, "policy cannot be null");
	}

	/** Told about each refusal (metrics). */
	public void setOutcomeListener(VerificationOutcomeListener outcomeListener) {
		this.outcomeListener = Objects.requireNonNull(outcomeListener, "outcomeListener cannot be null");
	}

	/**
	 * Layer 3: refusals of layers 1 and 2 are recorded for the risk rules ({@code auth.failure_burst},
	 * {@code scope.denied_attempts}); {@code max_age} of step-up challenges and {@code Retry-After} of throttles.
	 */
	public void setRisk(@Nullable RiskEvaluator riskEvaluator, Duration stepUpMaxAge, Duration retryAfter) {
		this.riskEvaluator = riskEvaluator;
		this.stepUpMaxAge = Objects.requireNonNull(stepUpMaxAge, "stepUpMaxAge cannot be null");
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter cannot be null");
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ErrorCode code;
		String detail;
		@Nullable String agentId = null;
		@Nullable String keyId = null;
		@Nullable RiskDecision risk = null;
		if (authException instanceof AgentAuthenticationException agent) {
			code = agent.errorCode();
			detail = agent.getMessage();
			agentId = agent.agentId();
			keyId = agent.keyId();
			risk = agent.risk();
		}
		else {
			code = ErrorCode.SIGNATURE_MISSING;
			detail = "This resource requires an RFC 9421 signed request";
		}
		problem(request, response, code, detail, null, agentId, keyId, risk);
	}

	/**
	 * Records an accepted request (metrics and the audit line) as the filter chain does, for verifiers outside it,
	 * e.g. a gateway's verify endpoint.
	 * @since 0.1.0
	 */
	public void accepted(HttpServletRequest request, AgentPrincipal agent) {
		this.outcomeListener.accepted(request, agent, VerificationOutcomeListener.elapsed(request));
		AuditLog.accepted(request, agent);
	}

	/**
	 * Writes one refusal: status from {@link #status}, problem+json, {@code WWW-Authenticate} (scheme
	 * {@code Agent} for delegation-token problems, else {@code Signature}; {@code wwwAuthenticate} replaces it when
	 * given), {@code Accept-Signature} on 401, {@code Retry-After} on 503, an audit line (naming the agent and keyid
	 * when known) and the listener call.
	 */
	public void problem(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
			@Nullable String detail, @Nullable String wwwAuthenticate, @Nullable String agentId,
			@Nullable String keyId) throws IOException {
		problem(request, response, code, detail, wwwAuthenticate, agentId, keyId, null);
	}

	/**
	 * Writes one refusal, as {@link #problem(HttpServletRequest, HttpServletResponse, ErrorCode, String, String,
	 * String, String)}; a refusal by the risk layer ({@code risk} given) carries its {@code decision_id} in the
	 * body, its reasons in the audit line only, {@code WWW-Authenticate: Agent error="fresh_delegation_required",
	 * max_age=N} on a step-up and {@code Retry-After} on a throttle.
	 */
	public void problem(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
			@Nullable String detail, @Nullable String wwwAuthenticate, @Nullable String agentId,
			@Nullable String keyId, @Nullable RiskDecision risk) throws IOException {
		int status = status(code);
		AuditLog.refused(request, code, agentId, keyId, risk);
		if (risk != null && code == ErrorCode.FRESH_DELEGATION_REQUIRED && wwwAuthenticate == null) {
			wwwAuthenticate = "Agent error=\"fresh_delegation_required\", max_age=" + this.stepUpMaxAge.toSeconds();
		}
		this.outcomeListener.refused(request, code, VerificationOutcomeListener.elapsed(request));
		if (this.riskEvaluator != null && risk == null) {
			this.riskEvaluator.refused(request, code, agentId, keyId, delegation());
		}
		response.setStatus(status);
		if (wwwAuthenticate != null) {
			response.setHeader("WWW-Authenticate", wwwAuthenticate);
		}
		else if (status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN) {
			String scheme = code.code().startsWith("token_") || code == ErrorCode.GRANT_REVOKED
					|| code == ErrorCode.RISK_TOO_HIGH ? "Agent" : "Signature";
			response.setHeader("WWW-Authenticate", scheme + " error=\"" + code.code() + "\"");
		}
		if (status == HttpServletResponse.SC_UNAUTHORIZED) {
			boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
			response.setHeader("Accept-Signature",
					this.policy.acceptSignature(hasBody, request.getHeader("Authorization") != null));
		}
		if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
			response.setHeader("Retry-After", "5");
		}
		if (status == 429) {
			response.setHeader("Retry-After", Long.toString(Math.max(1, this.retryAfter.toSeconds())));
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:agentauth:error:" + code.code());
		problem.put("title", title(status));
		problem.put("status", status);
		problem.put("detail", (detail != null) ? detail : title(status));
		problem.put("code", code.code());
		if (risk != null) {
			problem.put("decision_id", risk.decisionId());
		}
		byte[] body = JSONObjectUtils.toJSONString(problem).getBytes(StandardCharsets.UTF_8);
		response.setContentType("application/problem+json");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** The HTTP status for a refusal code. */
	public static int status(ErrorCode code) {
		return switch (code) {
			case AGENT_SUSPENDED, AGENT_REVOKED, INSUFFICIENT_SCOPE, SPEND_LIMIT_EXCEEDED ->
				HttpServletResponse.SC_FORBIDDEN;
			case RISK_TOO_HIGH -> HttpServletResponse.SC_FORBIDDEN;
			case RATE_LIMITED -> 429;
			case BODY_TOO_LARGE -> HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
			case REGISTRY_UNAVAILABLE, NONCE_STORE_UNAVAILABLE, NONCE_STORE_FULL, REVOCATION_FEED_UNAVAILABLE,
					SPEND_STORE_UNAVAILABLE ->
				HttpServletResponse.SC_SERVICE_UNAVAILABLE;
			default -> HttpServletResponse.SC_UNAUTHORIZED;
		};
	}

	private static String title(int status) {
		return switch (status) {
			case 403 -> "Forbidden";
			case 413 -> "Content Too Large";
			case 429 -> "Too Many Requests";
			case 503 -> "Service Unavailable";
			default -> "Unauthorized";
		};
	}

	/**
	 * The risk part of an audit line: {@code decision_id score action enforced mode [degraded] rules=[rule:points,...]},
	 * where {@code action} is what the score calls for and {@code enforced} whether it was applied.
	 */
	public static String riskFields(RiskDecision risk) {
		return RiskAuditFields.of(risk);
	}

	private static @Nullable Delegation delegation() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof AgentPrincipal agent)
				? agent.delegation() : null;
	}

	// the X-Request-Id header for the audit line (dev.agentauth.core.RequestId: so it cannot forge fields)
	static String requestId(HttpServletRequest request) {
		return RequestId.sanitize(request.getHeader(RequestId.HEADER));
	}

	enum NoOpListener implements VerificationOutcomeListener {

		INSTANCE;

		@Override
		public void accepted(HttpServletRequest request, AgentPrincipal agent, java.time.@Nullable Duration elapsed) {
		}

		@Override
		public void refused(HttpServletRequest request, ErrorCode reason, java.time.@Nullable Duration elapsed) {
		}

	}

}
