package dev.agentauth.core.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.SignatureAlgorithm;

/**
 * A public key decoded once into the form its verifier needs: BouncyCastle lightweight parameters for Ed25519
 * and ECDSA P-256, a JDK key for RSASSA-PSS, and a JCA key for the native verifiers when
 * {@link VerificationProviders} has them. Thread-safe: BouncyCastle and JDK verifier objects are created per
 * call, native ones are reused per thread.
 */
final class VerificationKey {

	private final SignatureAlgorithm algorithm;

	private final Object key;

	private final VerificationProviders providers;

	// the same key for the native verifier, when there is one for this algorithm
	private final @Nullable PublicKey nativeKey;

	private VerificationKey(SignatureAlgorithm algorithm, Object key, VerificationProviders providers,
			@Nullable PublicKey nativeKey) {
		this.algorithm = algorithm;
		this.key = key;
		this.providers = providers;
		this.nativeKey = nativeKey;
	}

	static VerificationKey of(AgentKey agentKey) throws AgentAuthException {
		return of(agentKey, VerificationProviders.defaults());
	}

	static VerificationKey of(AgentKey agentKey, VerificationProviders providers) throws AgentAuthException {
		boolean useNative = providers.isNative();
		try {
			return switch (agentKey.algorithm()) {
				case ED25519 -> {
					byte[] x = ((OctetKeyPair) agentKey.jwk()).getDecodedX();
					yield new VerificationKey(SignatureAlgorithm.ED25519, new Ed25519PublicKeyParameters(x, 0), providers,
							useNative ? VerificationProviders.ed25519PublicKey(x) : null);
				}
				case ECDSA_P256_SHA256 -> {
					ECKey ec = (ECKey) agentKey.jwk();
					// BouncyCastle checks the point is on the curve for both paths
					ECPoint point = EcdsaP256.DOMAIN.getCurve()
						.validatePoint(ec.getX().decodeToBigInteger(), ec.getY().decodeToBigInteger());
					yield new VerificationKey(SignatureAlgorithm.ECDSA_P256_SHA256,
							new ECPublicKeyParameters(point, EcdsaP256.DOMAIN), providers,
							useNative ? ec.toECPublicKey() : null);
				}
				case RSA_PSS_SHA512 -> new VerificationKey(SignatureAlgorithm.RSA_PSS_SHA512,
						((RSAKey) agentKey.jwk()).toRSAPublicKey(), providers, null);
			};
		}
		catch (JOSEException | GeneralSecurityException | RuntimeException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The registered public key cannot be used");
		}
	}

	SignatureAlgorithm algorithm() {
		return this.algorithm;
	}

	boolean verify(byte[] message, byte[] signature) {
		try {
			Signature nativeVerifier = (this.nativeKey != null) ? this.providers.nativeVerifier(this.algorithm) : null;
			if (nativeVerifier != null) {
				// same length checks as below: RFC 8032 and RFC 9421 §3.3.4 fix the sizes
				if (signature.length != 64) {
					return false;
				}
				nativeVerifier.initVerify(this.nativeKey);
				nativeVerifier.update(message);
				return nativeVerifier.verify(signature);
			}
			return switch (this.algorithm) {
				case ED25519 -> {
					if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
						yield false;
					}
					// pure Ed25519 (RFC 8032 §5.1.7) straight on the message, as Ed25519Signer does after buffering a copy
					yield ((Ed25519PublicKeyParameters) this.key).verify(Ed25519.Algorithm.Ed25519, null, message, 0,
							message.length, signature, 0);
				}
				case ECDSA_P256_SHA256 -> {
					// RFC 9421 §3.3.4: the signature is r || s, 32 bytes each
					if (signature.length != 64) {
						yield false;
					}
					BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
					BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
					ECDSASigner verifier = new ECDSASigner();
					verifier.init(false, (ECPublicKeyParameters) this.key);
					yield verifier.verifySignature(sha256(message), r, s);
				}
				case RSA_PSS_SHA512 -> {
					Signature verifier = Signature.getInstance("RSASSA-PSS");
					verifier.setParameter(RsaPss.PARAMETERS);
					verifier.initVerify((RSAPublicKey) this.key);
					verifier.update(message);
					yield verifier.verify(signature);
				}
			};
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	static byte[] sha256(byte[] message) {
		SHA256Digest digest = new SHA256Digest();
		digest.update(message, 0, message.length);
		byte[] out = new byte[32];
		digest.doFinal(out, 0);
		return out;
	}

}
