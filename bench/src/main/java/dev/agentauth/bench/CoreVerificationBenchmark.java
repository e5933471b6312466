package dev.agentauth.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.SignatureHeaders;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerifiedSignature;

/**
 * Full merchant-side verification of one signed request with the default policy, as
 * {@link RequestSignatureVerifier#verify} does it: parse {@code Signature-Input}/{@code Signature}, check the
 * parameters and time window, build the signature base, look the key up (an in-memory map, standing in for a
 * warm cache), {@code checkUsable}, verify the Ed25519 signature (BouncyCastle), check the sha-256
 * {@code Content-Digest} of a 1 KiB body, and consume the nonce in an {@link InMemoryNonceStore}.
 * <p>
 * Every operation verifies a different pre-signed request with a fresh nonce: a ring of {@value #RING}
 * requests is signed in setup (signing is not measured). When the ring wraps, the nonce store is swapped for an
 * empty one so the nonces are fresh again; the swap is one allocation per {@value #RING} operations. Not
 * measured: HTTP parsing, reading the body from a socket, a registry call on a cache miss.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoreVerificationBenchmark {

	/** Who verifies Ed25519: {@code bouncycastle} (the default without the native jar) or {@code accp}. */
	@Param({ "bouncycastle", "accp" })
	public String crypto;

	static final int RING = 32_768;

	static final int BODY_SIZE = 1024;

	private SimpleHttpRequest[] requests;

	private byte[] body;

	private int next;

	private SwappableNonceStore nonceStore;

	private RequestSignatureVerifier verifier;

	@Setup(Level.Trial)
	public void setUp() throws AgentAuthException {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		RegisteredKey registered = new RegisteredKey("bench-agent", AgentStatus.ACTIVE, "bench-operator",
				KeyStatus.ACTIVE, null, null, keyPair.publicKey());
		Map<String, RegisteredKey> registry = Map.of(keyPair.thumbprint(), registered);
		this.body = new byte[BODY_SIZE];
		new Random(42).nextBytes(this.body);
		// 300 s lifetime: the whole run stays inside the signatures' validity window
		AgentRequestSigner signer = new AgentRequestSigner(keyPair.signingKey(), Clock.systemUTC(),
				Duration.ofSeconds(300), false);
		this.requests = new SimpleHttpRequest[RING];
		for (int i = 0; i < RING; i++) {
			SimpleHttpRequest unsigned = SimpleHttpRequest.builder()
				.method("POST")
				.uri("https://shop.example/api/orders?cart=" + i)
				.header("Host", "shop.example")
				.header("Content-Type", "application/json")
				.header("Content-Length", String.valueOf(BODY_SIZE))
				.header("Authorization", "Agent eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJjb25zdW1lciJ9.c2lnbmF0dXJl")
				.build();
			SignatureHeaders headers = signer.signatureHeaders(unsigned, this.body);
			this.requests[i] = unsigned.toBuilder()
				.header("Content-Digest", headers.contentDigest())
				.header("Signature-Input", headers.signatureInput())
				.header("Signature", headers.signature())
				.build();
		}
		this.nonceStore = new SwappableNonceStore();
		this.verifier = new RequestSignatureVerifier(VerificationPolicy.defaults(), registry::get, this.nonceStore,
				Clock.systemUTC(), SignedPostRing.providers(this.crypto));
		this.next = 0;
	}

	@Benchmark
	public VerifiedSignature verifyEd25519Request1KiB() throws AgentAuthException {
		if (this.next == RING) {
			this.next = 0;
			this.nonceStore.swap();
		}
		return this.verifier.verify(this.requests[this.next++], this.body);
	}

	static final class SwappableNonceStore implements NonceStore {

		private InMemoryNonceStore delegate = newStore();

		private static InMemoryNonceStore newStore() {
			return new InMemoryNonceStore(RING * 2, RING * 2, Clock.systemUTC());
		}

		void swap() {
			this.delegate = newStore();
		}

		@Override
		public void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException {
			this.delegate.consume(keyId, nonce, expiresAt);
		}

	}

}
