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

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.SignatureHeaders;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.CryptoProvider;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerificationProviders;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;

/**
 * What the merchant-starter benchmarks share: a registry stand-in that knows the agent's key (cacheable for an
 * hour; the resolver's cache is warmed here), a ring of {@link CoreVerificationBenchmark#RING} pre-signed 1 KiB
 * {@code POST}s to one path (optionally with an {@code Authorization} header, then covered by the signature), and
 * {@link MockHttpServletRequest}s built from it one per operation, with a fresh nonce store each time the ring
 * wraps. Signing is not measured.
 */
final class SignedPostRing implements AutoCloseable {

	private final HttpServer registry;

	private final RegistryKeyResolver resolver;

	private final String path;

	private final @Nullable String authorization;

	private final byte[] body = new byte[CoreVerificationBenchmark.BODY_SIZE];

	private final String[][] headers = new String[CoreVerificationBenchmark.RING][];

	private final CoreVerificationBenchmark.SwappableNonceStore nonceStore = new CoreVerificationBenchmark.SwappableNonceStore();

	private int next;

	SignedPostRing(AgentKeyPair keyPair, String path, @Nullable String authorization) throws Exception {
		this.path = path;
		this.authorization = authorization;
		this.registry = startRegistry(new RegisteredKey("bench-agent", AgentStatus.ACTIVE, "bench-operator",
				KeyStatus.ACTIVE, null, null, keyPair.publicKey()).toJson());
		URI issuer = URI.create("http://127.0.0.1:" + this.registry.getAddress().getPort() + "/realms/bench");
		this.resolver = new RegistryKeyResolver(issuer, HttpClient.newHttpClient(), Clock.systemUTC(), 10_000);
		this.resolver.resolve(keyPair.thumbprint());

		new Random(42).nextBytes(this.body);
		AgentRequestSigner signer = new AgentRequestSigner(keyPair.signingKey(), Clock.systemUTC(),
				Duration.ofSeconds(300), false);
		for (int i = 0; i < this.headers.length; i++) {
			SimpleHttpRequest.Builder unsigned = SimpleHttpRequest.builder()
				.method("POST")
				.uri("http://localhost" + path + "?n=" + i)
				.header("Content-Type", "application/json")
				.header("Content-Length", String.valueOf(this.body.length));
			if (authorization != null) {
				unsigned.header("Authorization", authorization);
			}
			SignatureHeaders signature = signer.signatureHeaders(unsigned.build(), this.body);
			this.headers[i] = new String[] { "n=" + i, signature.contentDigest(), signature.signatureInput(),
					signature.signature() };
		}
	}

	/**
	 * A provider verifying against the warmed key cache and this ring's nonce store.
	 * @param crypto {@code bouncycastle} or {@code accp} (the benchmarks' {@code crypto} parameter)
	 */
	AgentSignatureAuthenticationProvider provider(String crypto) {
		return new AgentSignatureAuthenticationProvider(new RequestSignatureVerifier(VerificationPolicy.defaults(),
				this.resolver, this.nonceStore, Clock.systemUTC(), providers(crypto)));
	}

	static VerificationProviders providers(String crypto) {
		return VerificationProviders.select(CryptoProvider.valueOf(crypto.toUpperCase(java.util.Locale.ROOT)));
	}

	/** The next signed request of the ring. */
	MockHttpServletRequest next() {
		if (this.next == this.headers.length) {
			this.next = 0;
			this.nonceStore.swap();
		}
		String[] signed = this.headers[this.next++];
		MockHttpServletRequest request = new BulkReadRequest("POST", this.path, this.body);
		request.setQueryString(signed[0]);
		request.addHeader("Content-Type", "application/json");
		request.addHeader("Content-Length", String.valueOf(this.body.length));
		if (this.authorization != null) {
			request.addHeader("Authorization", this.authorization);
		}
		request.addHeader("Content-Digest", signed[1]);
		request.addHeader("Signature-Input", signed[2]);
		request.addHeader("Signature", signed[3]);
		request.setContent(this.body);
		return request;
	}

	@Override
	public void close() {
		this.registry.stop(0);
	}

	private static HttpServer startRegistry(String registered) throws IOException {
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

	/**
	 * A mock request whose body stream reads in bulk, as Tomcat's does. The mock's own stream reads byte by byte
	 * (it inherits {@code InputStream.read(byte[], int, int)}), which made reading the 1 KiB body two thirds of the
	 * layer-1 benchmark's Java samples: a cost of the mock, not of the starter.
	 */
	private static final class BulkReadRequest extends MockHttpServletRequest {

		private final byte[] body;

		BulkReadRequest(String method, String path, byte[] body) {
			super(method, path);
			this.body = body;
		}

		@Override
		public jakarta.servlet.ServletInputStream getInputStream() {
			java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(this.body);
			return new jakarta.servlet.ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(jakarta.servlet.ReadListener listener) {
					throw new UnsupportedOperationException("blocking reads only");
				}

			};
		}

	}

}
