package dev.agentauth.core.delegation;

import java.time.Instant;

/**
 * A verified actor token: the agent id ({@code iss} = {@code sub}), the signing key's thumbprint, its
 * {@code jti} and validity.
 *
 * @param agentId the agent the token speaks for
 * @param kid the RFC 7638 thumbprint of the key that signed it (the delegation token's {@code cnf.jkt})
 * @param jti the token's unique id, to be remembered until {@code expires} to refuse replays
 * @param issuedAt {@code iat}
 * @param expires {@code exp}
 * @since 0.1.0
 */
public record ActorTokenClaims(String agentId, String kid, String jti, Instant issuedAt, Instant expires) {
}
