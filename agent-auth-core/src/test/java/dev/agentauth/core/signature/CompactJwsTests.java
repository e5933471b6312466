package dev.agentauth.core.signature;

import java.util.Map;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CompactJwsTests {

	@Test
	void signThenVerifyReturnsTheClaims() throws Exception {
		SigningKey key = SigningKey.from(TestKeys.ed25519());
		String jws = CompactJws.sign(key, "JWT", Map.of("sub", "agent-1"));
		assertThat(CompactJws.verify(jws, key.publicKey())).containsEntry("sub", "agent-1");
	}

	@Test
	void es256OutputIsAStandardJwsThatNimbusVerifies() throws Exception {
		// RFC 7518 §3.4: ES256 signatures are r || s, the same bytes RFC 9421 ecdsa-p256-sha256 produces
		ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
		String jws = CompactJws.sign(SigningKey.from(ec), null, Map.of("sub", "agent-1"));
		assertThat(JWSObject.parse(jws).verify(new ECDSAVerifier(ec.toECPublicKey()))).isTrue();
	}

	@Test
	void verifyWhenSignedByAnotherKeyThenThrowsJwsInvalid() throws Exception {
		String jws = CompactJws.sign(SigningKey.from(TestKeys.ed25519()), "JWT", Map.of("sub", "a"));
		SigningKey other = SigningKey.from(TestKeys.ed25519());
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> CompactJws.verify(jws, other.publicKey()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.JWS_INVALID));
	}

	@Test
	void verifyWhenAlgContradictsTheKeyThenThrowsJwsInvalid() throws Exception {
		SigningKey key = SigningKey.from(TestKeys.ed25519());
		String jws = CompactJws.sign(key, "JWT", Map.of("sub", "a"));
		String noneHeader = java.util.Base64.getUrlEncoder().withoutPadding()
			.encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String forged = noneHeader + jws.substring(jws.indexOf('.'));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> CompactJws.verify(forged, key.publicKey()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.JWS_INVALID));
	}

	@Test
	void verifyWhenNotACompactJwsThenThrowsJwsMalformed() throws Exception {
		SigningKey key = SigningKey.from(TestKeys.ed25519());
		for (String bad : new String[] { "", "a.b", "a..c", "!!.!!.!!", "e30.e30" }) {
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> CompactJws.verify(bad, key.publicKey()))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.JWS_MALFORMED));
		}
	}

	@Test
	void parseWhenUnsecuredJwsThenReturnsHeaderClaimsAndAnEmptySignature() throws Exception {
		// RFC 7519 §6.1: the example unsecured JWT
		String unsecured = "eyJhbGciOiJub25lIn0"
				+ ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";
		CompactJws.Parsed parsed = CompactJws.parse(unsecured);
		assertThat(parsed.algorithm()).isEqualTo("none");
		assertThat(parsed.claims()).containsEntry("iss", "joe");
		assertThat(parsed.signature()).isEmpty();
		assertThat(new String(parsed.signingInput(), java.nio.charset.StandardCharsets.US_ASCII))
			.isEqualTo(unsecured.substring(0, unsecured.length() - 1));
	}

	@Test
	void parseWhenSignedThenSigningInputAndSignatureAreTheSignedOnes() throws Exception {
		SigningKey key = SigningKey.from(TestKeys.ed25519());
		String jws = CompactJws.sign(key, "test+jwt", Map.of("n", 1));
		CompactJws.Parsed parsed = CompactJws.parse(jws);
		assertThat(parsed.type()).isEqualTo("test+jwt");
		assertThat(parsed.header()).containsEntry("kid", key.keyId());
		assertThat(VerificationKey.of(key.publicKey()).verify(parsed.signingInput(), parsed.signature())).isTrue();
	}

	@Test
	void parseWhenNotThreePartsOrNotJsonThenThrowsJwsMalformed() {
		for (String bad : new String[] { "", "a.b", ".e30.", "e30..", "e30.e30.x.y", "!!.!!.", "MQ.e30.", "e30" }) {
			assertThatExceptionOfType(AgentAuthException.class).as(bad).isThrownBy(() -> CompactJws.parse(bad))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.JWS_MALFORMED));
		}
	}

}
