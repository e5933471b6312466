package dev.agentauth.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One Ed25519 verification of a typical signature base (about 300 bytes): the JDK's SunEC provider versus the
 * BouncyCastle lightweight API that agent-auth-core uses. Both verify the same signature with the same key.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519ProviderBenchmark {

	private byte[] message;

	private byte[] signature;

	private PublicKey jdkPublicKey;

	private Ed25519PublicKeyParameters bcPublicKey;

	@Setup
	public void setUp() throws GeneralSecurityException {
		this.message = ("\"@method\": POST\n\"@target-uri\": https://shop.example/api/orders?cart=1\n"
				+ "\"content-digest\": sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:\n"
				+ "\"authorization\": Agent eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJjb25zdW1lciJ9.c2lnbmF0dXJl\n"
				+ "\"@signature-params\": (\"@method\" \"@target-uri\" \"content-digest\" \"authorization\")"
				+ ";created=1800000000;expires=1800000060;nonce=\"5mD2bMzJ0mZ8cQk1xq7t1w\""
				+ ";keyid=\"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\";tag=\"agent-auth\"")
			.getBytes(StandardCharsets.US_ASCII);
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(pair.getPrivate());
		signer.update(this.message);
		this.signature = signer.sign();
		this.jdkPublicKey = pair.getPublic();
		// the same public key for BouncyCastle: raw 32 bytes are the last 32 of the X.509 encoding
		byte[] encoded = ((EdECPublicKey) pair.getPublic()).getEncoded();
		this.bcPublicKey = new Ed25519PublicKeyParameters(encoded, encoded.length - 32);
		if (!bouncyCastle() || !jdk()) {
			throw new IllegalStateException("signature does not verify");
		}
	}

	@Benchmark
	public boolean bouncyCastle() {
		Ed25519Signer verifier = new Ed25519Signer();
		verifier.init(false, this.bcPublicKey);
		verifier.update(this.message, 0, this.message.length);
		return verifier.verifySignature(this.signature);
	}

	@Benchmark
	public boolean jdk() throws GeneralSecurityException {
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(this.jdkPublicKey);
		verifier.update(this.message);
		return verifier.verify(this.signature);
	}

}
