package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers authorization failures of agent requests with their {@link AgentAuthError}
 * ({@link AgentAuthErrors#error(AccessDeniedException)}): a purchase over the delegation's limits
 * ({@code spend_limit_exceeded}), a purchase refused by the risk layer, and a missing scope
 * ({@code insufficient_scope}, 403, with {@code WWW-Authenticate: Agent error="insufficient_scope",
 * scope="<scopes>"} when the rule names {@code SCOPE_} authorities, as {@code hasAuthority('SCOPE_checkout:create')}
 * does). It only writes; the refusal's event is published by {@link AgentRequestEvents}.
 *
 * @since 0.1.0
 */
public final class AgentAccessDeniedHandler implements AccessDeniedHandler {

	private final AgentAuthErrorWriter writer;

	private final AgentAuthErrors errors;

	public AgentAccessDeniedHandler(AgentAuthErrorWriter writer, AgentAuthErrors errors) {
		this.writer = Objects.requireNonNull(writer, "writer cannot be null");
		this.errors = Objects.requireNonNull(errors, "errors cannot be null");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		this.writer.write(request, response, this.errors.error(denied));
	}

}
