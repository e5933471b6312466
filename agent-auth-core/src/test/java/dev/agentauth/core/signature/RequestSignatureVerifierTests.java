package dev.agentauth.core.signature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.digest.ContentDigest;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.InMemoryKeyResolver;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.key.SignatureAlgorithm;
import dev.agentauth.core.replay.InMemoryNonceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RequestSignatureVerifier} under the default policy: one test per refusal, and the happy paths.
 */
class RequestSignatureVerifierTests {

	private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

	private static final byte[] BODY = "{\"item\":\"sku-1\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8);

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private SigningKey signingKey;

	private final Map<String, RegisteredKey> registry = new HashMap<>();

	private InMemoryNonceStore nonceStore;

	private RequestSignatureVerifier verifier;

	@BeforeEach
	void setUp() throws Exception {
		this.signingKey = SigningKey.from(TestKeys.ed25519());
		register(this.signingKey, AgentStatus.ACTIVE, KeyStatus.ACTIVE);
		this.nonceStore = new InMemoryNonceStore(1000, 100, this.clock);
		this.verifier = new RequestSignatureVerifier(VerificationPolicy.defaults(), this.registry::get,
				this.nonceStore, this.clock);
	}

	private void register(SigningKey key, AgentStatus agentStatus, KeyStatus keyStatus) {
		this.registry.put(key.keyId(), new RegisteredKey("agent-42", agentStatus, "operator-client", keyStatus, null,
				null, key.publicKey()));
	}

	private SimpleHttpRequest.Builder unsignedPost() {
		return SimpleHttpRequest.builder()
			.method("POST")
			.uri("https://shop.example/orders?coupon=SPRING")
			.header("Content-Type", "application/json")
			.header("Content-Digest", ContentDigest.compute(BODY))
			.header("Content-Length", String.valueOf(BODY.length));
	}

	/**
	 * The one parameter block the tests start from: {@code components}, created now, expires in 60 s, nonce
	 * {@code n-1}, this key, tag {@code agent-auth}. A test changes what it is about (the builder replaces a
	 * parameter set again) or leaves parameters out with {@link #without}.
	 */
	private SignatureParameters.Builder parameters(CoveredComponent... components) {
		return SignatureParameters.builder()
			.components(components)
			.created(NOW)
			.expires(NOW.plusSeconds(60))
			.nonce("n-1")
			.keyId(this.signingKey.keyId())
			.tag("agent-auth");
	}

	/** {@code parameters} without the parameters {@code names} (the builder itself can only add). */
	private static SignatureParameters.Builder without(SignatureParameters.Builder parameters, String... names) {
		SignatureParameters built = parameters.build();
		SignatureParameters.Builder copy = SignatureParameters.builder().components(built.components());
		built.parameters().forEach((name, value) -> {
			if (!List.of(names).contains(name)) {
				copy.parameter(name, value);
			}
		});
		return copy;
	}

	/** A signed POST's parameters: method, target URI and digest covered, a fresh nonce. */
	private SignatureParameters.Builder defaultParameters() {
		return parameters(CoveredComponent.METHOD, CoveredComponent.TARGET_URI, CoveredComponent.CONTENT_DIGEST)
			.nonce(UUID.randomUUID().toString());
	}

	private SimpleHttpRequest sign(SimpleHttpRequest.Builder request, SignatureParameters.Builder parameters)
			throws AgentAuthException {
		return sign(request, parameters, this.signingKey);
	}

	private SimpleHttpRequest sign(SimpleHttpRequest.Builder request, SignatureParameters.Builder parameters,
			SigningKey key) throws AgentAuthException {
		return SignedRequests.sign(request.build(), parameters.build(), key);
	}

	private SimpleHttpRequest signedPost(Consumer<SignatureParameters.Builder> customizer) throws AgentAuthException {
		SignatureParameters.Builder parameters = defaultParameters();
		customizer.accept(parameters);
		return sign(unsignedPost(), parameters);
	}

	private static void assertRefused(ThrowingCallable call, ErrorCode code) {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(call).satisfies((ex) -> {
			assertThat(ex.errorCode()).isEqualTo(code);
			assertThat(ex.getMessage()).doesNotContain("@signature-params").doesNotContain("\"@method\":");
		});
	}

	@Test
	void verifyWhenValidThenReturnsAgentAndKey() throws Exception {
		VerifiedSignature verified = this.verifier.verify(signedPost((p) -> {
		}), BODY);
		assertThat(verified.agentId()).isEqualTo("agent-42");
		assertThat(verified.keyId()).isEqualTo(this.signingKey.keyId());
		assertThat(verified.label()).isEqualTo("sig1");
		assertThat(verified.tag()).isEqualTo("agent-auth");
		assertThat(this.nonceStore.size()).isEqualTo(1);
	}

	@Test
	void verifyWhenGetWithoutNonceThenAccepted() throws Exception {
		SimpleHttpRequest request = sign(SimpleHttpRequest.builder().uri("https://shop.example/products/1"),
				without(parameters(CoveredComponent.METHOD, CoveredComponent.AUTHORITY, CoveredComponent.PATH,
						CoveredComponent.QUERY).expires(NOW.plusSeconds(30)), SignatureParameters.NONCE));
		assertThat(this.verifier.verify(request, null).agentId()).isEqualTo("agent-42");
		assertThat(this.nonceStore.size()).isZero();
	}

	@Test
	void verifyWhenNoSignatureFieldsThenSignatureMissing() {
		assertRefused(() -> this.verifier.verify(unsignedPost().build(), BODY), ErrorCode.SIGNATURE_MISSING);
	}

	@Test
	void verifyWhenSignatureInputWithoutSignatureThenSignatureMalformed() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> {
		}).toBuilder().removeHeader("Signature").build();
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void verifyWhenSignatureInputIsNotStructuredFieldThenSignatureMalformed() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> {
		}).toBuilder().setHeader("Signature-Input", "sig1=(\"@method\" \"@target-uri\";created=1").build();
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void verifyWhenSignatureIsNotByteSequenceThenSignatureMalformed() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> {
		}).toBuilder().setHeader("Signature", "sig1=\"not-bytes\"").build();
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void verifyWhenLabelDuplicatedAcrossFieldLinesThenSignatureMalformed() throws Exception {
		SimpleHttpRequest signed = signedPost((p) -> {
		});
		// RFC 8941 would let the second line win; a verifier and a proxy could then disagree on what was signed
		SimpleHttpRequest request = signed.toBuilder()
			.header("Signature-Input", "sig1=(\"@method\");created=" + NOW.getEpochSecond())
			.build();
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void verifyWhenCoveredComponentChangedAfterSigningThenSignatureInvalid() throws Exception {
		SimpleHttpRequest signed = signedPost((p) -> {
		});
		SimpleHttpRequest tampered = signed.toBuilder().uri("https://shop.example/orders?coupon=FREE").build();
		assertRefused(() -> this.verifier.verify(tampered, BODY), ErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenMethodChangedAfterSigningThenSignatureInvalid() throws Exception {
		SimpleHttpRequest tampered = signedPost((p) -> {
		}).toBuilder().method("PUT").build();
		assertRefused(() -> this.verifier.verify(tampered, BODY), ErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenSignedByAnotherKeyThenSignatureInvalid() throws Exception {
		SigningKey other = SigningKey.from(TestKeys.ed25519());
		SimpleHttpRequest request = sign(unsignedPost(), defaultParameters(), other);
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenBodyChangedThenDigestMismatch() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> {
		});
		assertRefused(() -> this.verifier.verify(request, "{\"item\":\"sku-1\",\"quantity\":200}".getBytes()),
				ErrorCode.DIGEST_MISMATCH);
	}

	@Test
	void verifyWhenBodyWithoutContentDigestThenDigestMissing() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost().removeHeader("Content-Digest").removeHeader("Content-Length"),
				parameters(CoveredComponent.METHOD, CoveredComponent.TARGET_URI));
		VerifiedSignature verified = this.verifier.verifySignature(request, false);
		assertRefused(() -> this.verifier.verifyBodyAndConsumeNonce(verified, BODY), ErrorCode.DIGEST_MISSING);
	}

	@Test
	void verifyWhenBodyAndContentDigestNotCoveredThenComponentMissing() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost(),
				parameters(CoveredComponent.METHOD, CoveredComponent.TARGET_URI));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.COMPONENT_MISSING);
	}

	@Test
	void verifyWhenUnknownDigestAlgorithmOnlyThenDigestAlgorithmNotAllowed() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost().setHeader("Content-Digest", "md5=:1B2M2Y8AsgTpgAmY7PhCfg==:"),
				defaultParameters());
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.DIGEST_ALGORITHM_NOT_ALLOWED);
	}

	@Test
	void verifyWhenMethodNotCoveredThenComponentMissing() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost(),
				parameters(CoveredComponent.TARGET_URI, CoveredComponent.CONTENT_DIGEST));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.COMPONENT_MISSING);
	}

	@Test
	void verifyWhenTargetNotCoveredThenComponentMissing() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost(), parameters(CoveredComponent.METHOD,
				CoveredComponent.AUTHORITY, CoveredComponent.PATH, CoveredComponent.CONTENT_DIGEST));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.COMPONENT_MISSING);
	}

	@Test
	void verifyWhenAuthorizationSentButNotCoveredThenComponentMissing() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost().header("Authorization", "Agent eyJhbGciOi.x.y"),
				defaultParameters());
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.COMPONENT_MISSING);
	}

	@Test
	void verifyWhenAuthorizationCoveredThenAccepted() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost().header("Authorization", "Agent eyJhbGciOi.x.y"),
				defaultParameters().component(CoveredComponent.AUTHORIZATION));
		assertThat(this.verifier.verify(request, BODY).agentId()).isEqualTo("agent-42");
	}

	@Test
	void verifyWhenAuthorizationChangedAfterSigningThenSignatureInvalid() throws Exception {
		SimpleHttpRequest signed = sign(unsignedPost().header("Authorization", "Agent token-a"),
				defaultParameters().component(CoveredComponent.AUTHORIZATION));
		SimpleHttpRequest swapped = signed.toBuilder().setHeader("Authorization", "Agent token-b").build();
		assertRefused(() -> this.verifier.verify(swapped, BODY), ErrorCode.SIGNATURE_INVALID);
	}

	@Test
	void verifyWhenCoveredFieldAbsentThenComponentMissing() throws Exception {
		SimpleHttpRequest signed = signedPost((p) -> p.component(CoveredComponent.of("content-type")));
		SimpleHttpRequest stripped = signed.toBuilder().removeHeader("Content-Type").build();
		assertRefused(() -> this.verifier.verify(stripped, BODY), ErrorCode.COMPONENT_MISSING);
	}

	@Test
	void verifyWhenUnsafeMethodWithoutNonceThenNonceRequired() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost(), without(parameters(CoveredComponent.METHOD,
				CoveredComponent.TARGET_URI, CoveredComponent.CONTENT_DIGEST), SignatureParameters.NONCE));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.NONCE_REQUIRED);
	}

	@Test
	void verifyWhenExpiresBeforeCreatedThenSignatureMalformed() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.expires(NOW.minusSeconds(1)));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void verifyWhenExpiresMissingThenSignatureMalformed() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost(), without(parameters(CoveredComponent.METHOD,
				CoveredComponent.TARGET_URI, CoveredComponent.CONTENT_DIGEST), SignatureParameters.EXPIRES));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void verifyWhenLifetimeOverMaxThenSignatureLifetimeTooLong() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.expires(NOW.plusSeconds(301)));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_LIFETIME_TOO_LONG);
	}

	@Test
	void verifyWhenCreatedInFutureBeyondSkewThenSignatureNotYetValid() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.created(NOW.plusSeconds(31)).expires(NOW.plusSeconds(90)));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_NOT_YET_VALID);
	}

	@Test
	void verifyWhenCreatedInFutureWithinSkewThenAccepted() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.created(NOW.plusSeconds(30)).expires(NOW.plusSeconds(90)));
		assertThat(this.verifier.verify(request, BODY).agentId()).isEqualTo("agent-42");
	}

	@Test
	void verifyWhenExpiredBeyondSkewThenSignatureExpired() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.created(NOW.minusSeconds(120)).expires(NOW.minusSeconds(31)));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_EXPIRED);
	}

	@Test
	void verifyWhenTagMissingThenSignatureTagNotAllowed() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost(), without(parameters(CoveredComponent.METHOD,
				CoveredComponent.TARGET_URI, CoveredComponent.CONTENT_DIGEST), SignatureParameters.TAG));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_TAG_NOT_ALLOWED);
	}

	@Test
	void verifyWhenUnknownTagThenSignatureTagNotAllowed() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.tag("something-else"));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.SIGNATURE_TAG_NOT_ALLOWED);
	}

	// RequestSigner refuses an alg that contradicts the key, so an attacker's request is built by hand
	private SimpleHttpRequest signIgnoringAlg(SignatureParameters parameters) throws AgentAuthException {
		SimpleHttpRequest unsigned = unsignedPost().build();
		byte[] signature = this.signingKey.sign(SignatureBase.of(unsigned, parameters).toBytes());
		return SignedRequests.withSignature(unsigned, new MessageSignature("sig1", parameters, signature));
	}

	@Test
	void verifyWhenAlgContradictsKeyThenAlgorithmNotAllowed() throws Exception {
		SimpleHttpRequest request = signIgnoringAlg(
				defaultParameters().algorithm(SignatureAlgorithm.ECDSA_P256_SHA256).build());
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	@Test
	void verifyWhenAlgIsHmacThenAlgorithmNotAllowed() throws Exception {
		SimpleHttpRequest request = signIgnoringAlg(defaultParameters().parameter("alg", "hmac-sha256").build());
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	@Test
	void verifyWhenAlgMatchesKeyThenAccepted() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.algorithm(SignatureAlgorithm.ED25519));
		assertThat(this.verifier.verify(request, BODY).agentId()).isEqualTo("agent-42");
	}

	@Test
	void verifyWhenKeyAlgorithmNotInPolicyThenAlgorithmNotAllowed() throws Exception {
		RequestSignatureVerifier ecdsaOnly = new RequestSignatureVerifier(
				VerificationPolicy.builder().algorithms(java.util.Set.of(SignatureAlgorithm.ECDSA_P256_SHA256)).build(),
				this.registry::get, this.nonceStore, this.clock);
		SimpleHttpRequest request = signedPost((p) -> {
		});
		assertRefused(() -> ecdsaOnly.verify(request, BODY), ErrorCode.ALGORITHM_NOT_ALLOWED);
	}

	@Test
	void verifyWhenKeyIdNotThumbprintThenKeyIdNotThumbprint() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> p.keyId("my-agent-key-1"));
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.KEYID_NOT_THUMBPRINT);
	}

	@Test
	void verifyWhenKeyUnknownThenUnknownKey() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> {
		});
		// an empty registry
		RequestSignatureVerifier strict = new RequestSignatureVerifier(VerificationPolicy.defaults(),
				new InMemoryKeyResolver(), this.nonceStore, this.clock);
		assertRefused(() -> strict.verify(request, BODY), ErrorCode.UNKNOWN_KEY);
	}

	@Test
	void verifyWhenResolverReturnsOtherKeyThenUnknownKey() throws Exception {
		SigningKey other = SigningKey.from(TestKeys.ed25519());
		RegisteredKey otherKey = new RegisteredKey("agent-7", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null,
				other.publicKey());
		RequestSignatureVerifier confused = new RequestSignatureVerifier(VerificationPolicy.defaults(),
				(keyId) -> otherKey, this.nonceStore, this.clock);
		assertRefused(() -> confused.verify(signedPost((p) -> {
		}), BODY), ErrorCode.UNKNOWN_KEY);
	}

	@Test
	void verifyWhenAgentSuspendedThenAgentSuspended() throws Exception {
		register(this.signingKey, AgentStatus.SUSPENDED, KeyStatus.ACTIVE);
		assertRefused(() -> this.verifier.verify(signedPost((p) -> {
		}), BODY), ErrorCode.AGENT_SUSPENDED);
	}

	@Test
	void verifyWhenKeyRevokedThenKeyRevoked() throws Exception {
		register(this.signingKey, AgentStatus.ACTIVE, KeyStatus.REVOKED);
		assertRefused(() -> this.verifier.verify(signedPost((p) -> {
		}), BODY), ErrorCode.KEY_REVOKED);
	}

	@Test
	void verifyWhenRetiredKeyPastOverlapThenKeyExpired() throws Exception {
		this.registry.put(this.signingKey.keyId(), new RegisteredKey("agent-42", AgentStatus.ACTIVE, null,
				KeyStatus.RETIRED, null, NOW.minusSeconds(1), this.signingKey.publicKey()));
		assertRefused(() -> this.verifier.verify(signedPost((p) -> {
		}), BODY), ErrorCode.KEY_EXPIRED);
	}

	@Test
	void verifyWhenNonceSeenTwiceThenNonceReplayed() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> {
		});
		this.verifier.verify(request, BODY);
		assertRefused(() -> this.verifier.verify(request, BODY), ErrorCode.NONCE_REPLAYED);
	}

	@Test
	void verifyWhenNonceStoreFullThenNonceStoreFull() throws Exception {
		RequestSignatureVerifier small = new RequestSignatureVerifier(VerificationPolicy.defaults(), this.registry::get,
				new InMemoryNonceStore(2, 2, this.clock), this.clock);
		small.verify(signedPost((p) -> {
		}), BODY);
		small.verify(signedPost((p) -> {
		}), BODY);
		assertRefused(() -> small.verify(signedPost((p) -> {
		}), BODY), ErrorCode.NONCE_STORE_FULL);
	}

	@Test
	void verifyWhenSignatureInvalidThenNonceNotConsumed() throws Exception {
		SimpleHttpRequest valid = signedPost((p) -> p.nonce("shared-nonce"));
		SimpleHttpRequest forged = sign(unsignedPost(), defaultParameters().nonce("shared-nonce"),
				SigningKey.from(TestKeys.ed25519()))
			.toBuilder()
			.build();
		SimpleHttpRequest forgedWithOurKeyId = forged.toBuilder()
			.setHeader("Signature-Input", valid.headerValues("Signature-Input").get(0))
			.build();
		assertRefused(() -> this.verifier.verify(forgedWithOurKeyId, BODY), ErrorCode.SIGNATURE_INVALID);
		assertThat(this.nonceStore.size()).isZero();
		assertThat(this.verifier.verify(valid, BODY).agentId()).isEqualTo("agent-42");
	}

	@Test
	void verifySignatureWhenStagedThenBodyCheckedLater() throws Exception {
		SimpleHttpRequest request = signedPost((p) -> {
		});
		VerifiedSignature verified = this.verifier.verifySignature(request, true);
		assertThat(this.nonceStore.size()).isZero();
		this.verifier.verifyBodyAndConsumeNonce(verified, BODY);
		assertThat(this.nonceStore.size()).isEqualTo(1);
	}

	@Test
	void verifyDigestFieldWhenBodyElsewhereThenDigestFormCheckedAndNonceConsumed() throws Exception {
		// an nginx auth_request subrequest: the original headers, no body (RFC 9530's digest is checked upstream)
		SimpleHttpRequest request = signedPost((p) -> {
		});
		VerifiedSignature verified = this.verifier.verifySignature(request, true);
		this.verifier.verifyDigestFieldAndConsumeNonce(verified);
		assertThat(this.nonceStore.size()).isEqualTo(1);
		assertRefused(() -> this.verifier.verifyDigestFieldAndConsumeNonce(this.verifier.verifySignature(request, true)),
				ErrorCode.NONCE_REPLAYED);
	}

	@Test
	void verifyDigestFieldWhenDigestMalformedThenDigestMalformedAndNonceKept() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost().header("Content-Digest", "sha-256=:AAAA:"), defaultParameters());
		VerifiedSignature verified = this.verifier.verifySignature(request, true);
		assertRefused(() -> this.verifier.verifyDigestFieldAndConsumeNonce(verified), ErrorCode.DIGEST_MALFORMED);
		assertThat(this.nonceStore.size()).isZero();
	}

	@Test
	void verifyWhenContentLengthAnnouncesBodyButDigestNotCoveredThenComponentMissing() throws Exception {
		SimpleHttpRequest request = sign(unsignedPost(),
				parameters(CoveredComponent.METHOD, CoveredComponent.TARGET_URI));
		// hasBody=false, but Content-Length says otherwise
		assertRefused(() -> this.verifier.verifySignature(request, false), ErrorCode.COMPONENT_MISSING);
	}

	@Test
	void verifyWhenSeveralSignaturesThenTheOneWithAcceptedTagIsVerified() throws Exception {
		SimpleHttpRequest ours = signedPost((p) -> {
		});
		SimpleHttpRequest request = ours.toBuilder()
			.setHeader("Signature-Input",
					"proxy=(\"@method\");created=" + NOW.getEpochSecond() + ";keyid=\"proxy-key\";tag=\"cdn\", "
							+ ours.headerValues("Signature-Input").get(0))
			.setHeader("Signature", "proxy=:AAAA:, " + ours.headerValues("Signature").get(0))
			.build();
		assertThat(this.verifier.verify(request, BODY).label()).isEqualTo("sig1");
	}

	@Test
	void verifyWhenWebBotAuthProfileThenAuthorityIsEnough() throws Exception {
		SimpleHttpRequest request = sign(SimpleHttpRequest.builder().uri("https://shop.example/products"),
				without(parameters(CoveredComponent.AUTHORITY).tag("web-bot-auth"), SignatureParameters.NONCE));
		assertThat(this.verifier.verify(request, null).tag()).isEqualTo("web-bot-auth");
	}

	@Test
	void acceptSignatureWhenBodyAndAuthorizationThenListsEverythingRequired() {
		assertThat(VerificationPolicy.defaults().acceptSignature(true, true)).isEqualTo(
				"sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"authorization\");keyid;created;expires;nonce;tag=\"agent-auth\"");
		assertThat(VerificationPolicy.defaults().acceptSignature(false, false))
			.isEqualTo("sig1=(\"@method\" \"@target-uri\");keyid;created;expires;nonce;tag=\"agent-auth\"");
	}

	@Test
	void policyWhenCustomLifetimeThenApplied() throws Exception {
		RequestSignatureVerifier shortLived = new RequestSignatureVerifier(
				VerificationPolicy.builder().maxLifetime(Duration.ofSeconds(30)).build(), this.registry::get,
				this.nonceStore, this.clock);
		assertRefused(() -> shortLived.verify(signedPost((p) -> {
		}), BODY), ErrorCode.SIGNATURE_LIFETIME_TOO_LONG);
		assertThat(List.of(VerificationPolicy.defaults().maxLifetime(), VerificationPolicy.defaults().clockSkew()))
			.containsExactly(Duration.ofSeconds(300), Duration.ofSeconds(30));
	}

}
