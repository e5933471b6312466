package dev.agentauth.merchant.delegation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationToken;
import dev.agentauth.core.signature.CompactJws;

/**
 * Verifies delegation tokens with Spring Security's JWT machinery: a {@link JwtDecoder} over the realm's JWKS
 * checks the signature, the issuer and any {@link DelegationTokenValidator} beans ({@code token_invalid}); then expiry ({@code token_expired}), audience = this merchant
 * ({@code token_audience_mismatch}) and the delegation claims ({@code token_malformed}). Verified tokens are
 * cached by their SHA-256 so the same token is not verified again on every request; expiry is checked on every
 * use. Binding to the signing key is checked per request by the caller.
 *
 * @since 0.1.0
 */
public final class DelegationTokenVerifier {

	private final JwtDecoder decoder;

	private final String merchantId;

	private final Duration clockSkew;

	private final Clock clock;

	private final Cache<String, DelegationToken> cache;

	private @Nullable String issuer;

	public DelegationTokenVerifier(JwtDecoder decoder, String merchantId, Duration clockSkew, Clock clock,
			long cacheSize) {
		this.decoder = Objects.requireNonNull(decoder, "decoder cannot be null");
		this.merchantId = Objects.requireNonNull(merchantId, "merchantId cannot be null");
		this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.cache = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(Duration.ofMinutes(10)).build();
	}

	/**
	 * A decoder for the realm's tokens: RS256/PS256 over {@code {issuer}/protocol/openid-connect/certs}, issuer
	 * checked, then the {@code validators}.
	 */
	public static JwtDecoder realmDecoder(String issuer, List<? extends OAuth2TokenValidator<Jwt>> validators) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer + "/protocol/openid-connect/certs")
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.jwsAlgorithm(SignatureAlgorithm.PS256)
			.build();
		validate(decoder, issuer, validators);
		return decoder;
	}

	/** Sets the issuer check followed by {@code validators} on {@code decoder}. */
	public static void validate(NimbusJwtDecoder decoder, String issuer,
			List<? extends OAuth2TokenValidator<Jwt>> validators) {
		List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
		all.add(new JwtIssuerValidator(issuer));
		all.addAll(validators);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(all));
	}

	/**
	 * The issuer this verifier's registry signs as: when set, a token naming another {@code iss} is refused with
	 * {@code token_issuer_mismatch} before its signature is checked (with several trusted registries, a token is
	 * accepted only from the registry that registered the signing key). Default: none, the decoder's issuer check
	 * ({@code token_invalid}).
	 * @since 0.1.0
	 */
	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	/**
	 * The verified delegation.
	 * @throws AgentAuthException {@code token_malformed}, {@code token_invalid}, {@code token_expired} or
	 * {@code token_audience_mismatch}
	 */
	public DelegationToken verify(String token) throws AgentAuthException {
		String key = sha256(token);
		DelegationToken verified = this.cache.getIfPresent(key);
		if (verified == null) {
			verified = decode(token);
			this.cache.put(key, verified);
		}
		if (!this.clock.instant().isBefore(verified.expires().plus(this.clockSkew))) {
			throw new AgentAuthException(ErrorCode.TOKEN_EXPIRED, "The delegation token has expired");
		}
		return verified;
	}

	private DelegationToken decode(String token) throws AgentAuthException {
		if (this.issuer != null) {
			// read before verifying: a token of another registry is refused as such, not as a bad signature
			Object claimed;
			try {
				claimed = CompactJws.parse(token).claims().get("iss");
			}
			catch (AgentAuthException ex) {
				throw new AgentAuthException(ErrorCode.TOKEN_INVALID,
						"The delegation token is not a valid token of the realm");
			}
			if (claimed != null && !(claimed instanceof String)) {
				throw new AgentAuthException(ErrorCode.TOKEN_INVALID,
						"The delegation token is not a valid token of the realm");
			}
			if (!this.issuer.equals(claimed)) {
				throw new AgentAuthException(ErrorCode.TOKEN_ISSUER_MISMATCH,
						"The delegation token was issued by another registry than the one that registered the "
								+ "signing key");
			}
		}
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtValidationException ex) {
			String reason = ex.getErrors().stream().map(OAuth2Error::getDescription).filter(Objects::nonNull)
				.findFirst().orElse("a validator refused it");
			throw new AgentAuthException(ErrorCode.TOKEN_INVALID, "The delegation token was refused: " + reason);
		}
		catch (BadJwtException ex) {
			throw new AgentAuthException(ErrorCode.TOKEN_INVALID,
					"The delegation token is not a valid token of the realm");
		}
		catch (JwtException ex) {
			throw new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE,
					"The realm's signing keys cannot be fetched to verify the delegation token");
		}
		Instant notBefore = jwt.getNotBefore();
		if (notBefore != null && notBefore.isAfter(this.clock.instant().plus(this.clockSkew))) {
			throw new AgentAuthException(ErrorCode.TOKEN_INVALID, "The delegation token is not valid yet");
		}
		DelegationToken delegation = DelegationToken.fromClaims(jwt.getClaims());
		if (!delegation.audience().contains(this.merchantId)) {
			throw new AgentAuthException(ErrorCode.TOKEN_AUDIENCE_MISMATCH,
					"The delegation token is for another merchant");
		}
		return delegation;
	}

	private static String sha256(String token) {
		try {
			return Base64.getEncoder().encodeToString(
					MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
