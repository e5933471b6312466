package dev.agentauth.client;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Objects;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.signature.SigningKey;

/**
 * An agent's key pair: the private key that signs requests and the public JWK that is registered with the
 * Agent Auth registry (its RFC 7638 thumbprint is the {@code keyid}). Generated fresh
 * ({@link #generateEd25519()}) or loaded from a private JWK or a PKCS#8 PEM file. Immutable; never prints
 * private material.
 *
 * @since 0.1.0
 */
public final class AgentKeyPair {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JWK privateJwk;

	private final SigningKey signingKey;

	private AgentKeyPair(JWK privateJwk, SigningKey signingKey) {
		this.privateJwk = privateJwk;
		this.signingKey = signingKey;
	}

	/** A new Ed25519 key pair (the default algorithm). */
	public static AgentKeyPair generateEd25519() {
		Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RANDOM);
		OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(key.generatePublicKey().getEncoded()))
			.d(Base64URL.encode(key.getEncoded()))
			.build();
		try {
			return fromJwk(jwk);
		}
		catch (AgentAuthException ex) {
			throw new IllegalStateException("A generated key was refused", ex);
		}
	}

	/**
	 * From a private JWK (OKP Ed25519, EC P-256, or RSA of 2048 bits or more).
	 * @throws AgentAuthException {@code key_malformed}, {@code key_unsupported}, {@code key_too_small}
	 */
	public static AgentKeyPair fromJwk(JWK privateJwk) throws AgentAuthException {
		Objects.requireNonNull(privateJwk, "privateJwk cannot be null");
		SigningKey signingKey = SigningKey.from(privateJwk);
		return new AgentKeyPair(privateJwk, signingKey);
	}

	/**
	 * From the JSON text of a private JWK.
	 * @throws AgentAuthException see {@link #fromJwk(JWK)}
	 */
	public static AgentKeyPair fromJwkJson(String json) throws AgentAuthException {
		Objects.requireNonNull(json, "json cannot be null");
		try {
			return fromJwk(JWK.parse(json));
		}
		catch (ParseException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The file is not a JWK");
		}
	}

	/**
	 * From an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) holding an Ed25519, P-256 or RSA key.
	 * @throws AgentAuthException {@code key_malformed} or {@code key_unsupported}
	 */
	public static AgentKeyPair fromPkcs8Pem(String pem) throws AgentAuthException {
		Objects.requireNonNull(pem, "pem cannot be null");
		String trimmed = pem.strip();
		if (!trimmed.startsWith("-----BEGIN PRIVATE KEY-----") || !trimmed.endsWith("-----END PRIVATE KEY-----")) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "Expected an unencrypted PKCS#8 PEM private key");
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder().decode(trimmed.substring(27, trimmed.length() - 25));
		}
		catch (IllegalArgumentException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The PEM body is not base64");
		}
		return fromJwk(toJwk(privateKey(der)));
	}

	/**
	 * Loads a key file: a PKCS#8 PEM if it starts with {@code -----BEGIN}, else a private JWK.
	 * @throws IOException if the file cannot be read
	 * @throws AgentAuthException if its content is not a usable private key
	 */
	public static AgentKeyPair load(Path file) throws IOException, AgentAuthException {
		String text = Files.readString(Objects.requireNonNull(file, "file cannot be null"), StandardCharsets.UTF_8);
		return text.stripLeading().startsWith("-----BEGIN") ? fromPkcs8Pem(text) : fromJwkJson(text);
	}

	private static PrivateKey privateKey(byte[] der) throws AgentAuthException {
		for (String algorithm : new String[] { "Ed25519", "EC", "RSA" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
			}
			catch (GeneralSecurityException ex) {
				// try the next algorithm
			}
		}
		throw new AgentAuthException(ErrorCode.KEY_UNSUPPORTED, "The PEM is not an Ed25519, EC or RSA private key");
	}

	private static JWK toJwk(PrivateKey key) throws AgentAuthException {
		try {
			if (key instanceof EdECPrivateKey ed) {
				byte[] d = ed.getBytes().orElseThrow();
				byte[] x = new Ed25519PrivateKeyParameters(d, 0).generatePublicKey().getEncoded();
				return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d)).build();
			}
			if (key instanceof ECPrivateKey ec) {
				if (ec.getParams().getCurve().getField().getFieldSize() != 256
						|| !Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
					throw new AgentAuthException(ErrorCode.KEY_UNSUPPORTED, "Only the P-256 curve is supported");
				}
				X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
				ECPoint q = p256.getG().multiply(ec.getS()).normalize();
				return new ECKey.Builder(Curve.P_256, coordinate(q.getAffineXCoord().toBigInteger()),
						coordinate(q.getAffineYCoord().toBigInteger()))
					.d(coordinate(ec.getS()))
					.build();
			}
			if (key instanceof RSAPrivateCrtKey rsa) {
				RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
					.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
				return new RSAKey.Builder(publicKey).privateKey(rsa).build();
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new AgentAuthException(ErrorCode.KEY_MALFORMED, "The private key cannot be read");
		}
		throw new AgentAuthException(ErrorCode.KEY_UNSUPPORTED, "Unsupported private key type");
	}

	private static Base64URL coordinate(BigInteger value) {
		return Base64URL.encode(BigIntegers.asUnsignedByteArray(32, value));
	}

	/** The key that signs requests. */
	public SigningKey signingKey() {
		return this.signingKey;
	}

	/** The public key to register. */
	public AgentKey publicKey() {
		return this.signingKey.publicKey();
	}

	/** The RFC 7638 SHA-256 thumbprint: the {@code keyid} and the delegation token's {@code cnf.jkt}. */
	public String thumbprint() {
		return this.signingKey.keyId();
	}

	/** The public JWK as JSON, with {@code kid} set to the thumbprint, ready to register. */
	public String publicJwkJson() {
		JWK publicJwk = this.signingKey.publicKey().jwk();
		return withKeyId(publicJwk).toJSONString();
	}

	/** The private JWK as JSON (with {@code kid} = thumbprint), to save the key. Handle with care. */
	public String privateJwkJson() {
		return withKeyId(this.privateJwk).toJSONString();
	}

	private JWK withKeyId(JWK jwk) {
		String kid = thumbprint();
		if (jwk instanceof OctetKeyPair okp) {
			return new OctetKeyPair.Builder(okp).keyID(kid).build();
		}
		if (jwk instanceof ECKey ec) {
			return new ECKey.Builder(ec).keyID(kid).build();
		}
		return new RSAKey.Builder((RSAKey) jwk).keyID(kid).build();
	}

	@Override
	public String toString() {
		return "AgentKeyPair[" + this.signingKey.algorithm() + ", " + thumbprint() + "]";
	}

}
