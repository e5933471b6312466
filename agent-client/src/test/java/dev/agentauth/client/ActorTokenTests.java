package dev.agentauth.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ActorTokenTests {

	private static final URI ISSUER = URI
		.create("http://localhost:8080/realms/agents");

	private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

	@Test
	void createWhenEd25519ThenEdDsaJwtWithRequiredClaimsThatVerifies() throws Exception {
		AgentKeyPair keyPair = AgentKeyPair.generateEd25519();
		SignedJWT jwt = SignedJWT.parse(ActorToken.create(keyPair, "agent-42", ISSUER, Duration.ofSeconds(60), CLOCK));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(keyPair.thumbprint());
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("agent-42");
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("agent-42");
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(ISSUER.toString());
		assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
			.isEqualTo(Instant.ofEpochSecond(1_800_000_060L));
		// Nimbus needs Tink for Ed25519, so verify with BouncyCastle
		OctetKeyPair publicJwk = (OctetKeyPair) keyPair.publicKey().jwk();
		Ed25519Signer verifier = new Ed25519Signer();
		verifier.init(false, new Ed25519PublicKeyParameters(publicJwk.getDecodedX(), 0));
		byte[] signingInput = jwt.getSigningInput();
		verifier.update(signingInput, 0, signingInput.length);
		assertThat(verifier.verifySignature(jwt.getSignature().decode())).isTrue();
	}

	@Test
	void createWhenEcP256ThenEs256VerifiesWithNimbus() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		SignedJWT jwt = SignedJWT.parse(ActorToken.create(AgentKeyPair.fromJwk(key), "agent-42", ISSUER));
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
	}

	@Test
	void createWhenRsaThenPs512VerifiesWithNimbus() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).generate();
		SignedJWT jwt = SignedJWT.parse(ActorToken.create(AgentKeyPair.fromJwk(key), "agent-42", ISSUER));
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS512);
		assertThat(jwt.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
	}

	@Test
	void createWhenLifetimeOverSixtySecondsThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ActorToken.create(AgentKeyPair.generateEd25519(),
				"agent-42", ISSUER, Duration.ofSeconds(61), CLOCK));
	}

}
