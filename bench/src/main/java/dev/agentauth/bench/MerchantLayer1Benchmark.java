package dev.agentauth.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.SignatureHeaders;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationConverter;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.merchant.signature.CachedBodyRequest;

/**
 * The merchant starter's layer-1 path for one request: {@code AgentSignatureAuthenticationConverter} →
 * {@code AgentSignatureAuthenticationProvider} (headers, time window, key from the starter's
 * {@link RegistryKeyResolver} Caffeine cache — warmed in setup from a local registry stand-in —, status check,
 * Ed25519 signature, then the 1 KiB body read through {@link CachedBodyRequest}, its {@code Content-Digest}, and
 * the nonce in the in-memory store). Requests are {@link MockHttpServletRequest}s built per operation from a ring
 * of pre-signed headers; the servlet container, Spring Security's filter chain and the controller are not in it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerchantLayer1Benchmark {

	static final int RING = CoreVerificationBenchmark.RING;

	private String[][] headers;

	private byte[] body;

	private int next;

	private CoreVerificationBenchmark.SwappableNonceStore nonceStore;

	private AgentSignatureAuthenticationConverter converter;

	private AgentSignatureAuthenticationProvider provider;

	private HttpServer registry;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		String registered = new RegisteredKey("bench-agent", AgentStatus.ACTIVE, "bench-operator", KeyStatus.ACTIVE,
				null, null, keyPair.publicKey()).toJson();
		this.registry = startRegistry(registered);
		URI issuer = URI.create("http://127.0.0.1:" + this.registry.getAddress().getPort() + "/realms/bench");
		RegistryKeyResolver resolver = new RegistryKeyResolver(issuer, HttpClient.newHttpClient(), Clock.systemUTC(),
				10_000);
		resolver.resolve(keyPair.thumbprint());

		this.body = new byte[CoreVerificationBenchmark.BODY_SIZE];
		new Random(42).nextBytes(this.body);
		AgentRequestSigner signer = new AgentRequestSigner(keyPair.signingKey(), Clock.systemUTC(),
				Duration.ofSeconds(300), false);
		this.headers = new String[RING][];
		for (int i = 0; i < RING; i++) {
			SimpleHttpRequest unsigned = SimpleHttpRequest.builder()
				.method("POST")
				.uri("http://localhost/api/v1/cart?n=" + i)
				.header("Content-Type", "application/json")
				.header("Content-Length", String.valueOf(this.body.length))
				.build();
			SignatureHeaders signature = signer.signatureHeaders(unsigned, this.body);
			this.headers[i] = new String[] { "n=" + i, signature.contentDigest(), signature.signatureInput(),
					signature.signature() };
		}
		this.nonceStore = new CoreVerificationBenchmark.SwappableNonceStore();
		this.converter = new AgentSignatureAuthenticationConverter();
		this.provider = new AgentSignatureAuthenticationProvider(new RequestSignatureVerifier(
				VerificationPolicy.defaults(), resolver, this.nonceStore, Clock.systemUTC()));
		this.next = 0;
	}

	/** A registry stand-in answering every key lookup with {@code registered}, cacheable for an hour. */
	static HttpServer startRegistry(String registered) throws IOException {
		HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		registry.createContext("/realms/bench/agents/keys/", (exchange) -> {
			byte[] json = registered.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
			exchange.sendResponseHeaders(200, json.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(json);
			}
		});
		registry.start();
		return registry;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.registry.stop(0);
	}

	@Benchmark
	public Authentication verifySignedPost1KiB() throws AgentAuthException, IOException {
		if (this.next == RING) {
			this.next = 0;
			this.nonceStore.swap();
		}
		String[] signed = this.headers[this.next++];
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/cart");
		request.setQueryString(signed[0]);
		request.addHeader("Content-Type", "application/json");
		request.addHeader("Content-Length", String.valueOf(this.body.length));
		request.addHeader("Content-Digest", signed[1]);
		request.addHeader("Signature-Input", signed[2]);
		request.addHeader("Signature", signed[3]);
		request.setContent(this.body);
		return this.provider.authenticate(this.converter.convert(new CachedBodyRequest(request)));
	}

}
