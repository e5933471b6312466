package dev.agentauth.demo.merchant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's peer (profile {@code baseline-dpop}) is a working RFC 9449 resource server, so the comparison in
 * docs/benchmarks.md measures a setup that really checks proof of possession: a proof from the token's key passes,
 * and a replayed proof, a proof from another key and a proof for another URI are refused (RFC 9449 section 4.3
 * checks 9-12, section 7.1 {@code cnf.jkt}, section 11.1 replay).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("baseline-dpop")
class BaselineDpopTests {

	private static final KeyPair issuer = rsaKeyPair();

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void baselineProperties(DynamicPropertyRegistry properties) {
		properties.add("demo.baseline.public-key",
				() -> Base64.getEncoder().encodeToString(issuer.getPublic().getEncoded()));
	}

	@Test
	void productsWhenProofFromTheBoundKeyThenOkAndReplayRefused() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		DPoPAccessToken token = accessToken(key);
		URI uri = uri("/api/v1/products");
		String proof = proof(key, uri, token);

		assertThat(get(uri, token, proof).statusCode()).isEqualTo(200);
		HttpResponse<String> replayed = get(uri, token, proof);
		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("DPoP").contains("invalid_dpop_proof"));
	}

	@Test
	void productsWhenProofFromAnotherKeyThenRefused() throws Exception {
		ECKey bound = new ECKeyGenerator(Curve.P_256).generate();
		ECKey other = new ECKeyGenerator(Curve.P_256).generate();
		DPoPAccessToken token = accessToken(bound);
		URI uri = uri("/api/v1/products");

		assertThat(get(uri, token, proof(other, uri, token)).statusCode()).isEqualTo(401);
	}

	@Test
	void productsWhenProofForAnotherUriThenRefused() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		DPoPAccessToken token = accessToken(key);

		assertThat(get(uri("/api/v1/products"), token, proof(key, uri("/api/v1/cart"), token)).statusCode())
			.isEqualTo(401);
	}

	private HttpResponse<String> get(URI uri, DPoPAccessToken token, String proof) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri)
			.header("Authorization", token.toAuthorizationHeader())
			.header("DPoP", proof)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	// the 5-argument form sets ath, the access token's hash (RFC 9449 section 4.2)
	private static String proof(ECKey key, URI uri, DPoPAccessToken token) throws Exception {
		return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256)
			.createDPoPJWT(new JWTID(), "GET", uri, new Date(), token)
			.serialize();
	}

	private static DPoPAccessToken accessToken(ECKey key) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("consumer")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("cnf", Map.of("jkt", key.computeThumbprint().toString()))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner(issuer.getPrivate()));
		return new DPoPAccessToken(jwt.serialize());
	}

	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
