package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.merchant.delegation.SpendLimitExceededException;
import dev.agentauth.merchant.risk.RiskRefusedException;

/**
 * Answers authorization failures of agent requests as problem+json: a purchase over the delegation's limits
 * ({@code spend_limit_exceeded}) and a missing scope ({@code insufficient_scope}, 403, with
 * {@code WWW-Authenticate: Agent error="insufficient_scope", scope="<scopes>"} when the rule names
 * {@code SCOPE_} authorities, as {@code hasAuthority('SCOPE_checkout:create')} does).
 *
 * @since 0.1.0
 */
public final class AgentAccessDeniedHandler implements AccessDeniedHandler {

	private static final Pattern SCOPE = Pattern.compile("SCOPE_([^'\"\\s,)]+)");

	private final AgentSignatureAuthenticationEntryPoint problems;

	public AgentAccessDeniedHandler(AgentSignatureAuthenticationEntryPoint problems) {
		this.problems = Objects.requireNonNull(problems, "problems cannot be null");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		AgentPrincipal agent = (authentication != null && authentication.getPrincipal() instanceof AgentPrincipal a)
				? a : null;
		String agentId = (agent != null) ? agent.agentId() : null;
		String keyId = (agent != null) ? agent.keyId() : null;
		if (denied instanceof SpendLimitExceededException spend) {
			this.problems.problem(request, response, spend.errorCode(), spend.getMessage(), null, agentId, keyId);
			return;
		}
		if (denied instanceof RiskRefusedException risk) {
			this.problems.problem(request, response, risk.errorCode(), risk.getMessage(), null, agentId, keyId,
					risk.decision());
			return;
		}
		if (denied instanceof CsrfException) {
			// an unsigned state-changing request on a chain with CSRF protection
			this.problems.problem(request, response, ErrorCode.SIGNATURE_MISSING,
					"This resource requires an RFC 9421 signed request", null, null, null);
			return;
		}
		Set<String> scopes = scopes(denied);
		String challenge = "Agent error=\"insufficient_scope\""
				+ (scopes.isEmpty() ? "" : ", scope=\"" + String.join(" ", scopes) + "\"");
		String detail = scopes.isEmpty() ? "The delegation does not allow this"
				: "This needs the scope " + String.join(" ", scopes) + ", which the delegation does not include";
		this.problems.problem(request, response, ErrorCode.INSUFFICIENT_SCOPE, detail, challenge, agentId, keyId);
	}

	private static Set<String> scopes(AccessDeniedException denied) {
		Set<String> scopes = new LinkedHashSet<>();
		if (denied instanceof AuthorizationDeniedException authorization) {
			AuthorizationResult result = authorization.getAuthorizationResult();
			if (result instanceof AuthorityAuthorizationDecision decision) {
				for (GrantedAuthority authority : decision.getAuthorities()) {
					Matcher matcher = SCOPE.matcher(String.valueOf(authority.getAuthority()));
					if (matcher.matches()) {
						scopes.add(matcher.group(1));
					}
				}
			}
			else if (result instanceof ExpressionAuthorizationDecision expression) {
				Matcher matcher = SCOPE.matcher(String.valueOf(expression.getExpression().getExpressionString()));
				while (matcher.find()) {
					scopes.add(matcher.group(1));
				}
			}
		}
		return scopes;
	}

}
