package dev.agentauth.core.delegation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.signature.CompactJws;
import dev.agentauth.core.signature.SigningKey;
import dev.agentauth.core.signature.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ActorTokenVerifierTests {

	private static final String ISSUER = "https://id.example/realms/shop";

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	private final SigningKey key = newKey();

	private final ActorTokenVerifier verifier = new ActorTokenVerifier(ISSUER, Duration.ofSeconds(30),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void verifyWhenWellFormedThenReturnsAgentKidAndJti() throws Exception {
		String token = CompactJws.sign(this.key, "JWT", claims());
		assertThat(ActorTokenVerifier.keyId(token)).isEqualTo(this.key.keyId());
		ActorTokenClaims claims = this.verifier.verify(token, this.key.publicKey());
		assertThat(claims.agentId()).isEqualTo("agent-1");
		assertThat(claims.kid()).isEqualTo(this.key.keyId());
		assertThat(claims.jti()).isEqualTo("j-1");
		assertThat(claims.expires()).isEqualTo(NOW.plusSeconds(60));
	}

	@Test
	void verifyWhenAudienceIsAnArrayContainingTheIssuerThenAccepts() throws Exception {
		Map<String, Object> claims = claims();
		claims.put("aud", List.of("other", ISSUER));
		assertThat(this.verifier.verify(CompactJws.sign(this.key, "JWT", claims), this.key.publicKey()).agentId())
			.isEqualTo("agent-1");
	}

	@Test
	void verifyWhenTheKidIsTheKeysIdAtAJwksProviderThenTheClaimsKidIsStillItsThumbprint() throws Exception {
		// a key brokered from a JWKS is named by its kid there, not by its thumbprint
		java.util.Base64.Encoder base64url = java.util.Base64.getUrlEncoder().withoutPadding();
		String header = base64url.encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"tap-1\"}"
			.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String payload = base64url.encodeToString(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims())
			.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String input = header + "." + payload;
		String token = input + "."
				+ base64url.encodeToString(this.key.sign(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		assertThat(ActorTokenVerifier.keyId(token)).isEqualTo("tap-1");
		assertThat(this.verifier.verify(token, this.key.publicKey(), "tap-1").kid()).isEqualTo(this.key.keyId());
		refused(() -> this.verifier.verify(token, this.key.publicKey()), "not the thumbprint");
		refused(() -> this.verifier.verify(token, this.key.publicKey(), "tap-2"), "not the given key's id");
	}

	@Test
	void verifyWhenSignedByAnotherKeyThenRefuses() {
		SigningKey other = newKey();
		String token = CompactJws.sign(other, "JWT", claims());
		refused(() -> this.verifier.verify(token, this.key.publicKey()), "not the thumbprint");
	}

	@Test
	void verifyWhenSignatureTamperedThenRefuses() {
		String token = CompactJws.sign(this.key, "JWT", claims());
		String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		refused(() -> this.verifier.verify(tampered, this.key.publicKey()), "does not verify");
	}

	@Test
	void verifyWhenClaimsAreWrongThenRefusesEachWithItsReason() {
		refusedWith("iss", "someone-else", "iss = sub");
		refusedWith("aud", "https://other/realms/x", "'aud' must be");
		refusedWith("exp", NOW.plusSeconds(61).getEpochSecond(), "at most 60 s");
		refusedWith("exp", NOW.minusSeconds(31).getEpochSecond(), "'exp' must be after");
		refusedWith("jti", null, "no 'jti'");
		refusedWith("iat", "now", "numeric 'iat'");
	}

	@Test
	void verifyWhenExpiredOrFutureThenRefuses() {
		Map<String, Object> expired = claims();
		expired.put("iat", NOW.minusSeconds(100).getEpochSecond());
		expired.put("exp", NOW.minusSeconds(45).getEpochSecond());
		refused(() -> this.verifier.verify(CompactJws.sign(this.key, "JWT", expired), this.key.publicKey()),
				"expired");
		Map<String, Object> future = claims();
		future.put("iat", NOW.plusSeconds(40).getEpochSecond());
		future.put("exp", NOW.plusSeconds(90).getEpochSecond());
		refused(() -> this.verifier.verify(CompactJws.sign(this.key, "JWT", future), this.key.publicKey()),
				"future");
	}

	@Test
	void keyIdWhenNotAJwsThenRefuses() {
		for (String bad : new String[] { "", "abc", "!!!.e30.x", "e30.e30.x" }) {
			refused(() -> ActorTokenVerifier.keyId(bad), "");
		}
	}

	private void refusedWith(String claim, Object value, String reason) {
		Map<String, Object> claims = claims();
		if (value == null) {
			claims.remove(claim);
		}
		else {
			claims.put(claim, value);
		}
		refused(() -> this.verifier.verify(CompactJws.sign(this.key, "JWT", claims), this.key.publicKey()), reason);
	}

	@Test
	void verifyWhenATimeClaimIsBeyondInstantThenActorTokenInvalid() {
		// found by DelegationFuzzTests#actorTokenIsVerifiedOrRefused: was a DateTimeException (a 500 in Keycloak)
		for (String name : List.of("iat", "exp")) {
			Map<String, Object> claims = claims();
			claims.put(name, 1e300);
			refused(() -> this.verifier.verify(CompactJws.sign(this.key, "JWT", claims), this.key.publicKey()),
					"is not a time");
		}
	}

	private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.ACTOR_TOKEN_INVALID))
			.withMessageContaining(reason);
	}

	private static Map<String, Object> claims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", "agent-1");
		claims.put("sub", "agent-1");
		claims.put("aud", ISSUER);
		claims.put("jti", "j-1");
		claims.put("iat", NOW.getEpochSecond());
		claims.put("exp", NOW.plusSeconds(60).getEpochSecond());
		return claims;
	}

	private static SigningKey newKey() {
		try {
			return SigningKey.from(TestKeys.ed25519());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
