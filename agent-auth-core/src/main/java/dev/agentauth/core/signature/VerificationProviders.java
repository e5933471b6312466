package dev.agentauth.core.signature;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.key.SignatureAlgorithm;

/**
 * The verifier implementation chosen for each {@link SignatureAlgorithm}.
 * <p>
 * BouncyCastle (pure Java) is always there. The Amazon Corretto Crypto Provider
 * ({@code software.amazon.cryptools:AmazonCorrettoCryptoProvider}, AWS-LC natives inside the jar, Linux x86_64
 * and aarch64) verifies Ed25519 about twice as fast; it is an optional dependency, found by reflection and
 * used only through {@link Signature#getInstance(String, Provider)} with the provider passed explicitly. It is
 * never installed as a JVM-wide provider, so TLS, random numbers and everything else keep their own. RSASSA-PSS
 * stays with the JDK, whose RSA is already native-speed (BigInteger intrinsics).
 * <p>
 * On JDK 24 and newer, ACCP's natives need {@code --enable-native-access=ALL-UNNAMED} to load without a warning.
 *
 * @since 0.1.0
 */
public final class VerificationProviders {

	static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

	// X.509 SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }
	private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private static final String BOUNCYCASTLE = "BouncyCastle";

	private static final String JDK_RSA = "JDK (SunRsaSign)";

	private static volatile @Nullable VerificationProviders defaults;

	private final @Nullable Provider accp;

	private final String accpStatus;

	private final @Nullable ThreadLocal<Signature> ed25519;

	private final @Nullable ThreadLocal<Signature> ecdsaP256;

	private VerificationProviders(@Nullable Provider accp, String accpStatus) {
		this.accp = accp;
		this.accpStatus = accpStatus;
		this.ed25519 = (accp != null) ? ThreadLocal.withInitial(() -> signature("Ed25519", accp)) : null;
		this.ecdsaP256 = (accp != null)
				? ThreadLocal.withInitial(() -> signature("SHA256withECDSAinP1363Format", accp)) : null;
	}

	/**
	 * Chooses the verifiers for {@code requested}.
	 * @throws IllegalStateException when {@link CryptoProvider#ACCP} is requested and the provider is not on the
	 * class path or cannot be used; the message says why
	 */
	public static VerificationProviders select(CryptoProvider requested) {
		Objects.requireNonNull(requested, "requested cannot be null");
		if (requested == CryptoProvider.BOUNCYCASTLE) {
			return new VerificationProviders(null, "not used (BouncyCastle requested)");
		}
		Provider accp = null;
		String status;
		try {
			accp = loadAccp();
			status = accp.getName() + " " + accp.getVersionStr();
		}
		catch (ReflectiveOperationException | LinkageError | GeneralSecurityException | RuntimeException ex) {
			status = "unavailable: " + describe(ex);
			if (requested == CryptoProvider.ACCP) {
				throw new IllegalStateException("The Amazon Corretto Crypto Provider was requested but cannot be used ("
						+ describe(ex) + "); add software.amazon.cryptools:AmazonCorrettoCryptoProvider (classifier "
						+ "linux-x86_64 or linux-aarch_64) or choose bouncycastle", ex);
			}
		}
		return new VerificationProviders(accp, status);
	}

	/** {@link CryptoProvider#AUTO}, chosen once per JVM. */
	public static VerificationProviders defaults() {
		VerificationProviders result = defaults;
		if (result == null) {
			result = select(CryptoProvider.AUTO);
			defaults = result;
		}
		return result;
	}

	/** Whether the Amazon Corretto Crypto Provider verifies Ed25519 and ECDSA P-256. */
	public boolean isNative() {
		return this.accp != null;
	}

	/** The Amazon Corretto Crypto Provider's name and version, or why it is not used. */
	public String nativeStatus() {
		return this.accpStatus;
	}

	/** Which implementation verifies each algorithm, for logs and health details. */
	public Map<SignatureAlgorithm, String> byAlgorithm() {
		Map<SignatureAlgorithm, String> result = new EnumMap<>(SignatureAlgorithm.class);
		String fast = (this.accp != null) ? this.accp.getName() + " " + this.accp.getVersionStr() : BOUNCYCASTLE;
		result.put(SignatureAlgorithm.ED25519, fast);
		result.put(SignatureAlgorithm.ECDSA_P256_SHA256, fast);
		result.put(SignatureAlgorithm.RSA_PSS_SHA512, JDK_RSA);
		return result;
	}

	@Override
	public String toString() {
		return "VerificationProviders" + byAlgorithm();
	}

	static PublicKey ed25519PublicKey(byte[] raw) throws GeneralSecurityException {
		byte[] encoded = new byte[ED25519_SPKI_PREFIX.length + raw.length];
		System.arraycopy(ED25519_SPKI_PREFIX, 0, encoded, 0, ED25519_SPKI_PREFIX.length);
		System.arraycopy(raw, 0, encoded, ED25519_SPKI_PREFIX.length, raw.length);
		// the JDK's key factory: ACCP has an Ed25519 Signature but no Ed25519 KeyFactory, and takes the JDK's keys
		return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
	}

	/** A per-thread native verifier, or {@code null} when the algorithm is verified by BouncyCastle or the JDK. */
	@Nullable Signature nativeVerifier(SignatureAlgorithm algorithm) {
		return switch (algorithm) {
			case ED25519 -> (this.ed25519 != null) ? this.ed25519.get() : null;
			case ECDSA_P256_SHA256 -> (this.ecdsaP256 != null) ? this.ecdsaP256.get() : null;
			case RSA_PSS_SHA512 -> null;
		};
	}

	private static Provider loadAccp() throws ReflectiveOperationException, GeneralSecurityException {
		Class<?> type = Class.forName(ACCP_CLASS, true, VerificationProviders.class.getClassLoader());
		Provider provider = (Provider) type.getField("INSTANCE").get(null);
		Object loadingError = type.getMethod("getLoadingError").invoke(provider);
		if (loadingError instanceof Throwable error) {
			throw new IllegalStateException("its natives did not load: " + describe(error), error);
		}
		selfTest(provider);
		return provider;
	}

	// RFC 8032 §7.1 TEST 1 (empty message): a provider that loads but verifies wrongly is not used
	private static void selfTest(Provider provider) throws GeneralSecurityException {
		HexFormat hex = HexFormat.of();
		PublicKey key = ed25519PublicKey(hex.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
		byte[] signature = hex.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
				+ "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
		Signature verifier = Signature.getInstance("Ed25519", provider);
		verifier.initVerify(key);
		boolean valid = verifier.verify(signature);
		verifier.initVerify(key);
		verifier.update((byte) 0);
		if (!valid || verifier.verify(signature)) {
			throw new IllegalStateException("its Ed25519 self-test (RFC 8032 §7.1 test 1) failed");
		}
	}

	private static Signature signature(String algorithm, Provider provider) {
		try {
			return Signature.getInstance(algorithm, provider);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(provider.getName() + " has no " + algorithm, ex);
		}
	}

	private static String describe(Throwable ex) {
		Throwable cause = (ex instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null)
				? ite.getCause() : ex;
		if (cause instanceof ClassNotFoundException) {
			return "not on the class path";
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}
