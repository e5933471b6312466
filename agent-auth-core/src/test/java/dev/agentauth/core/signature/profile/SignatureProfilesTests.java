package dev.agentauth.core.signature.profile;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.InMemoryKeyResolver;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.signature.CoveredComponent;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SignatureParameters;
import dev.agentauth.core.signature.SignatureProfile;
import dev.agentauth.core.signature.SigningKey;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.TestKeys;
import dev.agentauth.core.signature.VerificationOutcome;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerificationProfile;
import dev.agentauth.core.signature.VerifiedSignature;
import dev.agentauth.core.signature.SignedRequests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The profiles' own rules, beyond the conformance vectors: draft-meunier-webbotauth-httpsig-protocol
 * ("Signature-Agent", "Generating HTTP Message Signature", "Verifier Outcomes") and Visa TAP's {@code keyid} rule.
 */
class SignatureProfilesTests {

	private static final Instant NOW = Instant.ofEpochSecond(1767225600L);

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final String DIRECTORY = "https://agent.example/.well-known/http-message-signatures-directory";

	private static final String JWKS = "https://tap.example/.well-known/jwks.json";

	private SigningKey key;

	private RegisteredKey registered;

	private RequestSignatureVerifier verifier;

	@BeforeEach
	void setUp() throws Exception {
		this.key = SigningKey.from(TestKeys.ed25519());
		this.registered = new RegisteredKey("agent-1", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null,
				this.key.publicKey());
		this.verifier = verifier(new InMemoryKeyResolver()
			.register(this.registered.withProvider(provider("web-bot-auth", DIRECTORY, this.key.keyId())))
			.register("tap-kid-1", this.registered.withProvider(provider("visa-tap", JWKS, "tap-kid-1"))));
	}

	private static RequestSignatureVerifier verifier(InMemoryKeyResolver keys) {
		return new RequestSignatureVerifier(VerificationPolicy.defaults(), keys,
				new InMemoryNonceStore(100, 100, Clock.fixed(NOW.minusSeconds(3600), ZoneOffset.UTC)), CLOCK);
	}

	private static AgentProvider provider(String profile, String url, String keyId) {
		return new AgentProvider("p-" + profile, "Provider " + profile,
				url.equals(JWKS) ? AgentProvider.TYPE_JWKS : AgentProvider.TYPE_WEB_BOT_AUTH, profile, url, keyId);
	}

	private SimpleHttpRequest signed(String signatureAgent, String keyId, String tag, CoveredComponent... components)
			throws AgentAuthException {
		SimpleHttpRequest.Builder builder = SimpleHttpRequest.builder().method("GET").uri("https://merchant.example/a");
		if (signatureAgent != null) {
			builder.header("Signature-Agent", signatureAgent);
		}
		SimpleHttpRequest request = builder.build();
		SignatureParameters parameters = SignatureParameters.builder()
			.components(components)
			.created(NOW.minusSeconds(5))
			.expires(NOW.plusSeconds(55))
			.keyId(keyId)
			.nonce("n-" + System.nanoTime())
			.tag(tag)
			.build();
		return SignedRequests.sign(request, parameters, this.key);
	}

	private SimpleHttpRequest webBotAuth(String signatureAgent, CoveredComponent... components) throws AgentAuthException {
		return signed(signatureAgent, this.key.keyId(), "web-bot-auth", components);
	}

	@Test
	void webBotAuthWhenDictionaryMemberCoveredThenVerifiedAndNamesTheDirectory() throws Exception {
		SimpleHttpRequest request = webBotAuth("sig1=\"https://agent.example\"", CoveredComponent.AUTHORITY,
				CoveredComponent.dictionaryMember("signature-agent", "sig1"));
		VerifiedSignature verified = this.verifier.verify(request, null, WebBotAuthProfile.defaults());
		assertThat(verified.profileName()).isEqualTo("web-bot-auth");
		assertThat(WebBotAuthProfile.signatureAgent(verified, request)).contains(URI.create("https://agent.example"));
	}

	@Test
	void webBotAuthWhenWholeDictionaryCoveredThenVerified() throws Exception {
		// RFC 9421 §2.1: covering the whole field signs every member
		SimpleHttpRequest request = webBotAuth("sig1=\"https://agent.example\"", CoveredComponent.AUTHORITY,
				CoveredComponent.of("signature-agent"));
		assertThat(this.verifier.evaluate(request, null, WebBotAuthProfile.defaults()).isVerified()).isTrue();
	}

	@Test
	void webBotAuthWhenStringFormCoveredWithKeyThenMalformed() throws Exception {
		// signed over the dictionary form, then sent in the string form
		SimpleHttpRequest request = webBotAuth("sig1=\"https://agent.example\"", CoveredComponent.AUTHORITY,
				CoveredComponent.dictionaryMember("signature-agent", "sig1"))
			.toBuilder()
			.setHeader("Signature-Agent", "\"https://agent.example\"")
			.build();
		assertRefused(request, WebBotAuthProfile.defaults(), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void webBotAuthWhenSignatureAgentIsNotHttpsThenMalformed() throws Exception {
		// draft "Signature-Agent": member values are URIs whose scheme MUST be https
		SimpleHttpRequest request = webBotAuth("sig1=\"http://agent.example\"", CoveredComponent.AUTHORITY,
				CoveredComponent.dictionaryMember("signature-agent", "sig1"));
		assertRefused(request, WebBotAuthProfile.defaults(), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void webBotAuthWhenSignatureAgentIsATokenThenMalformed() throws Exception {
		SimpleHttpRequest request = webBotAuth("sig1=agent", CoveredComponent.AUTHORITY,
				CoveredComponent.dictionaryMember("signature-agent", "sig1"));
		assertRefused(request, WebBotAuthProfile.defaults(), ErrorCode.SIGNATURE_MALFORMED);
	}

	@Test
	void webBotAuthWhenNoSignatureAgentThenAuthorityIsEnough() throws Exception {
		SimpleHttpRequest request = webBotAuth(null, CoveredComponent.AUTHORITY);
		VerifiedSignature verified = this.verifier.verify(request, null, WebBotAuthProfile.defaults());
		assertThat(WebBotAuthProfile.signatureAgent(verified, request)).isEmpty();
	}

	@Test
	void webBotAuthWhenKeyIdIsNotTheThumbprintThenRefused() throws Exception {
		// draft "Generating HTTP Message Signature": keyid MUST be the JWK SHA-256 thumbprint
		SimpleHttpRequest request = signed(null, "tap-kid-1", "web-bot-auth", CoveredComponent.AUTHORITY);
		assertRefused(request, WebBotAuthProfile.defaults(), ErrorCode.KEYID_NOT_THUMBPRINT);
	}

	@Test
	void visaTapWhenKeyIdIsTheJwksKidThenVerified() throws Exception {
		SimpleHttpRequest request = signed(null, "tap-kid-1", "agent-payer-auth", CoveredComponent.AUTHORITY,
				CoveredComponent.PATH);
		VerificationOutcome outcome = this.verifier.evaluate(request, null, VisaTapProfile.defaults());
		assertThat(outcome.status()).isEqualTo(VerificationOutcome.Status.VERIFIED);
		assertThat(outcome.profile()).isEqualTo("visa-tap");
	}

	@Test
	void agentAuthProfileIsTheVerifiersDefault() throws Exception {
		SimpleHttpRequest request = signed(null, this.key.keyId(), "agent-auth", CoveredComponent.METHOD,
				CoveredComponent.TARGET_URI);
		assertThat(this.verifier.verify(request, null).profileName()).isEqualTo("agent-auth");
		assertThat(this.verifier.profile().policy()).isSameAs(VerificationPolicy.defaults());
		// a Web Bot Auth request is not an agent-auth one under the web-bot-auth profile's tags
		assertRefused(request, WebBotAuthProfile.defaults(), ErrorCode.SIGNATURE_TAG_NOT_ALLOWED);
	}

	@Test
	void outcomeWhenUnknownKeyThenUnverified() throws Exception {
		SimpleHttpRequest request = signed(null, "tap-kid-unknown", "agent-browser-auth", CoveredComponent.AUTHORITY,
				CoveredComponent.PATH);
		VerificationOutcome outcome = this.verifier.evaluate(request, null, VisaTapProfile.defaults());
		assertThat(outcome.status()).isEqualTo(VerificationOutcome.Status.UNVERIFIED);
		assertThat(outcome.errorCode()).isEqualTo(ErrorCode.UNKNOWN_KEY);
	}

	@Test
	void outcomeWhenNoSignatureThenUnverified() {
		SimpleHttpRequest request = SimpleHttpRequest.builder().method("GET").uri("https://merchant.example/").build();
		assertThat(this.verifier.evaluate(request, null, WebBotAuthProfile.defaults()).status())
			.isEqualTo(VerificationOutcome.Status.UNVERIFIED);
	}

	@Test
	void appliesWhenTheRequestCarriesTheProfilesTag() throws Exception {
		SimpleHttpRequest request = webBotAuth(null, CoveredComponent.AUTHORITY);
		assertThat(WebBotAuthProfile.defaults().applies(request)).isTrue();
		assertThat(VisaTapProfile.defaults().applies(request)).isFalse();
		assertThat(SignatureProfile.agentAuth(VerificationPolicy.defaults()).applies(request)).isTrue();
	}

	@Test
	void byNameWhenKnownThenTheProfileWithTheMerchantsTestKeySetting() {
		VerificationPolicy allowing = VerificationPolicy.builder().allowTestKeys(true).build();
		for (String name : VerificationProfiles.NAMES) {
			SignatureProfile profile = VerificationProfiles.byName(name, allowing);
			assertThat(profile.name()).isEqualTo(name);
			assertThat(profile.policy().isTestKeysAllowed()).isTrue();
		}
		assertThat(VerificationProfiles.byName(VerificationProfile.VISA_TAP, VerificationPolicy.defaults())
			.policy()
			.isTestKeysAllowed()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> VerificationProfiles.byName("tap", allowing));
	}

	@Test
	void webBotAuthWhenSignatureAgentNamesAnotherDirectoryThenMismatch() throws Exception {
		SimpleHttpRequest request = webBotAuth("sig1=\"https://other.example\"", CoveredComponent.AUTHORITY,
				CoveredComponent.dictionaryMember("signature-agent", "sig1"));
		assertRefused(request, WebBotAuthProfile.defaults(), ErrorCode.SIGNATURE_AGENT_MISMATCH);
	}

	@Test
	void webBotAuthWhenSignatureAgentNamesTheDirectoryItselfThenVerified() throws Exception {
		SimpleHttpRequest request = webBotAuth("\"" + DIRECTORY + "\"", CoveredComponent.AUTHORITY,
				CoveredComponent.of("signature-agent"));
		assertThat(this.verifier.evaluate(request, null, WebBotAuthProfile.defaults()).isVerified()).isTrue();
	}

	@Test
	void webBotAuthWhenKeyComesFromNoProviderThenMismatch() throws Exception {
		RequestSignatureVerifier registryOnly = verifier(new InMemoryKeyResolver().register(this.registered));
		SimpleHttpRequest request = webBotAuth("\"https://agent.example\"", CoveredComponent.AUTHORITY,
				CoveredComponent.of("signature-agent"));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> registryOnly.verify(request, null, WebBotAuthProfile.defaults()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_AGENT_MISMATCH));
	}

	@Test
	void namesDirectoryWhenOriginOrDirectoryUrlThenTrue() {
		assertThat(WebBotAuthProfile.namesDirectory(URI.create("https://agent.example"), DIRECTORY)).isTrue();
		assertThat(WebBotAuthProfile.namesDirectory(URI.create("https://Agent.Example:443/"), DIRECTORY)).isTrue();
		assertThat(WebBotAuthProfile.namesDirectory(URI.create(DIRECTORY), DIRECTORY)).isTrue();
		assertThat(WebBotAuthProfile.namesDirectory(URI.create("https://agent.example/keys"),
				"https://agent.example/keys")).isTrue();
		assertThat(WebBotAuthProfile.namesDirectory(URI.create("https://agent.example/keys"), DIRECTORY)).isFalse();
		assertThat(WebBotAuthProfile.namesDirectory(URI.create("https://agent.example:8443"), DIRECTORY)).isFalse();
		assertThat(WebBotAuthProfile.namesDirectory(URI.create("https://evil.example"), DIRECTORY)).isFalse();
		assertThat(WebBotAuthProfile.namesDirectory(URI.create("https://agent.example.evil.example"), DIRECTORY))
			.isFalse();
	}

	@Test
	void visaTapWhenProviderKeyIdIsAnotherKidThenUnknownKey() throws Exception {
		RequestSignatureVerifier other = verifier(new InMemoryKeyResolver().register("tap-kid-1",
				this.registered.withProvider(provider("visa-tap", JWKS, "tap-kid-2"))));
		SimpleHttpRequest request = signed(null, "tap-kid-1", "agent-browser-auth", CoveredComponent.AUTHORITY,
				CoveredComponent.PATH);
		assertThat(other.evaluate(request, null, VisaTapProfile.defaults()).errorCode())
			.isEqualTo(ErrorCode.UNKNOWN_KEY);
	}

	@Test
	void providerProfilesWhenKeyHasNoProviderThenAgentAuthWithTheMerchantsPolicy() throws Exception {
		VerificationPolicy merchant = VerificationPolicy.builder().maxLifetime(java.time.Duration.ofSeconds(120)).build();
		ProviderProfiles profiles = ProviderProfiles.of(merchant);
		assertThat(profiles.select(this.registered).policy()).isSameAs(merchant);
		RequestSignatureVerifier registryOnly = verifier(new InMemoryKeyResolver().register(this.registered));
		SimpleHttpRequest request = signed(null, this.key.keyId(), "agent-auth", CoveredComponent.METHOD,
				CoveredComponent.TARGET_URI);
		assertThat(registryOnly.verifySignature(request, false, profiles).profileName()).isEqualTo("agent-auth");
	}

	@Test
	void providerProfilesWhenKeyIsBrokeredThenItsProvidersProfile() throws Exception {
		ProviderProfiles profiles = ProviderProfiles.of(VerificationPolicy.defaults());
		SimpleHttpRequest webBotAuth = webBotAuth("sig1=\"https://agent.example\"", CoveredComponent.AUTHORITY,
				CoveredComponent.dictionaryMember("signature-agent", "sig1"));
		assertThat(this.verifier.verifySignature(webBotAuth, false, profiles).profileName()).isEqualTo("web-bot-auth");
		SimpleHttpRequest tap = signed(null, "tap-kid-1", "agent-browser-auth", CoveredComponent.AUTHORITY,
				CoveredComponent.PATH);
		assertThat(this.verifier.verifySignature(tap, false, profiles).profileName()).isEqualTo("visa-tap");
	}

	@Test
	void providerProfilesWhenTagDoesNotFitTheKeysProfileThenRefused() throws Exception {
		// a key from a web-bot-auth directory may not sign an agent-auth (or a TAP) request
		ProviderProfiles profiles = ProviderProfiles.of(VerificationPolicy.defaults());
		SimpleHttpRequest request = signed(null, this.key.keyId(), "agent-browser-auth", CoveredComponent.AUTHORITY,
				CoveredComponent.PATH);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> this.verifier.verifySignature(request, false, profiles))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_TAG_NOT_ALLOWED);
				assertThat(ex.getMessage()).contains("web-bot-auth profile");
			});
	}

	@Test
	void providerProfilesWhenProviderNamesAnUnknownProfileThenRefused() throws Exception {
		RequestSignatureVerifier unknown = verifier(new InMemoryKeyResolver()
			.register(this.registered.withProvider(provider("future-profile", DIRECTORY, this.key.keyId()))));
		SimpleHttpRequest request = webBotAuth(null, CoveredComponent.AUTHORITY);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> unknown.verifySignature(request, false, ProviderProfiles.of(VerificationPolicy.defaults())))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.PROFILE_NOT_SUPPORTED));
	}

	@Test
	void providerProfilesTakeTheMerchantsClockSkewAndTestKeySetting() {
		VerificationPolicy merchant = VerificationPolicy.builder()
			.clockSkew(java.time.Duration.ofSeconds(90))
			.allowTestKeys(true)
			.build();
		assertThat(ProviderProfiles.of(merchant).profiles().values()).allSatisfy((profile) -> {
			assertThat(profile.policy().clockSkew()).hasSeconds(90);
			assertThat(profile.policy().isTestKeysAllowed()).isTrue();
		});
	}

	@Test
	void providerProfilesAcceptEveryProfilesTags() {
		assertThat(ProviderProfiles.of(VerificationPolicy.defaults()).acceptedTags()).contains("agent-auth",
				"web-bot-auth", "agent-browser-auth", "agent-payer-auth");
	}

	private void assertRefused(SimpleHttpRequest request, SignatureProfile profile, ErrorCode code) {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> this.verifier.verify(request, null, profile))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(code));
		assertThat(this.verifier.evaluate(request, null, profile).status())
			.isEqualTo(VerificationOutcome.Status.INVALID);
	}

}
