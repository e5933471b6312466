package dev.agentauth.core.signature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.InMemoryKeyResolver;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The article's header scheme ({@code Agent-ID}, {@code Timestamp}, {@code Signature = base64(sign(body ||
 * timestamp))}) as a compatibility profile: pure verification logic.
 */
class SimpleHeaderVerifierTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final byte[] BODY = "{\"items\":[{\"sku\":\"tea-001\",\"quantity\":1}]}".getBytes(StandardCharsets.UTF_8);

	private final InMemoryKeyResolver registry = new InMemoryKeyResolver();

	private final Map<String, List<String>> agents = new HashMap<>();

	private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private SigningKey key;

	private SimpleHeaderVerifier verifier;

	@BeforeEach
	void setUp() throws Exception {
		this.key = SigningKey.from(TestKeys.ed25519());
		register("agent-42", this.key, AgentStatus.ACTIVE, KeyStatus.ACTIVE);
		this.verifier = verifier();
	}

	private SimpleHeaderVerifier verifier() {
		return new SimpleHeaderVerifier(this.registry, (agentId) -> {
			List<String> ids = this.agents.get(agentId);
			if (ids == null) {
				throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "No agent " + agentId);
			}
			return ids;
		}, new InMemoryNonceStore(1000, 100, Clock.fixed(NOW.minusSeconds(3600), ZoneOffset.UTC)), this.clock, SimpleHeaderVerifier.DEFAULT_TOLERANCE,
				VerificationProviders.defaults());
	}

	private void register(String agentId, SigningKey signingKey, AgentStatus agentStatus, KeyStatus keyStatus) {
		this.registry.register(new RegisteredKey(agentId, agentStatus, "operator", keyStatus, null, null,
				signingKey.publicKey()));
		this.agents.computeIfAbsent(agentId, (id) -> new ArrayList<>()).add(signingKey.keyId());
	}

	private static String ts(long offsetSeconds) {
		return Long.toString(NOW.getEpochSecond() + offsetSeconds);
	}

	@Test
	void verifyWhenSignedOverBodyAndTimestampThenReturnsTheKey() throws Exception {
		String timestamp = ts(0);
		RegisteredKey verified = this.verifier.verify("agent-42", timestamp,
				SimpleHeaderVerifier.sign(this.key, BODY, timestamp), BODY);
		assertThat(verified.agentId()).isEqualTo("agent-42");
		assertThat(verified.keyId()).isEqualTo(this.key.keyId());
	}

	@Test
	void verifyWhenNoBodyThenTheTimestampAloneIsSigned() throws Exception {
		String timestamp = ts(-10);
		assertThat(this.verifier.verify("agent-42", timestamp, SimpleHeaderVerifier.sign(this.key, null, timestamp), null)
			.agentId()).isEqualTo("agent-42");
	}

	@Test
	void verifyWhenBodyOrTimestampChangedThenSignatureInvalid() {
		String timestamp = ts(0);
		String signature = SimpleHeaderVerifier.sign(this.key, BODY, timestamp);
		assertCode(() -> this.verifier.verify("agent-42", timestamp, signature, "{}".getBytes(StandardCharsets.UTF_8)),
				ErrorCode.SIGNATURE_INVALID);
		assertCode(() -> this.verifier.verify("agent-42", ts(1), signature, BODY), ErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenSameBodyAndTimestampAgainThenReplayed() throws Exception {
		String timestamp = ts(0);
		String signature = SimpleHeaderVerifier.sign(this.key, BODY, timestamp);
		this.verifier.verify("agent-42", timestamp, signature, BODY);
		assertCode(() -> this.verifier.verify("agent-42", timestamp, signature, BODY), ErrorCode.NONCE_REPLAYED);
		// the same body a second later is another request
		String later = ts(1);
		this.verifier.verify("agent-42", later, SimpleHeaderVerifier.sign(this.key, BODY, later), BODY);
	}

	@Test
	void verifyWhenOutsideTheToleranceThenExpiredOrNotYetValid() {
		String old = ts(-301);
		assertCode(() -> this.verifier.verify("agent-42", old, SimpleHeaderVerifier.sign(this.key, BODY, old), BODY),
				ErrorCode.SIGNATURE_EXPIRED);
		String ahead = ts(301);
		assertCode(() -> this.verifier.verify("agent-42", ahead, SimpleHeaderVerifier.sign(this.key, BODY, ahead), BODY),
				ErrorCode.SIGNATURE_NOT_YET_VALID);
	}

	@Test
	void verifyWhenAnotherAgentsKeySignedThenSignatureInvalid() throws Exception {
		SigningKey other = SigningKey.from(TestKeys.ed25519());
		register("agent-7", other, AgentStatus.ACTIVE, KeyStatus.ACTIVE);
		String timestamp = ts(0);
		assertCode(() -> this.verifier.verify("agent-42", timestamp, SimpleHeaderVerifier.sign(other, BODY, timestamp),
				BODY), ErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenTheAgentHasTwoKeysThenEitherVerifies() throws Exception {
		SigningKey next = SigningKey.from(TestKeys.ed25519());
		register("agent-42", next, AgentStatus.ACTIVE, KeyStatus.ACTIVE);
		String timestamp = ts(0);
		assertThat(this.verifier.verify("agent-42", timestamp, SimpleHeaderVerifier.sign(next, BODY, timestamp), BODY)
			.keyId()).isEqualTo(next.keyId());
	}

	@Test
	void verifyWhenAgentSuspendedOrKeyRevokedThenTheRegistryCodes() throws Exception {
		SigningKey suspendedKey = SigningKey.from(TestKeys.ed25519());
		register("agent-s", suspendedKey, AgentStatus.SUSPENDED, KeyStatus.ACTIVE);
		String timestamp = ts(0);
		assertCode(() -> this.verifier.verify("agent-s", timestamp,
				SimpleHeaderVerifier.sign(suspendedKey, BODY, timestamp), BODY), ErrorCode.AGENT_SUSPENDED);
		SigningKey revokedKey = SigningKey.from(TestKeys.ed25519());
		register("agent-r", revokedKey, AgentStatus.ACTIVE, KeyStatus.REVOKED);
		assertCode(() -> this.verifier.verify("agent-r", timestamp,
				SimpleHeaderVerifier.sign(revokedKey, BODY, timestamp), BODY), ErrorCode.KEY_REVOKED);
	}

	@Test
	void verifyWhenSignedBeforeTheNonceStoresMemoryBeganThenRefused() {
		// a store that just started cannot know which earlier requests it forgot (a restarted merchant or Redis)
		SimpleHeaderVerifier fresh = new SimpleHeaderVerifier(this.registry, this.agents::get,
				new InMemoryNonceStore(1000, 100, this.clock), this.clock, SimpleHeaderVerifier.DEFAULT_TOLERANCE,
				VerificationProviders.defaults());
		String before = ts(-10);
		assertCode(() -> fresh.verify("agent-42", before, SimpleHeaderVerifier.sign(this.key, BODY, before), BODY),
				ErrorCode.NONCE_STORE_UNAVAILABLE);
	}

	@Test
	void verifyWhenUnknownAgentOrMalformedThenRefused() {
		String timestamp = ts(0);
		String signature = SimpleHeaderVerifier.sign(this.key, BODY, timestamp);
		assertCode(() -> this.verifier.verify("nobody", timestamp, signature, BODY), ErrorCode.UNKNOWN_KEY);
		assertCode(() -> this.verifier.verify("agent 42\n", timestamp, signature, BODY), ErrorCode.AGENT_ID_MALFORMED);
		assertCode(() -> this.verifier.verify("agent-42", "2026-12-01T12:00:00Z", signature, BODY),
				ErrorCode.SIGNATURE_MALFORMED);
		assertCode(() -> this.verifier.verify("agent-42", timestamp, "not base64!", BODY), ErrorCode.SIGNATURE_MALFORMED);
		assertCode(() -> this.verifier.verify("agent-42", timestamp, null, BODY), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void verifyWhenTheAgentIdIsADotSegmentThenAgentIdMalformedBeforeAnyLookup() {
		// "." and ".." survive percent-encoding: as a path segment of the registry's URL they would pick its endpoint
		List<String> looked = new ArrayList<>();
		SimpleHeaderVerifier verifier = new SimpleHeaderVerifier((keyId) -> {
			throw new AssertionError("no key lookup expected");
		}, (agentId) -> {
			looked.add(agentId);
			throw new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE, "the registry answered an unexpected path");
		}, new InMemoryNonceStore(1000, 100, this.clock), this.clock, SimpleHeaderVerifier.DEFAULT_TOLERANCE,
				VerificationProviders.defaults());
		String timestamp = ts(0);
		String signature = SimpleHeaderVerifier.sign(this.key, BODY, timestamp);
		for (String agentId : List.of(".", "..", ".hidden", "-x", "a".repeat(129))) {
			assertCode(() -> verifier.verify(agentId, timestamp, signature, BODY), ErrorCode.AGENT_ID_MALFORMED);
		}
		assertThat(looked).isEmpty();
	}

	@Test
	void appliesOnlyWithoutSignatureInput() {
		SimpleHttpRequest simple = SimpleHttpRequest.builder().method("POST").uri("https://shop.example/cart")
			.header("Agent-ID", "a").header("Timestamp", "1").header("Signature", "AA==").build();
		assertThat(SimpleHeaderVerifier.applies(simple)).isTrue();
		assertThat(SimpleHeaderVerifier.applies(simple.toBuilder().header("Signature-Input", "sig1=()").build())).isFalse();
		assertThat(SimpleHeaderVerifier.applies(simple.toBuilder().removeHeader("Agent-ID").build())).isFalse();
	}

	private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(code));
	}

}
