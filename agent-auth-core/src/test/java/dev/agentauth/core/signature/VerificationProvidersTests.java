package dev.agentauth.core.signature;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.SignatureAlgorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every algorithm verified the same way by BouncyCastle and by the Amazon Corretto Crypto Provider (on this
 * module's test class path): the RFC 9421 Appendix B and RFC 8037 Appendix A.4 vectors verify, altered messages
 * and signatures are refused, and without the provider AUTO falls back while ACCP refuses to start.
 */
class VerificationProvidersTests {

	static Stream<VerificationProviders> providers() {
		return Stream.of(VerificationProviders.select(CryptoProvider.BOUNCYCASTLE),
				VerificationProviders.select(CryptoProvider.ACCP));
	}

	@Test
	void selectWhenAccpOnClassPathThenAutoVerifiesEd25519AndP256Natively() {
		VerificationProviders auto = VerificationProviders.select(CryptoProvider.AUTO);
		assertThat(auto.isNative()).isTrue();
		assertThat(auto.nativeStatus()).startsWith("AmazonCorrettoCryptoProvider 2.");
		assertThat(auto.byAlgorithm().get(SignatureAlgorithm.ED25519)).startsWith("AmazonCorrettoCryptoProvider");
		assertThat(auto.byAlgorithm().get(SignatureAlgorithm.ECDSA_P256_SHA256)).startsWith("AmazonCorrettoCryptoProvider");
		assertThat(auto.byAlgorithm().get(SignatureAlgorithm.RSA_PSS_SHA512)).startsWith("JDK");
	}

	@Test
	void selectWhenBouncyCastleThenNothingNative() {
		VerificationProviders bc = VerificationProviders.select(CryptoProvider.BOUNCYCASTLE);
		assertThat(bc.isNative()).isFalse();
		assertThat(bc.byAlgorithm().values()).containsOnly("BouncyCastle", "JDK (SunRsaSign)");
		assertThat(bc.nativeVerifier(SignatureAlgorithm.ED25519)).isNull();
	}

	@ParameterizedTest
	@MethodSource("providers")
	void verifyWhenRfc9421B26Ed25519ThenValidAndAlteredInvalid(VerificationProviders providers) throws Exception {
		VerificationKey key = VerificationKey.of(
				Rfc9421TestVectors.registered(Rfc9421TestVectors.ed25519PrivateJwk().toPublicJWK()).key(), providers);
		byte[] base = Rfc9421TestVectors.signatureBase("b26").getBytes(StandardCharsets.US_ASCII);
		byte[] signature = Rfc9421TestVectors.signatureBytes("b26");
		assertThat(key.verify(base, signature)).isTrue();
		assertRefusesAlterations(key, base, signature);
	}

	@ParameterizedTest
	@MethodSource("providers")
	void verifyWhenRfc9421B24EcdsaP256ThenValidAndAlteredInvalid(VerificationProviders providers) throws Exception {
		VerificationKey key = VerificationKey.of(
				Rfc9421TestVectors.registered(Rfc9421TestVectors.eccP256PublicJwk()).key(), providers);
		byte[] base = Rfc9421TestVectors.signatureBase("b24").getBytes(StandardCharsets.US_ASCII);
		byte[] signature = Rfc9421TestVectors.signatureBytes("b24");
		assertThat(key.verify(base, signature)).isTrue();
		assertRefusesAlterations(key, base, signature);
	}

	@ParameterizedTest
	@MethodSource("providers")
	void verifyWhenRfc9421B21RsaPssThenValid(VerificationProviders providers) throws Exception {
		VerificationKey key = VerificationKey.of(
				Rfc9421TestVectors.registered(Rfc9421TestVectors.rsaPssPublicJwk()).key(), providers);
		byte[] base = Rfc9421TestVectors.signatureBase("b21").getBytes(StandardCharsets.US_ASCII);
		assertThat(key.verify(base, Rfc9421TestVectors.signatureBytes("b21"))).isTrue();
		assertThat(key.verify(Arrays.copyOf(base, base.length - 1), Rfc9421TestVectors.signatureBytes("b21"))).isFalse();
	}

	// RFC 8037 Appendix A.4: the JWS {"alg":"EdDSA"} over "Example of Ed25519 signing" with the key of A.1
	@ParameterizedTest
	@MethodSource("providers")
	void verifyWhenRfc8037A4Ed25519JwsThenValid(VerificationProviders providers) throws Exception {
		OctetKeyPair publicJwk = new OctetKeyPair.Builder(Curve.Ed25519,
				new Base64URL("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")).build();
		VerificationKey key = VerificationKey.of(AgentKey.from(publicJwk), providers);
		byte[] signingInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
			.getBytes(StandardCharsets.US_ASCII);
		byte[] signature = new Base64URL(
				"hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg").decode();
		assertThat(key.verify(signingInput, signature)).isTrue();
		assertRefusesAlterations(key, signingInput, signature);
	}

	@ParameterizedTest
	@MethodSource("providers")
	void verifyWhenFreshKeysThenBothProvidersAgreeAcrossThreads(VerificationProviders providers) throws Exception {
		for (SigningKey signer : List.of(SigningKey.from(TestKeys.ed25519()),
				SigningKey.from(new ECKeyGenerator(Curve.P_256).generate()))) {
			VerificationKey key = VerificationKey.of(signer.publicKey(), providers);
			byte[] message = ("a message for " + signer.keyId()).getBytes(StandardCharsets.UTF_8);
			byte[] signature = signer.sign(message);
			// the native verifiers are reused per thread: another thread gets its own
			Thread other = Thread.ofPlatform().start(() -> assertThat(key.verify(message, signature)).isTrue());
			assertThat(key.verify(message, signature)).isTrue();
			other.join();
			assertRefusesAlterations(key, message, signature);
		}
	}

	@Test
	void selectWhenAccpMissingThenAutoFallsBackAndAccpFailsWithReason() throws Exception {
		// the same classes in a loader that cannot see the provider's jar
		URL[] classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			.filter((entry) -> !entry.contains("AmazonCorrettoCryptoProvider"))
			.map((entry) -> {
				try {
					return Path.of(entry).toUri().toURL();
				}
				catch (java.net.MalformedURLException ex) {
					throw new IllegalStateException(ex);
				}
			})
			.toArray(URL[]::new);
		try (URLClassLoader loader = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
			Class<?> type = loader.loadClass(VerificationProviders.class.getName());
			Class<?> requested = loader.loadClass(CryptoProvider.class.getName());
			Method select = type.getMethod("select", requested);
			Object auto = select.invoke(null, requested.getField("AUTO").get(null));
			assertThat(type.getMethod("isNative").invoke(auto)).isEqualTo(false);
			assertThat(type.getMethod("nativeStatus").invoke(auto)).isEqualTo("unavailable: not on the class path");
			assertThatIllegalStateException().isThrownBy(() -> {
				try {
					select.invoke(null, requested.getField("ACCP").get(null));
				}
				catch (InvocationTargetException ex) {
					throw (RuntimeException) ex.getCause();
				}
			}).withMessageContaining("not on the class path").withMessageContaining("choose bouncycastle");
		}
	}

	private static void assertRefusesAlterations(VerificationKey key, byte[] message, byte[] signature) {
		byte[] alteredMessage = message.clone();
		alteredMessage[0] ^= 1;
		assertThat(key.verify(alteredMessage, signature)).isFalse();
		byte[] alteredSignature = signature.clone();
		alteredSignature[5] ^= 1;
		assertThat(key.verify(message, alteredSignature)).isFalse();
		assertThat(key.verify(message, Arrays.copyOf(signature, signature.length - 1))).isFalse();
		assertThat(key.verify(message, new byte[0])).isFalse();
	}

}
