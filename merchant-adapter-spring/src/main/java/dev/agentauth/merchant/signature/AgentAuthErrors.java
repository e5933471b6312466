package dev.agentauth.merchant.signature;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfException;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.delegation.SpendLimitExceededException;
import dev.agentauth.merchant.risk.RiskRefusedException;

/**
 * Builds the {@link AgentAuthError} for a refusal (as Spring Security's {@code BearerTokenErrors} does), with the
 * risk layer's settings: {@code max_age} of a step-up challenge ({@code agentauth.risk.step-up-max-age}) and the
 * {@code Retry-After} of a throttle ({@code agentauth.risk.retry-after}).
 *
 * @since 0.1.0
 */
public final class AgentAuthErrors {

	static final String SIGNATURE_REQUIRED = "This resource requires an RFC 9421 signed request";

	private static final Pattern SCOPE = Pattern.compile("SCOPE_([^'\"\\s,)]+)");

	private final Duration stepUpMaxAge;

	private final Duration retryAfter;

	/** Step-up {@code max_age} of 5 minutes, throttles retried after 10 seconds. */
	public AgentAuthErrors() {
		this(Duration.ofMinutes(5), AgentAuthError.THROTTLE_RETRY_AFTER);
	}

	public AgentAuthErrors(Duration stepUpMaxAge, Duration retryAfter) {
		this.stepUpMaxAge = Objects.requireNonNull(stepUpMaxAge, "stepUpMaxAge cannot be null");
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter cannot be null");
	}

	/** A request without any authentication: {@code signature_missing}. */
	public static AgentAuthError signatureMissing() {
		return AgentAuthError.of(ErrorCode.SIGNATURE_MISSING, SIGNATURE_REQUIRED);
	}

	/**
	 * A missing scope: 403 {@code insufficient_scope} with
	 * {@code WWW-Authenticate: Agent error="insufficient_scope", scope="<scopes>"} (no {@code scope} when none is
	 * known).
	 */
	public static AgentAuthError insufficientScope(Collection<String> scopes) {
		String joined = String.join(" ", scopes);
		String detail = scopes.isEmpty() ? "The delegation does not allow this"
				: "This needs the scope " + joined + ", which the delegation does not include";
		String challenge = "Agent error=\"insufficient_scope\""
				+ (scopes.isEmpty() ? "" : ", scope=\"" + joined + "\"");
		return AgentAuthError.of(ErrorCode.INSUFFICIENT_SCOPE, detail).withChallenge(challenge);
	}

	/**
	 * A refusal; by the risk layer when {@code risk} is given: then the problem carries its {@code decision_id} and
	 * a step-up ({@code fresh_delegation_required}) challenges with
	 * {@code Agent error="fresh_delegation_required", max_age=N}.
	 */
	public AgentAuthError error(ErrorCode code, @Nullable String description, @Nullable RiskDecision risk) {
		AgentAuthError error = AgentAuthError.of(code, description);
		if (error.httpStatus() == 429) {
			error = error.withRetryAfter(this.retryAfter);
		}
		if (risk != null) {
			error = error.withDecisionId(risk.decisionId());
			if (code == ErrorCode.FRESH_DELEGATION_REQUIRED) {
				error = error.withChallenge(
						"Agent error=\"fresh_delegation_required\", max_age=" + this.stepUpMaxAge.toSeconds());
			}
		}
		return error;
	}

	/** A failed authentication: its {@link AgentAuthenticationException} code, else {@code signature_missing}. */
	public AgentAuthError error(AuthenticationException failure) {
		if (failure instanceof AgentAuthenticationException agent) {
			return error(agent.errorCode(), agent.getMessage(), agent.risk());
		}
		return signatureMissing();
	}

	/**
	 * A denied authorization: a purchase over the limits, a purchase refused by the risk layer, an unsigned
	 * request refused by CSRF protection ({@code signature_missing}), else a missing scope, named when the rule
	 * names {@code SCOPE_} authorities (as {@code hasAuthority('SCOPE_checkout:create')} does).
	 */
	public AgentAuthError error(AccessDeniedException denied) {
		if (denied instanceof SpendLimitExceededException spend) {
			return error(spend.errorCode(), spend.getMessage(), null);
		}
		if (denied instanceof RiskRefusedException risk) {
			return error(risk.errorCode(), risk.getMessage(), risk.decision());
		}
		if (denied instanceof CsrfException) {
			return signatureMissing();
		}
		return insufficientScope(scopes(denied));
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
