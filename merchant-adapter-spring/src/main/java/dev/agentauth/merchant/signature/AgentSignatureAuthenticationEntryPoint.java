package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.signature.VerificationPolicy;

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

	public AgentSignatureAuthenticationEntryPoint(VerificationPolicy policy) {
		this.policy = Objects.requireNonNull(policy, "policy cannot be null");
	}

	/** Told about each refusal (metrics). */
	public void setOutcomeListener(VerificationOutcomeListener outcomeListener) {
		this.outcomeListener = Objects.requireNonNull(outcomeListener, "outcomeListener cannot be null");
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ErrorCode code;
		String detail;
		@Nullable String agentId = null;
		@Nullable String keyId = null;
		if (authException instanceof AgentAuthenticationException agent) {
			code = agent.errorCode();
			detail = agent.getMessage();
			agentId = agent.agentId();
			keyId = agent.keyId();
		}
		else {
			code = ErrorCode.SIGNATURE_MISSING;
			detail = "This resource requires an RFC 9421 signed request";
		}
		problem(request, response, code, detail, null, agentId, keyId);
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
		int status = status(code);
		AuditLog.refused(request, code, agentId, keyId);
		this.outcomeListener.refused(request, code, VerificationOutcomeListener.elapsed(request));
		response.setStatus(status);
		if (wwwAuthenticate != null) {
			response.setHeader("WWW-Authenticate", wwwAuthenticate);
		}
		else if (status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN) {
			String scheme = code.code().startsWith("token_") || code == ErrorCode.GRANT_REVOKED ? "Agent" : "Signature";
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
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:agentauth:error:" + code.code());
		problem.put("title", title(status));
		problem.put("status", status);
		problem.put("detail", (detail != null) ? detail : title(status));
		problem.put("code", code.code());
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
			case 503 -> "Service Unavailable";
			default -> "Unauthorized";
		};
	}

	// the X-Request-Id header for the audit line if it is 1 to 128 of [A-Za-z0-9._:-] (so it cannot forge fields)
	static String requestId(HttpServletRequest request) {
		String id = request.getHeader("X-Request-Id");
		if (id == null || id.isEmpty() || id.length() > 128) {
			return "-";
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
					|| c == ':' || c == '-')) {
				return "-";
			}
		}
		return id;
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
