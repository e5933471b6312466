package dev.agentauth.core.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class KeyPossessionProofTests {

	private static final String ISSUER = "https://id.example/realms/shop";

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private SigningKey key;

	@BeforeEach
	void generateKey() throws Exception {
		this.key = SigningKey.from(TestKeys.ed25519());
	}

	@Test
	void createThenVerifyAccepts() throws Exception {
		String proof = KeyPossessionProof.create(this.key, "agent-1", ISSUER, NOW.minusSeconds(60));
		assertThatNoException().isThrownBy(
				() -> KeyPossessionProof.verify(proof, this.key.publicKey(), "agent-1", ISSUER, NOW));
		assertThat(CompactJws.parse(proof).type()).isEqualTo("agent-key-proof+jwt");
	}

	@Test
	void verifyWhenTypMissingOrOtherThenRefused() throws Exception {
		// RFC 8725 §3.11: explicit typing keeps another JWS by the same key from passing as a proof
		Map<String, Object> claims = Map.of("sub", "agent-1", "aud", ISSUER, "iat", NOW.getEpochSecond());
		for (String type : new String[] { null, "JWT", "dpop+jwt" }) {
			String jws = CompactJws.sign(this.key, type, claims);
			refused(jws, "agent-1", ISSUER, NOW, "'typ'");
		}
	}

	@Test
	void verifyWhenAudienceListContainsIssuerThenAccepted() throws Exception {
		String jws = CompactJws.sign(this.key, KeyPossessionProof.TYPE,
				Map.of("sub", "agent-1", "aud", List.of("x", ISSUER), "iat", NOW.getEpochSecond()));
		KeyPossessionProof.verify(jws, this.key.publicKey(), "agent-1", ISSUER, NOW);
	}

	@Test
	void verifyWhenWrongSubjectAudienceKeyOrAgeThenRefused() throws Exception {
		String proof = KeyPossessionProof.create(this.key, "agent-1", ISSUER, NOW);
		refused(proof, "agent-2", ISSUER, NOW, "sub = the agent id");
		refused(proof, "agent-1", "https://elsewhere/realms/x", NOW, "aud");
		refused(proof, "agent-1", ISSUER, NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), "last 5 minutes");
		refused(proof, "agent-1", ISSUER, NOW.minusSeconds(31), "last 5 minutes");
		assertThatNoException()
			.isThrownBy(() -> KeyPossessionProof.verify(proof, this.key.publicKey(), "agent-1", ISSUER,
					NOW.plus(Duration.ofMinutes(5))));
		SigningKey other = SigningKey.from(TestKeys.ed25519());
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyPossessionProof.verify(proof, other.publicKey(), "agent-1", ISSUER, NOW))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.JWS_INVALID));
	}

	@Test
	void verifyWhenNotAJwsThenMalformed() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyPossessionProof.verify("not-a-jws", this.key.publicKey(), "agent-1", ISSUER, NOW))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.JWS_MALFORMED));
	}

	@Test
	void verifyWhenNoNumericIatThenRefused() throws Exception {
		String jws = CompactJws.sign(this.key, KeyPossessionProof.TYPE,
				Map.of("sub", "agent-1", "aud", ISSUER, "iat", "yesterday"));
		refused(jws, "agent-1", ISSUER, NOW, "numeric 'iat'");
	}

	private void refused(String proof, String agentId, String issuer, Instant now, String message) {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyPossessionProof.verify(proof, this.key.publicKey(), agentId, issuer, now))
			.withMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.JWS_INVALID));
	}

}
