package dev.agentauth.merchant.delegation;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An extra check of delegation tokens, declared as a bean: the auto-configuration adds every
 * {@code DelegationTokenValidator} bean (in {@code @Order}) to the delegation token decoder, after the issuer
 * check. A failure refuses the request with {@code token_invalid}. A type of its own, so these validators never
 * reach a {@code JwtDecoder} the application uses for other tokens.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DelegationTokenValidator extends OAuth2TokenValidator<Jwt> {

}
