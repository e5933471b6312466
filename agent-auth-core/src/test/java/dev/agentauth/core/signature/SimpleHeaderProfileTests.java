package dev.agentauth.core.signature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The simple header scheme as a profile: it reads the request's headers and verifies as SimpleHeaderVerifier. */
class SimpleHeaderProfileTests {

	private static final Instant NOW = Instant.ofEpochSecond(1767225600L);

	@Test
	void verifyWhenSignedThenTheKeyAndAReplayIsRefused() throws Exception {
		SigningKey key = SigningKey.from(TestKeys.ed25519());
		RegisteredKey registered = new RegisteredKey("agent-42", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null,
				null, key.publicKey());
		SimpleHeaderProfile profile = new SimpleHeaderProfile(new SimpleHeaderVerifier((keyId) -> registered,
				(agentId) -> List.of(key.keyId()),
				new InMemoryNonceStore(100, 100, Clock.fixed(NOW.minusSeconds(3600), ZoneOffset.UTC)),
				Clock.fixed(NOW, ZoneOffset.UTC), SimpleHeaderVerifier.DEFAULT_TOLERANCE, VerificationProviders.defaults()));
		byte[] body = "{\"item\":1}".getBytes(StandardCharsets.UTF_8);
		String timestamp = Long.toString(NOW.getEpochSecond());
		SimpleHttpRequest request = SimpleHttpRequest.builder()
			.method("POST")
			.uri("https://merchant.example/orders")
			.header("Agent-ID", "agent-42")
			.header("Timestamp", timestamp)
			.header("Signature", SimpleHeaderVerifier.sign(key, body, timestamp))
			.build();

		assertThat(profile.name()).isEqualTo(VerificationProfile.SIMPLE_HEADER);
		assertThat(profile.applies(request)).isTrue();
		assertThat(profile.verify(request, body)).isEqualTo(registered);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> profile.verify(request, body))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_REPLAYED));
	}

}
