package dev.agentauth.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.signature.CoveredComponent;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.key.SignatureAlgorithm;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerifiedSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The agent-client signs, agent-auth-core verifies.
 */
class AgentRequestSignerTests {

	private static final byte[] BODY = "{\"sku\":\"sku-1\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);

	private final Map<String, RegisteredKey> registry = new HashMap<>();

	/**
	 * A verifier on the system clock, made before the test signs anything: its nonce store refuses signatures
	 * created in a second before the store existed (a restarted merchant), so one made after signing fails
	 * whenever the second changes in between.
	 */
	private final RequestSignatureVerifier systemVerifier = verifier(Clock.systemUTC());

	private RequestSignatureVerifier verifier(Clock clock) {
		return new RequestSignatureVerifier(VerificationPolicy.defaults(), this.registry::get,
				new InMemoryNonceStore(1000, 1000, clock), clock);
	}

	private void register(AgentKeyPair keyPair) throws AgentAuthException {
		this.registry.put(keyPair.thumbprint(), new RegisteredKey("shopping-agent", AgentStatus.ACTIVE, null,
				KeyStatus.ACTIVE, null, null, AgentKey.parse(keyPair.publicJwkJson())));
	}

	// what a server sees of a java.net.http request
	private static SimpleHttpRequest received(HttpRequest request) {
		SimpleHttpRequest.Builder view = SimpleHttpRequest.builder().method(request.method()).uri(request.uri());
		request.headers().map().forEach((name, values) -> values.forEach((value) -> view.header(name, value)));
		return view.build();
	}

	@Test
	void signWhenPostWithBodyAndAuthorizationThenCoreVerifies() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		register(keyPair);
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://shop.example/orders?cart=7"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Agent eyJ.delegation.token")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();

		HttpRequest signed = new AgentRequestSigner(keyPair).sign(request, BODY);

		assertThat(signed.headers().firstValue("Content-Digest")).isPresent();
		assertThat(signed.bodyPublisher().orElseThrow().contentLength()).isEqualTo(BODY.length);
		String input = signed.headers().firstValue("Signature-Input").orElseThrow();
		assertThat(input).startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"authorization\");created=")
			.contains(";keyid=\"" + keyPair.thumbprint() + "\"")
			.endsWith(";tag=\"agent-auth\"");
		VerifiedSignature verified = this.systemVerifier.verify(received(signed), BODY);
		assertThat(verified.agentId()).isEqualTo("shopping-agent");
		assertThat(verified.keyId()).isEqualTo(keyPair.thumbprint());
		assertThat(verified.parameters().covers(CoveredComponent.AUTHORIZATION)).isTrue();
		assertThat(verified.parameters().expires())
			.isEqualTo(verified.parameters().created().plus(AgentRequestSigner.DEFAULT_LIFETIME));
		assertThat(Base64.getUrlDecoder().decode(verified.parameters().nonce())).hasSize(16);
	}

	@Test
	void signWhenGetWithoutBodyThenNoContentDigestAndCoreVerifies() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		register(keyPair);
		HttpRequest signed = new AgentRequestSigner(keyPair)
			.sign(HttpRequest.newBuilder(URI.create("https://shop.example/products/1")).GET().build(), null);
		assertThat(signed.headers().firstValue("Content-Digest")).isEmpty();
		assertThat(this.systemVerifier.verify(received(signed), null).agentId()).isEqualTo("shopping-agent");
	}

	@Test
	void signWhenSignedTwiceThenNoncesDifferAndReplayOfFirstRefused() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		register(keyPair);
		AgentRequestSigner signer = new AgentRequestSigner(keyPair);
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://shop.example/orders"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpRequest first = signer.sign(request, BODY);
		HttpRequest second = signer.sign(first, BODY);
		assertThat(second.headers().allValues("Signature-Input")).hasSize(1);
		assertThat(second.headers().firstValue("Signature-Input"))
			.isNotEqualTo(first.headers().firstValue("Signature-Input"));
		RequestSignatureVerifier verifier = this.systemVerifier;
		verifier.verify(received(first), BODY);
		verifier.verify(received(second), BODY);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> verifier.verify(received(first), BODY))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_REPLAYED));
	}

	@Test
	void signWhenAlgRequestedAndCustomLifetimeThenSent() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		register(keyPair);
		Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
		AgentRequestSigner signer = new AgentRequestSigner(keyPair.signingKey(), clock, Duration.ofSeconds(120), true);
		HttpRequest signed = signer.sign(HttpRequest.newBuilder(URI.create("https://shop.example/")).build(), null);
		assertThat(signed.headers().firstValue("Signature-Input").orElseThrow())
			.contains(";created=1800000000;expires=1800000120;")
			.contains(";alg=\"ed25519\";");
		assertThat(verifier(clock).verify(received(signed), null).agentId()).isEqualTo("shopping-agent");
	}

	@Test
	void keyPairWhenSavedAsJwkAndPemThenLoadsTheSameKey(@TempDir Path directory) throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		Path jwkFile = directory.resolve("agent.jwk.json");
		Files.writeString(jwkFile, keyPair.privateJwkJson());
		assertThat(AgentKeyPair.load(jwkFile).thumbprint()).isEqualTo(keyPair.thumbprint());
		assertThat(JWK.parse(keyPair.publicJwkJson()).isPrivate()).isFalse();
		assertThat(JWK.parse(keyPair.publicJwkJson()).getKeyID()).isEqualTo(keyPair.thumbprint());
		assertThat(keyPair.toString()).doesNotContain("\"d\"");

		for (String algorithm : List.of("Ed25519", "EC", "RSA")) {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (algorithm.equals("EC")) {
				generator.initialize(new ECGenParameterSpec("secp256r1"));
			}
			else if (algorithm.equals("RSA")) {
				generator.initialize(2048);
			}
			java.security.KeyPair jdk = generator.generateKeyPair();
			String pem = "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(jdk.getPrivate().getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			Path pemFile = directory.resolve(algorithm + ".pem");
			Files.writeString(pemFile, pem);
			AgentKeyPair loaded = AgentKeyPair.load(pemFile);
			assertThat(loaded.signingKey().algorithm()).isEqualTo(switch (algorithm) {
				case "Ed25519" -> SignatureAlgorithm.ED25519;
				case "EC" -> SignatureAlgorithm.ECDSA_P256_SHA256;
				default -> SignatureAlgorithm.RSA_PSS_SHA512;
			});
			// the public key derived from the private one is the JDK's public key
			assertThat(AgentKey.from(JWK.parse(loaded.publicJwkJson())).thumbprint())
				.isEqualTo(loaded.thumbprint());
			register(loaded);
			HttpRequest signed = new AgentRequestSigner(loaded)
				.sign(HttpRequest.newBuilder(URI.create("https://shop.example/orders")).build(), BODY);
			assertThat(this.systemVerifier.verify(received(signed), BODY).keyId())
				.isEqualTo(loaded.thumbprint());
		}
	}

	@Test
	void keyPairWhenPemIsNotPkcs8ThenKeyMalformed() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> AgentKeyPair.fromPkcs8Pem("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.KEY_MALFORMED));
	}

	@Test
	void sendWhenRealHttpServerVerifiesThenAcceptedAndTamperedRefused() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		register(keyPair);
		RequestSignatureVerifier verifier = this.systemVerifier;
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String host = exchange.getRequestHeaders().getFirst("Host");
			SimpleHttpRequest.Builder view = SimpleHttpRequest.builder()
				.method(exchange.getRequestMethod())
				.uri("http://" + host + exchange.getRequestURI());
			exchange.getRequestHeaders().forEach((name, values) -> values.forEach((value) -> view.header(name, value)));
			String answer;
			int status;
			try {
				answer = verifier.verify(view.build(), body).agentId();
				status = 200;
			}
			catch (AgentAuthException ex) {
				answer = ex.code();
				status = 401;
			}
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
		try (HttpClient http = HttpClient.newHttpClient()) {
			AgentHttpClient client = new AgentHttpClient(http, new AgentRequestSigner(keyPair));
			URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/orders?x=1");
			HttpRequest request = HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();

			HttpResponse<String> accepted = client.send(request, BODY, HttpResponse.BodyHandlers.ofString());
			assertThat(accepted.statusCode()).isEqualTo(200);
			assertThat(accepted.body()).isEqualTo("shopping-agent");

			// the same signed request sent again: a replay
			HttpRequest signed = client.signer().sign(request, BODY);
			assertThat(http.send(signed, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			HttpResponse<String> replayed = http.send(signed, HttpResponse.BodyHandlers.ofString());
			assertThat(replayed.statusCode()).isEqualTo(401);
			assertThat(replayed.body()).isEqualTo("nonce_replayed");

			// a body swapped after signing
			HttpRequest swapped = HttpRequest
				.newBuilder(client.signer().sign(request, BODY), (n, v) -> true)
				.POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"sku-1\",\"quantity\":99}"))
				.build();
			HttpResponse<String> tampered = http.send(swapped, HttpResponse.BodyHandlers.ofString());
			assertThat(tampered.statusCode()).isEqualTo(401);
			assertThat(tampered.body()).isEqualTo("digest_mismatch");
		}
		finally {
			server.stop(0);
		}
	}

}
