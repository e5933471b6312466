package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.agentauth.core.signature.VerificationPolicy;

/**
 * Writes an {@link AgentAuthError}: the status; {@code WWW-Authenticate} (its challenge); on 401 also
 * {@code Accept-Signature} (RFC 9421 §5.1: what to sign, since signing differently can help); {@code Retry-After}
 * on 429 and 503; and an RFC 9457 {@code application/problem+json} body
 * {@code {type, title, status, detail, code[, decision_id]}} with {@code type} {@code urn:agentauth:error:<code>}.
 * It only writes: audit, metrics and risk listen to {@link AgentRequestRefusedEvent}s.
 *
 * @since 0.1.0
 */
public final class AgentAuthErrorWriter {

	private final VerificationPolicy policy;

	/** @param policy says what {@code Accept-Signature} asks to sign */
	public AgentAuthErrorWriter(VerificationPolicy policy) {
		this.policy = Objects.requireNonNull(policy, "policy cannot be null");
	}

	/** Writes {@code error} as the response to {@code request}. */
	public void write(HttpServletRequest request, HttpServletResponse response, AgentAuthError error)
			throws IOException {
		int status = error.httpStatus();
		response.setStatus(status);
		if (error.challenge() != null) {
			response.setHeader("WWW-Authenticate", error.challenge());
		}
		if (status == HttpServletResponse.SC_UNAUTHORIZED) {
			boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
			response.setHeader("Accept-Signature",
					this.policy.acceptSignature(hasBody, request.getHeader("Authorization") != null));
		}
		if (error.retryAfter() != null) {
			response.setHeader("Retry-After", Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:agentauth:error:" + error.code().code());
		problem.put("title", error.title());
		problem.put("status", status);
		problem.put("detail", error.description());
		problem.put("code", error.code().code());
		if (error.decisionId() != null) {
			problem.put("decision_id", error.decisionId());
		}
		byte[] body = JSONObjectUtils.toJSONString(problem).getBytes(StandardCharsets.UTF_8);
		response.setContentType("application/problem+json");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
