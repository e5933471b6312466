package dev.agentauth.merchant.signature;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.ErrorCode;

/**
 * One refusal of an agent request, as it is answered: the stable {@link ErrorCode} (the problem's {@code code}),
 * the HTTP status, a description (the problem's {@code detail}), the {@code WWW-Authenticate} challenge and, for
 * a refusal by the risk layer, its {@code decision_id}. A value like Spring Security's {@code BearerTokenError}:
 * {@link AgentSignatureAuthenticationEntryPoint} and {@link AgentAccessDeniedHandler} only write it
 * ({@link AgentAuthErrorWriter}); {@link AgentAuthErrors} builds it from exceptions.
 * <p>
 * Status: 403 for a suspended or revoked agent, a missing scope, a purchase over the limits and
 * {@code risk_too_high}; 429 for {@code rate_limited}; 413 for {@code body_too_large}; 503 for
 * {@code registry_unavailable}, {@code nonce_store_unavailable}, {@code nonce_store_full},
 * {@code revocation_feed_unavailable} and {@code spend_store_unavailable} (the request may be retried, after
 * {@code Retry-After: 5}); 401 otherwise. 401 and 403 carry a challenge {@code <scheme> error="<code>"}, whose
 * scheme is the {@link Scheme} of the code's kind.
 *
 * @since 0.1.0
 */
public final class AgentAuthError implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Seconds a client should wait before retrying a 503. */
	static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

	/** The default wait before retrying a throttled (429) request. */
	static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(10);

	/**
	 * The authentication scheme a challenge names: {@code Agent} for problems of the delegation token (RFC 8693
	 * token presented as {@code Authorization: Agent}), {@code Signature} for problems of the request signature
	 * and key.
	 */
	public enum Scheme {

		/** The request signature (RFC 9421) and the agent's key. */
		SIGNATURE("Signature"),

		/** The delegation token and what it allows. */
		AGENT("Agent");

		private final String value;

		Scheme(String value) {
			this.value = value;
		}

		/** The scheme as written in {@code WWW-Authenticate}. */
		public String value() {
			return this.value;
		}

		/** The scheme of a refusal code's kind. */
		public static Scheme of(ErrorCode code) {
			return switch (code) {
				case TOKEN_SCHEME_INVALID, TOKEN_MALFORMED, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_AUDIENCE_MISMATCH,
						TOKEN_ISSUER_MISMATCH, TOKEN_ACTOR_MISMATCH, TOKEN_BINDING_MISMATCH, GRANT_REVOKED,
						INSUFFICIENT_SCOPE, FRESH_DELEGATION_REQUIRED, RISK_TOO_HIGH ->
					AGENT;
				default -> SIGNATURE;
			};
		}

	}

	private final ErrorCode code;

	private final int httpStatus;

	private final String description;

	private final @Nullable String challenge;

	private final @Nullable String decisionId;

	private final @Nullable Duration retryAfter;

	private AgentAuthError(ErrorCode code, int httpStatus, String description, @Nullable String challenge,
			@Nullable String decisionId, @Nullable Duration retryAfter) {
		this.code = code;
		this.httpStatus = httpStatus;
		this.description = description;
		this.challenge = challenge;
		this.decisionId = decisionId;
		this.retryAfter = retryAfter;
	}

	/**
	 * The refusal for {@code code}, with its status, default challenge and {@code Retry-After}.
	 * @param description the problem's {@code detail}; the status's title when null
	 */
	public static AgentAuthError of(ErrorCode code, @Nullable String description) {
		Objects.requireNonNull(code, "code cannot be null");
		int status = status(code);
		String challenge = (status == 401 || status == 403)
				? Scheme.of(code).value() + " error=\"" + code.code() + "\"" : null;
		Duration retryAfter = switch (status) {
			case 503 -> UNAVAILABLE_RETRY_AFTER;
			case 429 -> THROTTLE_RETRY_AFTER;
			default -> null;
		};
		return new AgentAuthError(code, status, (description != null) ? description : title(status), challenge, null,
				retryAfter);
	}

	/** The HTTP status of a refusal code. */
	public static int status(ErrorCode code) {
		return switch (code) {
			case AGENT_SUSPENDED, AGENT_REVOKED, INSUFFICIENT_SCOPE, SPEND_LIMIT_EXCEEDED, RISK_TOO_HIGH -> 403;
			case RATE_LIMITED -> 429;
			case BODY_TOO_LARGE -> 413;
			case REGISTRY_UNAVAILABLE, NONCE_STORE_UNAVAILABLE, NONCE_STORE_FULL, REVOCATION_FEED_UNAVAILABLE,
					SPEND_STORE_UNAVAILABLE ->
				503;
			default -> 401;
		};
	}

	/** The same refusal with another {@code WWW-Authenticate} value (e.g. with parameters). */
	public AgentAuthError withChallenge(String challenge) {
		Objects.requireNonNull(challenge, "challenge cannot be null");
		return new AgentAuthError(this.code, this.httpStatus, this.description, challenge, this.decisionId,
				this.retryAfter);
	}

	/** The same refusal naming the risk decision that made it (the problem's {@code decision_id}). */
	public AgentAuthError withDecisionId(String decisionId) {
		Objects.requireNonNull(decisionId, "decisionId cannot be null");
		return new AgentAuthError(this.code, this.httpStatus, this.description, this.challenge, decisionId,
				this.retryAfter);
	}

	/** The same refusal with another {@code Retry-After} (whole seconds, at least 1); only 429 and 503 send it. */
	public AgentAuthError withRetryAfter(Duration retryAfter) {
		Objects.requireNonNull(retryAfter, "retryAfter cannot be null");
		return new AgentAuthError(this.code, this.httpStatus, this.description, this.challenge, this.decisionId,
				(this.httpStatus == 429 || this.httpStatus == 503) ? retryAfter : null);
	}

	/** The stable refusal code. */
	public ErrorCode code() {
		return this.code;
	}

	/** The HTTP status. */
	public int httpStatus() {
		return this.httpStatus;
	}

	/** The problem's {@code title}: the status's reason phrase. */
	public String title() {
		return title(this.httpStatus);
	}

	/** The problem's {@code detail}. */
	public String description() {
		return this.description;
	}

	/** The {@code WWW-Authenticate} value; null for statuses other than 401 and 403. */
	public @Nullable String challenge() {
		return this.challenge;
	}

	/** The risk decision that refused the request, if the risk layer did. */
	public @Nullable String decisionId() {
		return this.decisionId;
	}

	/** The wait a client should observe before retrying (429, 503). */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
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

	@Override
	public String toString() {
		return "AgentAuthError[" + this.code.code() + ", " + this.httpStatus + "]";
	}

}
