package dev.agentauth.merchant.delegation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The checks after the JWT decoder (a stand-in here: signature verification is Spring Security's): expiry,
 * audience, delegation claims, caching by token hash, and how decoder failures map to codes.
 */
class DelegationTokenVerifierTests {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	private final AtomicInteger decodes = new AtomicInteger();

	@Test
	void verifyReadsTheDelegationAndCachesIt() throws Exception {
		DelegationTokenVerifier verifier = verifier(jwt("shop", NOW.plusSeconds(600)), NOW);
		assertThat(verifier.verify("t1").grantId()).isEqualTo("g-1");
		assertThat(verifier.verify("t1").agentId()).isEqualTo("agent-1");
		assertThat(this.decodes).hasValue(1);
	}

	@Test
	void verifyWhenExpiredBeyondTheSkewThenTokenExpired() throws Exception {
		Jwt jwt = jwt("shop", NOW.minusSeconds(31));
		refused(() -> verifier(jwt, NOW).verify("t2"), ErrorCode.TOKEN_EXPIRED);
		verifier(jwt("shop", NOW.minusSeconds(29)), NOW).verify("t3");
		// a cached token expires too
		DelegationTokenVerifier later = verifier(jwt("shop", NOW.plusSeconds(10)), NOW.plusSeconds(41));
		refused(() -> later.verify("t4"), ErrorCode.TOKEN_EXPIRED);
	}

	@Test
	void verifyWhenForAnotherMerchantThenAudienceMismatch() {
		refused(() -> verifier(jwt("other-shop", NOW.plusSeconds(60)), NOW).verify("t5"),
				ErrorCode.TOKEN_AUDIENCE_MISMATCH);
	}

	@Test
	void verifyWhenAnIssuerIsSetAndTheTokenNamesAnotherThenTokenIssuerMismatchBeforeDecoding() throws Exception {
		java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
		String unsigned = base64.encodeToString("{\"alg\":\"RS256\"}".getBytes()) + "."
				+ base64.encodeToString("{\"iss\":\"https://b.example/realms/b\"}".getBytes()) + ".c2ln";
		DelegationTokenVerifier verifier = verifier(jwt("shop", NOW.plusSeconds(600)), NOW);
		verifier.setIssuer("https://a.example/realms/a");
		refused(() -> verifier.verify(unsigned), ErrorCode.TOKEN_ISSUER_MISMATCH);
		assertThat(this.decodes).hasValue(0);
		refused(() -> verifier.verify("not-a-jwt"), ErrorCode.TOKEN_INVALID);
	}

	@Test
	void decoderFailuresMapToTokenInvalidOrRegistryUnavailable() {
		JwtDecoder bad = (token) -> {
			throw new BadJwtException("Invalid signature");
		};
		refused(() -> new DelegationTokenVerifier(bad, "shop", Duration.ofSeconds(30), clock(NOW), 10).verify("t6"),
				ErrorCode.TOKEN_INVALID);
		JwtDecoder unreachable = (token) -> {
			throw new JwtException("Couldn't retrieve remote JWK set");
		};
		refused(() -> new DelegationTokenVerifier(unreachable, "shop", Duration.ofSeconds(30), clock(NOW), 10)
			.verify("t7"), ErrorCode.REGISTRY_UNAVAILABLE);
	}

	@Test
	void realDecoderChecksSignatureIssuerAndValidatorBeans() throws Exception {
		RSAKey realm = new RSAKeyGenerator(2048).keyID("k").generate();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(realm.toRSAPublicKey()).build();
		DelegationTokenValidator noGrantG9 = (jwt) -> "g-9".equals(jwt.getClaimAsString("agent_grant"))
				? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "grant g-9 is blocked here", null))
				: OAuth2TokenValidatorResult.success();
		DelegationTokenVerifier.validate(decoder, "https://id.example/realms/shop", List.of(noGrantG9));
		DelegationTokenVerifier verifier = new DelegationTokenVerifier(decoder, "shop", Duration.ofSeconds(30),
				Clock.systemUTC(), 10);
		assertThat(verifier.verify(sign(realm, "https://id.example/realms/shop", "g-1")).grantId()).isEqualTo("g-1");
		refused(() -> verifier.verify(sign(realm, "https://id.example/realms/other", "g-1")), ErrorCode.TOKEN_INVALID);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> verifier.verify(sign(realm, "https://id.example/realms/shop", "g-9")))
			.withMessageContaining("grant g-9 is blocked here");
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("k").generate();
		refused(() -> verifier.verify(sign(stranger, "https://id.example/realms/shop", "g-2")), ErrorCode.TOKEN_INVALID);
	}

	private static String sign(RSAKey key, String issuer, String grant) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience("shop")
			.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
			.claim("act", Map.of("sub", "agent-1")).claim("cnf", Map.of("jkt", "kid-1"))
			.claim("agent_grant", grant).claim("scope", "checkout:create")
			.claim("authorization_details", List.of(Map.of("type", "agent_delegation", "max_amount",
					Map.of("value", "50.00", "currency", "EUR"))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	@Test
	void verifyWhenNotADelegationTokenThenMalformed() {
		Jwt plain = Jwt.withTokenValue("t").header("alg", "RS256").subject("alice").audience(List.of("shop"))
			.expiresAt(NOW.plusSeconds(60)).build();
		refused(() -> verifier(plain, NOW).verify("t8"), ErrorCode.TOKEN_MALFORMED);
	}

	private DelegationTokenVerifier verifier(Jwt jwt, Instant now) {
		JwtDecoder decoder = (token) -> {
			this.decodes.incrementAndGet();
			return jwt;
		};
		return new DelegationTokenVerifier(decoder, "shop", Duration.ofSeconds(30), clock(now), 10);
	}

	private static Clock clock(Instant now) {
		return Clock.fixed(now, ZoneOffset.UTC);
	}

	private static Jwt jwt(String audience, Instant expires) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("alice")
			.audience(List.of(audience))
			.issuedAt(expires.minusSeconds(3600))
			.expiresAt(expires)
			.claim("act", Map.of("sub", "agent-1"))
			.claim("cnf", Map.of("jkt", "kid-1"))
			.claim("scope", "checkout:create")
			.claim("agent_grant", "g-1")
			.claim("authorization_details", List.of(Map.of("type", "agent_delegation", "max_amount",
					Map.of("value", "50.00", "currency", "EUR"))))
			.build();
	}

	private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(code));
	}

}
