package dev.agentauth.core.signature;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * RFC 9421 Appendix B.2 test vectors: signature bases character for character, the deterministic ed25519
 * signature byte for byte, and verification of the RSA-PSS and ECDSA signatures.
 */
class Rfc9421AppendixBTests {

	private static final Clock AT_CREATED = Clock.fixed(Instant.ofEpochSecond(Rfc9421TestVectors.CREATED),
			ZoneOffset.UTC);

	// the RFC examples have no tag, nonce or expires, use names, not thumbprints, as keyid, and are signed with
	// the published test keys of Appendix B.1, which a verifier refuses unless told otherwise
	private static final VerificationPolicy PERMISSIVE = VerificationPolicy.builder()
		.allowTestKeys(true)
		.tagRequired(false)
		.expiresRequired(false)
		.nonceRequiredForUnsafeMethods(false)
		.thumbprintKeyIdRequired(false)
		.componentsRequired(false)
		.build();

	private static SignatureParameters parameters(String example) throws Exception {
		return MessageSignature.parse(List.of(Rfc9421TestVectors.signatureInput(example)),
				List.of(Rfc9421TestVectors.signature(example)))
			.values()
			.iterator()
			.next()
			.parameters();
	}

	private static SimpleHttpRequest signed(String example) {
		return Rfc9421TestVectors.testRequest()
			.header("Signature-Input", Rfc9421TestVectors.signatureInput(example))
			.header("Signature", Rfc9421TestVectors.signature(example))
			.build();
	}

	@Test
	void signatureBaseWhenB21MinimalThenEqualsRfcText() throws Exception {
		assertThat(SignatureBase.of(Rfc9421TestVectors.testRequest().build(), parameters("b21")).text())
			.isEqualTo(Rfc9421TestVectors.signatureBase("b21"));
	}

	@Test
	void signatureBaseWhenB22SelectiveWithQueryParamThenEqualsRfcText() throws Exception {
		assertThat(SignatureBase.of(Rfc9421TestVectors.testRequest().build(), parameters("b22")).text())
			.isEqualTo(Rfc9421TestVectors.signatureBase("b22"));
	}

	@Test
	void signatureBaseWhenB23FullCoverageThenEqualsRfcText() throws Exception {
		assertThat(SignatureBase.of(Rfc9421TestVectors.testRequest().build(), parameters("b23")).text())
			.isEqualTo(Rfc9421TestVectors.signatureBase("b23"));
	}

	@Test
	void signatureBaseWhenB24ResponseThenEqualsRfcText() throws Exception {
		assertThat(SignatureBase.of(Rfc9421TestVectors.testResponse(), null, parameters("b24")).text())
			.isEqualTo(Rfc9421TestVectors.signatureBase("b24"));
	}

	@Test
	void signatureBaseWhenB26Ed25519ThenEqualsRfcText() throws Exception {
		assertThat(SignatureBase.of(Rfc9421TestVectors.testRequest().build(), parameters("b26")).text())
			.isEqualTo(Rfc9421TestVectors.signatureBase("b26"));
	}

	@Test
	void signatureInputWhenReserializedThenEqualsRfcText() throws Exception {
		for (String example : List.of("b21", "b22", "b23", "b24", "b26")) {
			Map<String, MessageSignature> parsed = MessageSignature.parse(
					List.of(Rfc9421TestVectors.signatureInput(example)), List.of(Rfc9421TestVectors.signature(example)));
			MessageSignature signature = parsed.values().iterator().next();
			assertThat(signature.signatureInputMember()).isEqualTo(Rfc9421TestVectors.signatureInput(example));
			assertThat(signature.signatureMember()).isEqualTo(Rfc9421TestVectors.signature(example));
		}
	}

	@Test
	void signWhenB26Ed25519ThenSignatureIsByteForByteTheRfcOne() throws Exception {
		RequestSigner signer = new RequestSigner(SigningKey.from(Rfc9421TestVectors.ed25519PrivateJwk()));
		SignatureParameters parameters = SignatureParameters.builder()
			.components(CoveredComponent.of("date"), CoveredComponent.METHOD, CoveredComponent.PATH,
					CoveredComponent.AUTHORITY, CoveredComponent.of("content-type"), CoveredComponent.of("content-length"))
			.created(Instant.ofEpochSecond(Rfc9421TestVectors.CREATED))
			.keyId("test-key-ed25519")
			.build();

		MessageSignature signature = signer.sign(Rfc9421TestVectors.testRequest().build(), parameters, "sig-b26");

		assertThat(signature.signature()).isEqualTo(Rfc9421TestVectors.signatureBytes("b26"));
		assertThat(signature.signatureInputMember()).isEqualTo(Rfc9421TestVectors.signatureInput("b26"));
		assertThat(signature.signatureMember()).isEqualTo(Rfc9421TestVectors.signature("b26"));
	}

	@Test
	void verifyWhenB26Ed25519ThenValid() throws Exception {
		VerificationKey key = VerificationKey.of(
				Rfc9421TestVectors.registered(Rfc9421TestVectors.ed25519PrivateJwk().toPublicJWK()).key());
		byte[] base = Rfc9421TestVectors.signatureBase("b26").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		assertThat(key.verify(base, Rfc9421TestVectors.signatureBytes("b26"))).isTrue();
	}

	@Test
	void verifyWhenB21ToB23RsaPssThenValid() throws Exception {
		VerificationKey key = VerificationKey.of(Rfc9421TestVectors.registered(Rfc9421TestVectors.rsaPssPublicJwk()).key());
		for (String example : List.of("b21", "b22", "b23")) {
			byte[] base = Rfc9421TestVectors.signatureBase(example).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			assertThat(key.verify(base, Rfc9421TestVectors.signatureBytes(example))).as(example).isTrue();
		}
	}

	@Test
	void verifyWhenB24EcdsaP256ThenValid() throws Exception {
		VerificationKey key = VerificationKey.of(Rfc9421TestVectors.registered(Rfc9421TestVectors.eccP256PublicJwk()).key());
		byte[] base = Rfc9421TestVectors.signatureBase("b24").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		assertThat(key.verify(base, Rfc9421TestVectors.signatureBytes("b24"))).isTrue();
	}

	@Test
	void verifyWhenB24BaseAlteredThenInvalid() throws Exception {
		VerificationKey key = VerificationKey.of(Rfc9421TestVectors.registered(Rfc9421TestVectors.eccP256PublicJwk()).key());
		byte[] base = Rfc9421TestVectors.signatureBase("b24").replace("200", "201")
			.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		assertThat(key.verify(base, Rfc9421TestVectors.signatureBytes("b24"))).isFalse();
	}

	@Test
	void verifierWhenRfcRequestsAndPermissivePolicyThenAccepts() throws Exception {
		Map<String, RegisteredKey> keys = Map.of("test-key-ed25519",
				Rfc9421TestVectors.registered(Rfc9421TestVectors.ed25519PrivateJwk().toPublicJWK()), "test-key-rsa-pss",
				Rfc9421TestVectors.registered(Rfc9421TestVectors.rsaPssPublicJwk()));
		RequestSignatureVerifier verifier = new RequestSignatureVerifier(PERMISSIVE, keys::get,
				new InMemoryNonceStore(100, 100, AT_CREATED), AT_CREATED);
		byte[] body = Rfc9421TestVectors.BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		for (String example : List.of("b21", "b22", "b23", "b26")) {
			VerifiedSignature verified = verifier.verify(signed(example), body);
			assertThat(verified.label()).isEqualTo("sig-" + example);
			assertThat(verified.agentId()).isEqualTo("rfc9421-agent");
		}
	}

	@Test
	void verifierWhenRfcRequestUnderDefaultPolicyThenRefused() throws Exception {
		RequestSignatureVerifier verifier = new RequestSignatureVerifier(VerificationPolicy.defaults(),
				(keyId) -> Rfc9421TestVectors.registered(Rfc9421TestVectors.ed25519PrivateJwk().toPublicJWK()),
				new InMemoryNonceStore(100, 100, AT_CREATED), AT_CREATED);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> verifier.verify(signed("b26"), Rfc9421TestVectors.BODY.getBytes()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MALFORMED));
	}

	@Test
	void verifierWhenRfcRequestAndTestKeysNotAllowedThenTestKeyRefused() throws Exception {
		// RFC 9421 Appendix B.1: the keys "MUST NOT be used for any purpose other than testing"
		VerificationPolicy refusingTestKeys = PERMISSIVE.toBuilder().allowTestKeys(false).build();
		RequestSignatureVerifier verifier = new RequestSignatureVerifier(refusingTestKeys,
				(keyId) -> Rfc9421TestVectors.registered(Rfc9421TestVectors.ed25519PrivateJwk().toPublicJWK()),
				new InMemoryNonceStore(100, 100, AT_CREATED), AT_CREATED);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> verifier.verify(signed("b26"), Rfc9421TestVectors.BODY.getBytes()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.TEST_KEY_NOT_ALLOWED));
	}

	@Test
	void verifierWhenB23BodyChangedThenDigestMismatch() throws Exception {
		RequestSignatureVerifier verifier = new RequestSignatureVerifier(PERMISSIVE,
				(keyId) -> Rfc9421TestVectors.registered(Rfc9421TestVectors.rsaPssPublicJwk()),
				new InMemoryNonceStore(100, 100, AT_CREATED), AT_CREATED);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> verifier.verify(signed("b23"), "{\"hello\": \"world!\"}".getBytes()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MISMATCH));
	}

	@Test
	void signWhenEcdsaP256ThenRawRAndSVerify() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		SigningKey signingKey = SigningKey.from(key);
		byte[] message = "signature base".getBytes();
		byte[] signature = signingKey.sign(message);
		assertThat(signature).hasSize(64);
		assertThat(VerificationKey.of(signingKey.publicKey()).verify(message, signature)).isTrue();
		assertThat(signingKey.sign(message)).as("RFC 6979 deterministic").isEqualTo(signature);
	}

	@Test
	void signWhenRsaPssThenVerifies() throws Exception {
		com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
		SigningKey signingKey = SigningKey.from(key);
		byte[] message = "signature base".getBytes();
		assertThat(VerificationKey.of(signingKey.publicKey()).verify(message, signingKey.sign(message))).isTrue();
	}

}
