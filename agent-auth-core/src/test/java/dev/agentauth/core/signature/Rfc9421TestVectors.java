package dev.agentauth.core.signature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;

/**
 * The RFC 9421 Appendix B test keys (B.1), messages (B.2) and expected values, from
 * {@code src/test/resources/rfc9421}.
 */
final class Rfc9421TestVectors {

	static final String BODY = "{\"hello\": \"world\"}";

	static final String CONTENT_DIGEST = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

	static final long CREATED = 1618884473L;

	private Rfc9421TestVectors() {
	}

	/** The RFC 9421 §B.2 test-request, without signature fields. */
	static SimpleHttpRequest.Builder testRequest() {
		return SimpleHttpRequest.builder()
			.method("POST")
			.uri("https://example.com/foo?param=Value&Pet=dog")
			.header("Host", "example.com")
			.header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
			.header("Content-Type", "application/json")
			.header("Content-Digest", CONTENT_DIGEST)
			.header("Content-Length", "18");
	}

	/** The RFC 9421 §B.2 test-response. */
	static HttpResponseView testResponse() {
		return new HttpResponseView() {
			@Override
			public int status() {
				return 200;
			}

			@Override
			public List<String> headerValues(String name) {
				return switch (name.toLowerCase(java.util.Locale.ROOT)) {
					case "date" -> List.of("Tue, 20 Apr 2021 02:07:56 GMT");
					case "content-type" -> List.of("application/json");
					case "content-digest" -> List.of(
							"sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:");
					case "content-length" -> List.of("23");
					default -> List.of();
				};
			}
		};
	}

	static String signatureBase(String example) {
		return resource(example + ".sigbase");
	}

	static String signatureInput(String example) {
		return properties().getProperty(example + ".input");
	}

	static String signature(String example) {
		return properties().getProperty(example + ".signature");
	}

	static byte[] signatureBytes(String example) {
		String member = signature(example);
		String base64 = member.substring(member.indexOf("=:") + 2, member.length() - 1);
		return Base64.getDecoder().decode(base64);
	}

	static RSAKey rsaPssPublicJwk() {
		return new RSAKey.Builder((RSAPublicKey) publicKey("RSA", "test-key-rsa-pss.pub.pem")).build();
	}

	/** B.1.1 test-key-rsa, given in the RFC as a PKCS#1 RSAPublicKey. */
	static RSAKey rsaPublicJwk() {
		org.bouncycastle.asn1.pkcs.RSAPublicKey key = org.bouncycastle.asn1.pkcs.RSAPublicKey
			.getInstance(pem("test-key-rsa.pub.pem"));
		return new RSAKey.Builder(Base64URL.encode(key.getModulus()),
				Base64URL.encode(key.getPublicExponent()))
			.build();
	}

		static ECKey eccP256PublicJwk() {
		return new ECKey.Builder(Curve.P_256, (ECPublicKey) publicKey("EC", "test-key-ecc-p256.pub.pem")).build();
	}

	/** test-key-ed25519 as a private OKP JWK, from the B.1.4 PKCS#8 and SPKI PEM (raw key = last 32 bytes). */
	static OctetKeyPair ed25519PrivateJwk() {
		byte[] publicDer = pem("test-key-ed25519.pub.pem");
		byte[] privateDer = pem("test-key-ed25519.pem");
		byte[] x = Arrays.copyOfRange(publicDer, publicDer.length - 32, publicDer.length);
		byte[] d = Arrays.copyOfRange(privateDer, privateDer.length - 32, privateDer.length);
		return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d)).build();
	}

	static RegisteredKey registered(JWK publicJwk) {
		try {
			return new RegisteredKey("rfc9421-agent", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null,
					AgentKey.from(publicJwk.toPublicJWK()));
		}
		catch (dev.agentauth.core.AgentAuthException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static java.security.PublicKey publicKey(String algorithm, String resource) {
		try {
			return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(pem(resource)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] pem(String resource) {
		String text = resource(resource);
		String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		return Base64.getDecoder().decode(base64);
	}

	private static Properties properties() {
		Properties properties = new Properties();
		try (InputStream in = open("signatures.properties")) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	private static String resource(String name) {
		try (InputStream in = open(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream open(String name) {
		InputStream in = Rfc9421TestVectors.class.getResourceAsStream("/rfc9421/" + name);
		if (in == null) {
			throw new IllegalStateException("Missing test resource rfc9421/" + name);
		}
		return in;
	}

}
