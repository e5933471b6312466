package dev.agentauth.core.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.SignatureAlgorithm;

/**
 * An agent's private key, ready to produce RFC 9421 signatures: {@code ed25519} and {@code ecdsa-p256-sha256}
 * with the BouncyCastle lightweight API (ECDSA with deterministic RFC 6979 nonces, output {@code r || s}),
 * {@code rsa-pss-sha512} with the JDK. Thread-safe. {@link #toString()} never shows private material.
 *
 * @since 0.1.0
 */
public final class SigningKey {

	private final AgentKey publicKey;

	private final Object privateKey;

	private SigningKey(AgentKey publicKey, Object privateKey) {
		this.publicKey = publicKey;
		this.privateKey = privateKey;
	}

	/**
	 * Creates a signing key from a private JWK (OKP Ed25519, EC P-256, or RSA of 2048 bits or more).
	 * @throws AgentAuthException {@code key_malformed} if the JWK has no private part, or any error of
	 * {@link AgentKey#from(JWK)} for its public part
	 */
	public static SigningKey from(JWK privateJwk) throws AgentAuthException {
		Objects.requireNonNull(privateJwk, "privateJwk cannot be null");
		if (!privateJwk.isPrivate()) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The JWK has no private key");
		}
		JWK publicJwk = privateJwk.toPublicJWK();
		if (publicJwk == null) {
			// a symmetric (oct) JWK has no public part: HMAC is never an agent key
			throw new AgentAuthException(ErrorCode.KEY_UNSUPPORTED, "The JWK is not an asymmetric key");
		}
		if (publicJwk.getKeyID() != null) {
			// the kid is checked against the thumbprint by AgentKey; a private JWK may carry any label
			publicJwk = stripKeyId(publicJwk);
		}
		AgentKey publicKey = AgentKey.from(publicJwk);
		try {
			Object privateKey = switch (publicKey.algorithm()) {
				case ED25519 -> new Ed25519PrivateKeyParameters(((OctetKeyPair) privateJwk).getDecodedD(), 0);
				case ECDSA_P256_SHA256 -> new ECPrivateKeyParameters(((ECKey) privateJwk).getD().decodeToBigInteger(),
						EcdsaP256.DOMAIN);
				case RSA_PSS_SHA512 -> ((RSAKey) privateJwk).toPrivateKey();
			};
			return new SigningKey(publicKey, privateKey);
		}
		catch (JOSEException | RuntimeException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The private JWK cannot be used");
		}
	}

	private static JWK stripKeyId(JWK jwk) {
		if (jwk instanceof OctetKeyPair okp) {
			return new OctetKeyPair.Builder(okp).keyID(null).build();
		}
		if (jwk instanceof ECKey ec) {
			return new ECKey.Builder(ec).keyID(null).build();
		}
		if (jwk instanceof RSAKey rsa) {
			return new RSAKey.Builder(rsa).keyID(null).build();
		}
		return jwk;
	}

	/** The public half; its thumbprint is the {@code keyid}. */
	public AgentKey publicKey() {
		return this.publicKey;
	}

	/** The RFC 7638 thumbprint of the public key, used as {@code keyid}. */
	public String keyId() {
		return this.publicKey.thumbprint();
	}

	/** The one algorithm this key signs with. */
	public SignatureAlgorithm algorithm() {
		return this.publicKey.algorithm();
	}

	/**
	 * Signs {@code message} (a signature base) per RFC 9421 §3.3.
	 * @throws IllegalStateException if the JDK cannot produce an RSASSA-PSS signature
	 */
	public byte[] sign(byte[] message) {
		Objects.requireNonNull(message, "message cannot be null");
		switch (this.publicKey.algorithm()) {
			case ED25519 -> {
				Ed25519Signer signer = new Ed25519Signer();
				signer.init(true, (Ed25519PrivateKeyParameters) this.privateKey);
				signer.update(message, 0, message.length);
				return signer.generateSignature();
			}
			case ECDSA_P256_SHA256 -> {
				ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
				signer.init(true, (ECPrivateKeyParameters) this.privateKey);
				BigInteger[] rs = signer.generateSignature(VerificationKey.sha256(message));
				byte[] out = new byte[64];
				BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
				BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
				return out;
			}
			case RSA_PSS_SHA512 -> {
				try {
					Signature signer = Signature.getInstance("RSASSA-PSS");
					signer.setParameter(RsaPss.PARAMETERS);
					signer.initSign((PrivateKey) this.privateKey);
					signer.update(message);
					return signer.sign();
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("RSASSA-PSS signing failed", ex);
				}
			}
			default -> throw new IllegalStateException("Unsupported algorithm");
		}
	}

	@Override
	public String toString() {
		return "SigningKey[" + this.publicKey.algorithm() + ", " + keyId() + "]";
	}

}
