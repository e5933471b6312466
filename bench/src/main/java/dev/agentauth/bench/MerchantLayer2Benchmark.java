package dev.agentauth.bench;

import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.DelegationToken;
import dev.agentauth.core.revocation.InMemoryRevocationSet;
import dev.agentauth.merchant.delegation.DelegationGuard;
import dev.agentauth.merchant.delegation.DelegationTokenVerifier;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationConverter;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.merchant.signature.CachedBodyRequest;

/**
 * The starter's layer 1 + 2 path for one request: everything {@link MerchantLayer1Benchmark} measures (on a
 * {@link SignedPostRing} whose requests carry the token), plus the
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

	/** Who verifies Ed25519: {@code bouncycastle} (the default without the native jar) or {@code accp}. */
	@Param({ "bouncycastle", "accp" })
	public String crypto;

	private static final String ISSUER = "http://127.0.0.1/realms/bench";

	private String token;

	private SignedPostRing ring;

	private AgentSignatureAuthenticationConverter converter;

	private AgentSignatureAuthenticationProvider provider;

	private NimbusJwtDecoder decoder;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		RSAKey realmKey = new RSAKeyGenerator(2048).keyID("realm").generate();
		this.token = delegationToken(realmKey, keyPair);
		this.decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) realmKey.toPublicKey()).build();
		DelegationTokenVerifier.validate(this.decoder, ISSUER, List.of());
		DelegationTokenVerifier cached = new DelegationTokenVerifier(this.decoder, "bench-merchant",
				Duration.ofSeconds(30), Clock.systemUTC(), 10_000);

		this.ring = new SignedPostRing(keyPair, "/api/v1/checkout", "Agent " + this.token);
		this.converter = new AgentSignatureAuthenticationConverter();
		this.provider = this.ring.provider(this.crypto);
		this.provider.setDelegationGuard(new DelegationGuard(cached,
				new InMemoryRevocationSet(Duration.ofHours(24), Clock.systemUTC()), null));
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
		this.ring.close();
	}

	@Benchmark
	public Authentication verifySignedPostWithCachedToken() throws AgentAuthException, IOException {
		return this.provider.authenticate(this.converter.convert(new CachedBodyRequest(this.ring.next())));
	}

	/** What a token costs the first time (then it is cached): RS256 verification and reading the claims. */
	@Benchmark
	public DelegationToken verifyFirstSeenToken() throws AgentAuthException {
		return DelegationToken.fromClaims(this.decoder.decode(this.token).getClaims());
	}

}
