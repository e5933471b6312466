package dev.agentauth.core.signature;

import java.security.SecureRandom;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Fresh keys for tests (Nimbus needs Tink to generate OKP keys, so BouncyCastle does it). */
public final class TestKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private TestKeys() {
	}

	public static OctetKeyPair ed25519() {
		Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RANDOM);
		return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(key.generatePublicKey().getEncoded()))
			.d(Base64URL.encode(key.getEncoded()))
			.build();
	}

}
