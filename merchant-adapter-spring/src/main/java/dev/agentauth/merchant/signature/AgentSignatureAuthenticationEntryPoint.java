package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.agentauth.core.signature.VerificationPolicy;

/**
 * Answers a failed or missing authentication with its {@link AgentAuthError} ({@link AgentAuthErrors#error(
 * AuthenticationException)}: the code of an {@link AgentAuthenticationException}, {@code signature_missing} for a
 * request without any authentication), written by {@link AgentAuthErrorWriter} as RFC 9457 problem+json with
 * {@code code}, {@code WWW-Authenticate} and, on 401, {@code Accept-Signature}. It only writes: the audit line,
 * metrics and risk recording listen to the {@link AgentRequestRefusedEvent} that {@link AgentRequestEvents}
 * publishes.
 *
 * @since 0.1.0
 */
public final class AgentSignatureAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final AgentAuthErrorWriter writer;

	private final AgentAuthErrors errors;

	/** With the default {@link AgentAuthErrors}. */
	public AgentSignatureAuthenticationEntryPoint(VerificationPolicy policy) {
		this(new AgentAuthErrorWriter(policy), new AgentAuthErrors());
	}

	public AgentSignatureAuthenticationEntryPoint(AgentAuthErrorWriter writer, AgentAuthErrors errors) {
		this.writer = Objects.requireNonNull(writer, "writer cannot be null");
		this.errors = Objects.requireNonNull(errors, "errors cannot be null");
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.writer.write(request, response, this.errors.error(authException));
	}

	// the access-denied handler writing the same way (AgentAuthConfigurer)
	AgentAccessDeniedHandler accessDeniedHandler() {
		return new AgentAccessDeniedHandler(this.writer, this.errors);
	}

	AgentAuthErrors errors() {
		return this.errors;
	}

}
