package dev.agentauth.bench;

import java.io.IOException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.core.Authentication;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationConverter;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.merchant.signature.CachedBodyRequest;

/**
 * The merchant starter's layer-1 path for one request: {@code AgentSignatureAuthenticationConverter} →
 * {@code AgentSignatureAuthenticationProvider} (headers, time window, key from the starter's
 * {@code RegistryKeyResolver} Caffeine cache — warmed in setup from a local registry stand-in —, status check,
 * Ed25519 signature, then the 1 KiB body read through {@link CachedBodyRequest}, its {@code Content-Digest}, and
 * the nonce in the in-memory store). Requests are {@code MockHttpServletRequest}s built per operation from a {@link SignedPostRing}
 * of pre-signed headers; the servlet container, Spring Security's filter chain and the controller are not in it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerchantLayer1Benchmark {

	/** Who verifies Ed25519: {@code bouncycastle} (the default without the native jar) or {@code accp}. */
	@Param({ "bouncycastle", "accp" })
	public String crypto;

	private SignedPostRing ring;

	private AgentSignatureAuthenticationConverter converter;

	private AgentSignatureAuthenticationProvider provider;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.ring = new SignedPostRing(AgentKeyPair.generateEd25519(), "/api/v1/cart", null);
		this.converter = new AgentSignatureAuthenticationConverter();
		this.provider = this.ring.provider(this.crypto);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.ring.close();
	}

	@Benchmark
	public Authentication verifySignedPost1KiB() throws AgentAuthException, IOException {
		return this.provider.authenticate(this.converter.convert(new CachedBodyRequest(this.ring.next())));
	}

}
