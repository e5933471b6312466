package dev.agentauth.core.delegation;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * The claims of a delegation token that a merchant acts on (its signature, issuer and time checked elsewhere):
 * consumer ({@code sub}), agent ({@code act.sub}), bound key ({@code cnf.jkt}), audience, scopes, grant and
 * limits.
 *
 * @param subject the consumer
 * @param agentId {@code act.sub}
 * @param keyThumbprint {@code cnf.jkt}
 * @param audience {@code aud}
 * @param scopes {@code scope}, split
 * @param grantId {@code agent_grant}
 * @param details the {@code agent_delegation} limits
 * @param expires {@code exp}
 * @param id {@code jti}
 * @param issuedAt {@code iat}, if present (the risk layer's step-up asks for a recently issued token)
 * @since 0.1.0
 */
public record DelegationToken(String subject, String agentId, String keyThumbprint, List<String> audience,
		List<String> scopes, String grantId, DelegationDetails details, Instant expires, @Nullable String id,
		@Nullable Instant issuedAt) {

	public DelegationToken {
		audience = List.copyOf(audience);
		scopes = List.copyOf(scopes);
	}

	/**
	 * Reads the claims (as a JWT library returns them: {@code exp} a number or {@code Instant}/{@code Date},
	 * {@code aud} a string or list).
	 * @throws AgentAuthException {@code token_malformed} naming the missing or malformed claim
	 */
	public static DelegationToken fromClaims(Map<String, Object> claims) throws AgentAuthException {
		String subject = string(claims.get("sub"), "sub");
		if (!(claims.get(DelegationClaims.ACT) instanceof Map<?, ?> act)) {
			throw malformed("The token has no 'act' (not a delegation token)");
		}
		String agentId = string(act.get("sub"), "act.sub");
		if (!(claims.get(DelegationClaims.CNF) instanceof Map<?, ?> cnf)) {
			throw malformed("The token has no 'cnf' (not bound to a key)");
		}
		String jkt = string(cnf.get(DelegationClaims.JKT), "cnf.jkt");
		Object aud = claims.get("aud");
		List<String> audience = (aud instanceof String value) ? List.of(value)
				: (aud instanceof List<?> values) ? values.stream().map(String::valueOf).toList() : List.of();
		Object scope = claims.get("scope");
		List<String> scopes = (scope instanceof String value && !value.isBlank())
				? Arrays.asList(value.trim().split("\\s+")) : List.of();
		String grantId = string(claims.get(DelegationClaims.AGENT_GRANT), DelegationClaims.AGENT_GRANT);
		DelegationDetails details;
		try {
			details = DelegationDetails.fromJson(claims.get(DelegationClaims.AUTHORIZATION_DETAILS));
		}
		catch (AgentAuthException ex) {
			throw malformed("authorization_details: " + ex.getMessage());
		}
		Instant expires = instant(claims.get("exp"));
		if (expires == null) {
			throw malformed("The token has no 'exp'");
		}
		Object jti = claims.get("jti");
		return new DelegationToken(subject, agentId, jkt, audience, scopes, grantId, details, expires,
				(jti instanceof String value) ? value : null, instant(claims.get("iat")));
	}

	private static @Nullable Instant instant(@Nullable Object value) throws AgentAuthException {
		try {
			return (value instanceof Number number) ? Instant.ofEpochSecond(number.longValue())
					: (value instanceof Instant instant) ? instant
							: (value instanceof java.util.Date date) ? date.toInstant() : null;
		}
		catch (java.time.DateTimeException ex) {
			throw malformed("A time claim is out of range");
		}
	}

	/**
	 * Checks that the request was signed by the agent and key the token names (RFC 8693 {@code act}, RFC 7800
	 * {@code cnf}).
	 * @throws AgentAuthException {@code token_actor_mismatch} or {@code token_binding_mismatch}
	 */
	public void checkBinding(String signingAgentId, String signingKeyId) throws AgentAuthException {
		Objects.requireNonNull(signingAgentId, "signingAgentId cannot be null");
		Objects.requireNonNull(signingKeyId, "signingKeyId cannot be null");
		if (!this.keyThumbprint.equals(signingKeyId)) {
			throw new AgentAuthException(ErrorCode.TOKEN_BINDING_MISMATCH,
					"The token is bound to another key (cnf.jkt is not the signature's keyid)");
		}
		if (!this.agentId.equals(signingAgentId)) {
			throw new AgentAuthException(ErrorCode.TOKEN_ACTOR_MISMATCH,
					"The token was issued to another agent (act.sub is not the signing agent)");
		}
	}

	private static String string(@Nullable Object value, String name) throws AgentAuthException {
		if (!(value instanceof String text) || text.isEmpty()) {
			throw malformed("The token has no '" + name + "'");
		}
		return text;
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.TOKEN_MALFORMED, message);
	}

}
