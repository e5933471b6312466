package dev.agentauth.merchant.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.csrf.MissingCsrfTokenException;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.risk.RiskAction;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskFeatures;
import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.merchant.delegation.SpendLimitExceededException;
import dev.agentauth.merchant.risk.RiskRefusedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AgentAuthErrors}: the error for each kind of refusal.
 */
class AgentAuthErrorsTests {

	private final AgentAuthErrors errors = new AgentAuthErrors(Duration.ofSeconds(120), Duration.ofSeconds(30));

	@Test
	void errorWhenAgentAuthenticationExceptionThenItsCodeAndMessage() {
		AgentAuthError error = this.errors
			.error(new AgentAuthenticationException(ErrorCode.TOKEN_EXPIRED, "The delegation token has expired"));
		assertThat(error.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
		assertThat(error.httpStatus()).isEqualTo(401);
		assertThat(error.description()).isEqualTo("The delegation token has expired");
		assertThat(error.challenge()).isEqualTo("Agent error=\"token_expired\"");
		assertThat(error.decisionId()).isNull();
	}

	@Test
	void errorWhenNoAgentAuthenticationThenSignatureMissing() {
		AgentAuthError error = this.errors.error(new InsufficientAuthenticationException("anonymous"));
		assertThat(error.code()).isEqualTo(ErrorCode.SIGNATURE_MISSING);
		assertThat(error.description()).isEqualTo("This resource requires an RFC 9421 signed request");
		assertThat(error.challenge()).isEqualTo("Signature error=\"signature_missing\"");
	}

	@Test
	void errorWhenRiskStepUpThenMaxAgeChallengeAndDecisionId() {
		AgentAuthError error = this.errors.error(new AgentAuthenticationException(
				ErrorCode.FRESH_DELEGATION_REQUIRED, "fresh please", "agent-1", "kid-1", decision(RiskAction.STEP_UP)));
		assertThat(error.httpStatus()).isEqualTo(401);
		assertThat(error.challenge()).isEqualTo("Agent error=\"fresh_delegation_required\", max_age=120");
		assertThat(error.decisionId()).isEqualTo("d-1");
	}

	@Test
	void errorWhenThrottledThenConfiguredRetryAfter() {
		AgentAuthError error = this.errors.error(new AgentAuthenticationException(ErrorCode.RATE_LIMITED, "slow down",
				"agent-1", "kid-1", decision(RiskAction.THROTTLE)));
		assertThat(error.httpStatus()).isEqualTo(429);
		assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(30));
		assertThat(error.challenge()).isNull();
	}

	@Test
	void errorWhenRuleNamesScopesThenChallengeNamesThem() {
		AuthorizationDeniedException denied = new AuthorizationDeniedException("Access Denied",
				new AuthorityAuthorizationDecision(false,
						AuthorityUtils.createAuthorityList("SCOPE_checkout:create", "ROLE_X", "SCOPE_cart:write")));
		AgentAuthError error = this.errors.error(denied);
		assertThat(error.code()).isEqualTo(ErrorCode.INSUFFICIENT_SCOPE);
		assertThat(error.httpStatus()).isEqualTo(403);
		assertThat(error.challenge())
			.isEqualTo("Agent error=\"insufficient_scope\", scope=\"checkout:create cart:write\"");
		assertThat(error.description())
			.isEqualTo("This needs the scope checkout:create cart:write, which the delegation does not include");
	}

	@Test
	void insufficientScopeWhenNoScopeKnownThenBareChallenge() {
		AgentAuthError error = AgentAuthErrors.insufficientScope(List.of());
		assertThat(error.challenge()).isEqualTo("Agent error=\"insufficient_scope\"");
		assertThat(error.description()).isEqualTo("The delegation does not allow this");
	}

	@Test
	void errorWhenCsrfThenSignatureMissing() {
		assertThat(this.errors.error(new MissingCsrfTokenException(null)).code())
			.isEqualTo(ErrorCode.SIGNATURE_MISSING);
	}

	@Test
	void errorWhenSpendLimitOrRiskDeniedThenTheirCodes() {
		AgentAuthError spend = this.errors
			.error(new SpendLimitExceededException(ErrorCode.SPEND_LIMIT_EXCEEDED, "over the budget"));
		assertThat(spend.httpStatus()).isEqualTo(403);
		assertThat(spend.challenge()).isEqualTo("Signature error=\"spend_limit_exceeded\"");
		AgentAuthError risk = this.errors
			.error(new RiskRefusedException(ErrorCode.RISK_TOO_HIGH, "refused", decision(RiskAction.DENY)));
		assertThat(risk.challenge()).isEqualTo("Agent error=\"risk_too_high\"");
		assertThat(risk.decisionId()).isEqualTo("d-1");
	}

	static RiskDecision decision(RiskAction action) {
		return new RiskDecision("d-1", 80, List.of(), action, action, RiskMode.ENFORCE, false, false,
				RiskFeatures.builder().now(Instant.EPOCH).method("POST").path("/api/cart").agent("agent-1", "kid-1")
					.build());
	}

}
