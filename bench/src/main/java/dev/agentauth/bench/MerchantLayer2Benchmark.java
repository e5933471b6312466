package dev.agentauth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.SignatureHeaders;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.DelegationToken;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.revocation.InMemoryRevocationSet;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.merchant.delegation.DelegationGuard;
import dev.agentauth.merchant.delegation.DelegationTokenVerifier;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationConverter;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.merchant.signature.CachedBodyRequest;

/**
 * The starter's layer 1 + 2 path for one request: everything {@link MerchantLayer1Benchmark} measures, plus the
 * delegation token ({@code Authorization: Agent}, covered by the signature): token verification from the
 * verified-token cache (same token every request), the {@code act}/{@code cnf} binding and the in-memory
 * revocation set. {@link #verifyFirstSeenToken} measures what the verifier does for a token not yet cached:
 * RS256 (2048-bit) verification with Spring Security's {@code NimbusJwtDecoder} (issuer validated) and reading
 * the claims.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerchantLayer2Benchmark {

	static final int RING = CoreVerificationBenchmark.RING;

	private static final String ISSUER = "http://127.0.0.1/realms/bench";

	private String[][] headers;

	private byte[] body;

	private int next;

	private String token;

	private CoreVerificationBenchmark.SwappableNonceStore nonceStore;

	private AgentSignatureAuthenticationConverter converter;

	private AgentSignatureAuthenticationProvider provider;

	private NimbusJwtDecoder decoder;

	private HttpServer registry;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		this.registry = MerchantLayer1Benchmark.startRegistry(new RegisteredKey("bench-agent", AgentStatus.ACTIVE,
				"bench-operator", KeyStatus.ACTIVE, null, null, keyPair.publicKey()).toJson());
		URI issuer = URI.create("http://127.0.0.1:" + this.registry.getAddress().getPort() + "/realms/bench");
		RegistryKeyResolver resolver = new RegistryKeyResolver(issuer, HttpClient.newHttpClient(), Clock.systemUTC(),
				10_000);
		resolver.resolve(keyPair.thumbprint());

		RSAKey realmKey = new RSAKeyGenerator(2048).keyID("realm").generate();
		this.token = delegationToken(realmKey, keyPair);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) realmKey.toPublicKey()).build();
		DelegationTokenVerifier.validate(decoder, ISSUER, List.of());
		DelegationTokenVerifier cached = new DelegationTokenVerifier(decoder, "bench-merchant", Duration.ofSeconds(30),
				Clock.systemUTC(), 10_000);
		this.decoder = decoder;

		this.body = new byte[CoreVerificationBenchmark.BODY_SIZE];
		new Random(42).nextBytes(this.body);
		AgentRequestSigner signer = new AgentRequestSigner(keyPair.signingKey(), Clock.systemUTC(),
				Duration.ofSeconds(300), false);
		this.headers = new String[RING][];
		for (int i = 0; i < RING; i++) {
			SimpleHttpRequest unsigned = SimpleHttpRequest.builder()
				.method("POST")
				.uri("http://localhost/api/v1/checkout?n=" + i)
				.header("Content-Type", "application/json")
				.header("Content-Length", String.valueOf(this.body.length))
				.header("Authorization", "Agent " + this.token)
				.build();
			SignatureHeaders signature = signer.signatureHeaders(unsigned, this.body);
			this.headers[i] = new String[] { "n=" + i, signature.contentDigest(), signature.signatureInput(),
					signature.signature() };
		}
		this.nonceStore = new CoreVerificationBenchmark.SwappableNonceStore();
		this.converter = new AgentSignatureAuthenticationConverter();
		this.provider = new AgentSignatureAuthenticationProvider(new RequestSignatureVerifier(
				VerificationPolicy.defaults(), resolver, this.nonceStore, Clock.systemUTC()));
		this.provider.setDelegationGuard(new DelegationGuard(cached,
				new InMemoryRevocationSet(Duration.ofHours(24), Clock.systemUTC()), null));
		this.next = 0;
	}

	private static String delegationToken(RSAKey realmKey, AgentKeyPair agent) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject("consumer-1")
			.audience("bench-merchant")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(2))))
			.jwtID("jti-1")
			.claim("azp", "bench-operator")
			.claim("scope", "products:read checkout:create")
			.claim("act", Map.of("sub", "bench-agent"))
			.claim("cnf", Map.of("jkt", agent.thumbprint()))
			.claim("agent_grant", "grant-1")
			.claim("authorization_details", List.of(Map.of("type", "agent_delegation", "max_amount",
					Map.of("value", "50.00", "currency", "EUR"))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("realm").build(), claims);
		jwt.sign(new RSASSASigner(realmKey));
		return jwt.serialize();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.registry.stop(0);
	}

	@Benchmark
	public Authentication verifySignedPostWithCachedToken() throws AgentAuthException, IOException {
		if (this.next == RING) {
			this.next = 0;
			this.nonceStore.swap();
		}
		String[] signed = this.headers[this.next++];
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/checkout");
		request.setQueryString(signed[0]);
		request.addHeader("Content-Type", "application/json");
		request.addHeader("Content-Length", String.valueOf(this.body.length));
		request.addHeader("Authorization", "Agent " + this.token);
		request.addHeader("Content-Digest", signed[1]);
		request.addHeader("Signature-Input", signed[2]);
		request.addHeader("Signature", signed[3]);
		request.setContent(this.body);
		return this.provider.authenticate(this.converter.convert(new CachedBodyRequest(request)));
	}

	/** What a token costs the first time (then it is cached): RS256 verification and reading the claims. */
	@Benchmark
	public DelegationToken verifyFirstSeenToken() throws AgentAuthException {
		return DelegationToken.fromClaims(this.decoder.decode(this.token).getClaims());
	}

}
