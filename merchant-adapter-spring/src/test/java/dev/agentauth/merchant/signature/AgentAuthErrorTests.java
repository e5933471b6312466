package dev.agentauth.merchant.signature;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AgentAuthError}: status, challenge and {@code Retry-After} by code.
 */
class AgentAuthErrorTests {

	// the two codes the starter always answers with a challenge of their own (scope, max_age)
	private static final Set<ErrorCode> OWN_CHALLENGE = Set.of(ErrorCode.INSUFFICIENT_SCOPE,
			ErrorCode.FRESH_DELEGATION_REQUIRED);

	@Test
	void ofWhenAnyCodeThenStatusAndChallengeAsTheEntryPointAnsweredThem() {
		for (ErrorCode code : ErrorCode.values()) {
			AgentAuthError error = AgentAuthError.of(code, "detail");
			int status = switch (code) {
				case AGENT_SUSPENDED, AGENT_REVOKED, INSUFFICIENT_SCOPE, SPEND_LIMIT_EXCEEDED, RISK_TOO_HIGH -> 403;
				case RATE_LIMITED -> 429;
				case BODY_TOO_LARGE -> 413;
				case REGISTRY_UNAVAILABLE, NONCE_STORE_UNAVAILABLE, NONCE_STORE_FULL, REVOCATION_FEED_UNAVAILABLE,
						SPEND_STORE_UNAVAILABLE ->
					503;
				default -> 401;
			};
			assertThat(error.httpStatus()).as(code.code()).isEqualTo(status);
			if (status != 401 && status != 403) {
				assertThat(error.challenge()).as(code.code()).isNull();
			}
			else if (!OWN_CHALLENGE.contains(code)) {
				String scheme = (code.code().startsWith("token_") || code == ErrorCode.GRANT_REVOKED
						|| code == ErrorCode.RISK_TOO_HIGH) ? "Agent" : "Signature";
				assertThat(error.challenge()).as(code.code()).isEqualTo(scheme + " error=\"" + code.code() + "\"");
			}
		}
	}

	@Test
	void schemeWhenDelegationProblemThenAgent() {
		assertThat(AgentAuthError.Scheme.of(ErrorCode.TOKEN_EXPIRED)).isEqualTo(AgentAuthError.Scheme.AGENT);
		assertThat(AgentAuthError.Scheme.of(ErrorCode.INSUFFICIENT_SCOPE)).isEqualTo(AgentAuthError.Scheme.AGENT);
		assertThat(AgentAuthError.Scheme.of(ErrorCode.FRESH_DELEGATION_REQUIRED))
			.isEqualTo(AgentAuthError.Scheme.AGENT);
		assertThat(AgentAuthError.Scheme.of(ErrorCode.NONCE_REPLAYED)).isEqualTo(AgentAuthError.Scheme.SIGNATURE);
		assertThat(AgentAuthError.Scheme.of(ErrorCode.SPEND_LIMIT_EXCEEDED))
			.isEqualTo(AgentAuthError.Scheme.SIGNATURE);
	}

	@Test
	void ofWhenUnavailableThenRetryAfterFiveSeconds() {
		assertThat(AgentAuthError.of(ErrorCode.REGISTRY_UNAVAILABLE, null).retryAfter())
			.isEqualTo(Duration.ofSeconds(5));
		assertThat(AgentAuthError.of(ErrorCode.RATE_LIMITED, null).retryAfter()).isEqualTo(Duration.ofSeconds(10));
		assertThat(AgentAuthError.of(ErrorCode.SIGNATURE_INVALID, null).retryAfter()).isNull();
	}

	@Test
	void withRetryAfterWhenNeither429Nor503ThenNone() {
		assertThat(AgentAuthError.of(ErrorCode.AGENT_REVOKED, null).withRetryAfter(Duration.ofSeconds(3)).retryAfter())
			.isNull();
		assertThat(AgentAuthError.of(ErrorCode.RATE_LIMITED, null).withRetryAfter(Duration.ofSeconds(3)).retryAfter())
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void ofWhenNoDescriptionThenTitle() {
		AgentAuthError error = AgentAuthError.of(ErrorCode.BODY_TOO_LARGE, null);
		assertThat(error.description()).isEqualTo("Content Too Large");
		assertThat(error.title()).isEqualTo("Content Too Large");
	}

	@Test
	void withChallengeAndDecisionIdThenOnlyThoseChange() {
		AgentAuthError error = AgentAuthError.of(ErrorCode.RISK_TOO_HIGH, "refused")
			.withChallenge("Agent error=\"risk_too_high\", x=1")
			.withDecisionId("d-1");
		assertThat(error.code()).isEqualTo(ErrorCode.RISK_TOO_HIGH);
		assertThat(error.httpStatus()).isEqualTo(403);
		assertThat(error.description()).isEqualTo("refused");
		assertThat(error.challenge()).isEqualTo("Agent error=\"risk_too_high\", x=1");
		assertThat(error.decisionId()).isEqualTo("d-1");
	}

}
