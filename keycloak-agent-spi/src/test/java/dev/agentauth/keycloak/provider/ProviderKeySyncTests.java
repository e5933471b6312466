package dev.agentauth.keycloak.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.KnownTestKeys;
import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.core.signature.KeyDirectory;
import dev.agentauth.keycloak.Fakes;
import dev.agentauth.keycloak.JpaStoreFixture;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.provider.AgentProviderStore.DuplicateAliasException;
import dev.agentauth.keycloak.provider.AgentProviderStore.ProviderSettings;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.registry.RegistrySettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProviderKeySyncTests {

	private final JpaStoreFixture fixture = new JpaStoreFixture();

	private final AgentRegistry registry = this.fixture.registry();

	private final AgentProviderStore store = this.fixture.providers();

	private final RealmModel realm = JpaStoreFixture.realm("realm-providers");

	private final ProviderKeySync sync = new ProviderKeySync(this.fixture.session(), this.realm);

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private static AgentKey newKey() throws Exception {
		return AgentKey.from(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK());
	}

	private AgentProviderModel add(String alias, ProviderType type, String profile) {
		return this.store.create(this.realm,
				new ProviderSettings(alias, "Bot " + alias, type, "https://" + alias + ".example/keys", profile, true));
	}

	private static ProviderKeyFetcher.Fetched fetched(Duration maxAge, KeyDirectory.Entry... entries) {
		return new ProviderKeyFetcher.Fetched(new KeyDirectory.Keys(List.of(entries), 0), maxAge);
	}

	private List<RevocationEvent> events() {
		return this.fixture.events().pending(this.realm, "shop/a", Instant.EPOCH, 100, false);
	}

	@Test
	void createWhenAliasExistsInTheRealmThenThrowsAndOtherRealmsMayUseIt() {
		add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		assertThatExceptionOfType(DuplicateAliasException.class)
			.isThrownBy(() -> add("bots", ProviderType.JWKS, "visa-tap"));
		this.store.create(JpaStoreFixture.realm("realm-other"), new ProviderSettings("bots", "Bots",
				ProviderType.JWKS, "https://x.example/jwks", "visa-tap", true));
		assertThat(this.store.list(this.realm)).extracting(AgentProviderModel::alias).containsExactly("bots");
	}

	@Test
	void createWhenAddedThenDueNowAndNotFetchedYet() {
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		this.fixture.flush();
		assertThat(provider.lastFetch()).isNull();
		assertThat(this.store.due(KeycloakClock.now().plusSeconds(1), 10)).extracting(AgentProviderModel::alias)
			.contains("bots");
	}

	@Test
	void applyWhenDirectoryFetchedThenOneBrokeredAgentWithKeysLookedUpByThumbprint() throws Exception {
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		AgentKey a = newKey();
		AgentKey b = newKey();
		ProviderKeySync.Result result = this.sync.apply(provider,
				fetched(Duration.ofSeconds(600), new KeyDirectory.Entry(a.thumbprint(), a),
						new KeyDirectory.Entry(b.thumbprint(), b)),
				KeycloakClock.now());
		this.fixture.flush();

		assertThat(result.ok()).isTrue();
		assertThat(result.keyCount()).isEqualTo(2);
		List<AgentModel> agents = this.registry.providerAgents(this.realm, "bots");
		assertThat(agents).singleElement().satisfies((agent) -> {
			assertThat(agent.provider()).isEqualTo("bots");
			assertThat(agent.name()).isEqualTo("Bot bots");
		});
		assertThat(this.registry.findKeys(this.realm, a.thumbprint())).singleElement().satisfies((key) -> {
			assertThat(key.provider()).isEqualTo("bots");
			assertThat(key.providerKeyId()).isEqualTo(a.thumbprint());
			assertThat(key.status()).isEqualTo(KeyStatus.ACTIVE);
		});
		AgentProviderModel recorded = this.store.get(this.realm, "bots").orElseThrow();
		assertThat(recorded.lastResult()).isEqualTo("ok");
		assertThat(recorded.keyCount()).isEqualTo(2);
		assertThat(recorded.lastSuccess()).isNotNull();
		assertThat(recorded.nextFetch()).isAfter(recorded.lastFetch().plusSeconds(599));
	}

	@Test
	void applyWhenJwksFetchedThenOneAgentPerKidAndKeysLookedUpByKidNotThumbprint() throws Exception {
		AgentProviderModel provider = add("tap", ProviderType.JWKS, "visa-tap");
		AgentKey a = newKey();
		AgentKey b = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry("kid-a", a), new KeyDirectory.Entry("kid-b", b)),
				KeycloakClock.now());
		this.fixture.flush();

		assertThat(this.registry.providerAgents(this.realm, "tap")).hasSize(2);
		assertThat(this.registry.findKeys(this.realm, "kid-a")).singleElement()
			.satisfies((key) -> assertThat(key.kid()).isEqualTo(a.thumbprint()));
		assertThat(this.registry.findKeys(this.realm, a.thumbprint())).isEmpty();
	}

	@Test
	void applyWhenAKeyLeftTheDirectoryThenItIsRetiredWithTheOverlapAndReturnsWhenPublishedAgain() throws Exception {
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		AgentKey a = newKey();
		AgentKey b = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a),
				new KeyDirectory.Entry(b.thumbprint(), b)), KeycloakClock.now());
		ProviderKeySync.Result result = this.sync.apply(provider,
				fetched(null, new KeyDirectory.Entry(b.thumbprint(), b)), KeycloakClock.now());
		this.fixture.flush();

		assertThat(result.retired()).isEqualTo(1);
		AgentKeyModel retired = this.registry.findKeys(this.realm, a.thumbprint()).get(0);
		assertThat(retired.status()).isEqualTo(KeyStatus.RETIRED);
		assertThat(retired.notAfter()).isAfter(KeycloakClock.now().plus(Duration.ofHours(47)));

		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a),
				new KeyDirectory.Entry(b.thumbprint(), b)), KeycloakClock.now());
		this.fixture.flush();
		AgentKeyModel back = this.registry.findKeys(this.realm, a.thumbprint()).get(0);
		assertThat(back.status()).isEqualTo(KeyStatus.ACTIVE);
		assertThat(back.notAfter()).isNull();
	}

	@Test
	void applyWhenAdminRevokedABrokeredKeyThenAFetchDoesNotBringItBack() throws Exception {
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		AgentKey a = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a)), KeycloakClock.now());
		AgentKeyModel key = this.registry.findKeys(this.realm, a.thumbprint()).get(0);
		assertThat(this.registry.revokeKey(this.realm, key.agentId(), key.kid())).isPresent();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a)), KeycloakClock.now());
		this.fixture.flush();
		assertThat(this.registry.findKeys(this.realm, a.thumbprint()).get(0).status()).isEqualTo(KeyStatus.REVOKED);
	}

	@Test
	void applyWhenAJwksKidNowNamesAnotherKeyThenTheOldKeyIsRevokedInTheFeed() throws Exception {
		AgentProviderModel provider = add("tap", ProviderType.JWKS, "visa-tap");
		AgentKey a = newKey();
		AgentKey b = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry("kid-1", a)), KeycloakClock.now());
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry("kid-1", b)), KeycloakClock.now());
		this.fixture.flush();

		assertThat(this.registry.findKeys(this.realm, "kid-1")).singleElement()
			.satisfies((key) -> assertThat(key.kid()).isEqualTo(b.thumbprint()));
		assertThat(events()).anySatisfy((event) -> {
			assertThat(event.type()).isEqualTo(RevocationEventType.KEY_REVOKED);
			assertThat(event.subject()).isEqualTo(a.thumbprint());
		});
	}

	@Test
	void applyWhenTheRegistryHasTheSameKeyThenBothAreFoundByThatKeyId() throws Exception {
		AgentKey a = newKey();
		AgentModel registered = this.registry.createAgent(this.realm, "Registered", null, null, List.of());
		this.registry.addKey(this.realm, registered.id(), a);
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a)), KeycloakClock.now());
		this.fixture.flush();

		assertThat(this.registry.findKeys(this.realm, a.thumbprint())).extracting(AgentKeyModel::provider)
			.containsExactlyInAnyOrder(null, "bots");
		// the registry's own lookups by thumbprint still mean the registered key
		assertThat(this.registry.findKey(this.realm, a.thumbprint())).get()
			.satisfies((key) -> assertThat(key.provider()).isNull());
	}

	@Test
	void applyWhenOnlyTestKeysArePublishedThenFailsAndKeepsTheLastKeys() throws Exception {
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		AgentKey a = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a)), KeycloakClock.now());
		AgentKey testKey = AgentKey.parse(testKeyJwk());
		assertThat(KnownTestKeys.isTestKey(testKey)).isTrue();
		ProviderKeySync.Result result = this.sync.apply(this.store.get(this.realm, "bots").orElseThrow(),
				fetched(null, new KeyDirectory.Entry(testKey.thumbprint(), testKey)), KeycloakClock.now());
		this.fixture.flush();

		assertThat(result.result()).isEqualTo("no_usable_key");
		assertThat(result.skipped()).isEqualTo(1);
		assertThat(this.registry.findKeys(this.realm, a.thumbprint()).get(0).status()).isEqualTo(KeyStatus.ACTIVE);
		assertThat(this.registry.findKeys(this.realm, testKey.thumbprint())).isEmpty();
	}

	@Test
	void applyWhenTheRealmAllowsTestKeysThenTheyAreBrokered() throws Exception {
		RealmModel dev = Fakes.realm("realm-dev", Map.of(RegistrySettings.ALLOW_TEST_KEYS, "true"));
		AgentProviderModel provider = this.store.create(dev, new ProviderSettings("bots", "Bots",
				ProviderType.WEB_BOT_AUTH, "https://bots.example/d", "web-bot-auth", true));
		AgentKey testKey = AgentKey.parse(testKeyJwk());
		ProviderKeySync.Result result = new ProviderKeySync(this.fixture.session(), dev).apply(provider,
				fetched(null, new KeyDirectory.Entry(testKey.thumbprint(), testKey)), KeycloakClock.now());
		assertThat(result.ok()).isTrue();
	}

	@Test
	void failedWhenTheProviderIsUnreachableThenKeepsItsKeysUntilTheBound() throws Exception {
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		AgentKey a = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a)), KeycloakClock.now());
		ProviderKeySync.Result result = this.sync.failed(this.store.get(this.realm, "bots").orElseThrow(),
				new ProviderFetchException(ProviderFetchException.UNREACHABLE, "connection refused"),
				KeycloakClock.now());
		this.fixture.flush();

		assertThat(result.ok()).isFalse();
		AgentProviderModel recorded = this.store.get(this.realm, "bots").orElseThrow();
		assertThat(recorded.lastResult()).isEqualTo("unreachable");
		assertThat(recorded.lastError()).isEqualTo("connection refused");
		assertThat(recorded.keyCount()).isEqualTo(1);
		ProviderFetchSettings settings = this.store.fetchSettings();
		assertThat(settings.failedClosed(recorded, KeycloakClock.now())).isFalse();
		assertThat(settings.failedClosed(recorded, KeycloakClock.now().plus(Duration.ofHours(25)))).isTrue();
		assertThat(this.registry.findKeys(this.realm, a.thumbprint()).get(0).status()).isEqualTo(KeyStatus.ACTIVE);
	}

	@Test
	void updateWhenDisabledThenSuspensionEventsAndWhenEnabledActivationEvents() throws Exception {
		AgentProviderModel provider = add("bots", ProviderType.WEB_BOT_AUTH, "web-bot-auth");
		AgentKey a = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry(a.thumbprint(), a)), KeycloakClock.now());
		String agentId = this.registry.providerAgents(this.realm, "bots").get(0).id();

		this.sync.update(provider, new ProviderSettings("bots", "Bots", ProviderType.WEB_BOT_AUTH, provider.url(),
				"web-bot-auth", false));
		this.sync.update(this.store.get(this.realm, "bots").orElseThrow(), new ProviderSettings("bots", "Bots",
				ProviderType.WEB_BOT_AUTH, provider.url(), "web-bot-auth", true));
		this.fixture.flush();

		assertThat(events()).filteredOn((event) -> agentId.equals(event.subject()))
			.extracting(RevocationEvent::type)
			.containsExactly(RevocationEventType.AGENT_SUSPENDED, RevocationEventType.AGENT_ACTIVATED);
	}

	@Test
	void deleteWhenProviderHasAgentsThenTheyAreDeletedWithARevocationEvent() throws Exception {
		AgentProviderModel provider = add("tap", ProviderType.JWKS, "visa-tap");
		AgentKey a = newKey();
		this.sync.apply(provider, fetched(null, new KeyDirectory.Entry("kid-a", a)), KeycloakClock.now());
		String agentId = this.registry.providerAgents(this.realm, "tap").get(0).id();

		assertThat(this.sync.delete("tap")).isTrue();
		this.fixture.flush();

		assertThat(this.store.get(this.realm, "tap")).isEmpty();
		assertThat(this.registry.getAgent(this.realm, agentId)).isEmpty();
		assertThat(this.registry.findKeys(this.realm, "kid-a")).isEmpty();
		assertThat(events()).anySatisfy((event) -> {
			assertThat(event.type()).isEqualTo(RevocationEventType.AGENT_REVOKED);
			assertThat(event.subject()).isEqualTo(agentId);
		});
		assertThat(this.sync.delete("tap")).isFalse();
	}

	@Test
	void nextFetchWhenMaxAgeIsOutsideTheBoundsThenClamped() {
		ProviderFetchSettings settings = ProviderFetchSettings.DEFAULTS;
		Instant now = Instant.parse("2026-12-07T00:00:00Z");
		assertThat(settings.nextFetch(now, Duration.ofSeconds(5))).isEqualTo(now.plusSeconds(60));
		assertThat(settings.nextFetch(now, Duration.ofDays(7))).isEqualTo(now.plus(Duration.ofHours(24)));
		assertThat(settings.nextFetch(now, Duration.ofMinutes(10))).isEqualTo(now.plus(Duration.ofMinutes(10)));
		assertThat(settings.nextFetch(now, null)).isEqualTo(now.plus(Duration.ofHours(1)));
	}

	// RFC 9421 Appendix B.1.4 test-key-ed25519 (public part)
	private static String testKeyJwk() {
		return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs\"}";
	}

}
