package dev.agentauth.merchant.key;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.test.FakeKeyRegistry;
import dev.agentauth.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RegistryKeyResolver} against a real HTTP server speaking the registry's key-lookup protocol.
 */
class RegistryKeyResolverTests {

	/** Of the thumbprint syntax, registered nowhere. */
	private static final String UNREGISTERED = "A".repeat(43);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final List<RegistryKeyResolver.CacheResult> cacheResults = new ArrayList<>();

	private FakeKeyRegistry registry;

	private RegistryKeyResolver resolver;

	@BeforeEach
	void startRegistry() {
		this.registry = FakeKeyRegistry.start("test");
		URI issuer = this.registry.issuerUri();
		this.resolver = new RegistryKeyResolver(issuer, HttpClient.newHttpClient(), this.clock, 100);
		this.resolver.setMaxStale(Duration.ofSeconds(2));
		this.resolver.setCacheResultListener(this.cacheResults::add);
	}

	@AfterEach
	void stopRegistry() {
		this.registry.close();
	}

	@Test
	void resolveWhenKeyRegisteredThenReturnsItAndCachesForMaxAge() throws Exception {
		RegisteredKey key = register(AgentStatus.ACTIVE);
		assertThat(this.resolver.resolve(key.keyId())).isEqualTo(key);
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.resolver.resolve(key.keyId())).isEqualTo(key);
		assertThat(this.registry.requests()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(2));
		this.resolver.resolve(key.keyId());
		assertThat(this.registry.requests()).isEqualTo(2);
		assertThat(this.cacheResults).containsExactly(RegistryKeyResolver.CacheResult.MISS,
				RegistryKeyResolver.CacheResult.HIT, RegistryKeyResolver.CacheResult.MISS);
		assertThat(this.resolver.lastFetch().reachable()).isTrue();
	}

	@Test
	void resolveWhenBrokeredKeyIsLookedUpByItsJwksKidThenReturnedWithItsProvider() throws Exception {
		RegisteredKey key = brokered("tap-key-2026-01");
		this.registry.register("tap-key-2026-01", key.toJson());
		RegisteredKey resolved = this.resolver.resolve("tap-key-2026-01");
		assertThat(resolved).isEqualTo(key);
		assertThat(resolved.provider().profile()).isEqualTo("visa-tap");
		// the revocation feed names keys by thumbprint: a key cached under its kid is forgotten too
		this.resolver.evict(null, key.keyId());
		this.resolver.resolve("tap-key-2026-01");
		assertThat(this.registry.requests()).isEqualTo(2);
	}

	@Test
	void resolveWhenTheAnswerIsNeitherTheThumbprintNorTheProvidersKidThenMismatch() throws Exception {
		this.registry.register("tap-key-2026-01", brokered("tap-key-2026-02").toJson());
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.resolve("tap-key-2026-01"))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.KEY_ID_MISMATCH);
	}

	@Test
	void resolveWhenTheRegistryAnswersKeyAmbiguousThenRefused() {
		this.registry.ambiguous(UNREGISTERED);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.resolve(UNREGISTERED))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.KEY_AMBIGUOUS);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.lookup(UNREGISTERED))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.KEY_AMBIGUOUS);
	}

	@Test
	void resolveWhenTheKeysProviderIsUnavailableThenFailsClosedWithoutTheStaleKey() throws Exception {
		RegisteredKey key = brokered("tap-key-2026-01");
		this.registry.register("tap-key-2026-01", key.toJson());
		this.registry.cacheControl("max-age=1");
		this.resolver.resolve("tap-key-2026-01");
		this.clock.advance(Duration.ofSeconds(2));
		this.registry.providerUnavailable("tap-key-2026-01");
		// a registry that cannot be reached would get the stale key (max-stale); this answer forbids it
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.resolve("tap-key-2026-01"))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.REGISTRY_UNAVAILABLE);
		assertThat(this.resolver.lastFetch().detail()).isEqualTo("503 provider_unavailable");
	}

	private static RegisteredKey brokered(String kid) throws Exception {
		AgentKey key = AgentKey.from(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONObject());
		return new RegisteredKey("tap-agent", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, key)
			.withProvider(new AgentProvider("visa", "Visa", AgentProvider.TYPE_JWKS, "visa-tap",
					"https://tap.example/.well-known/jwks.json", kid));
	}

	@Test
	void resolveWhenNoStoreThenAsksEveryTime() throws Exception {
		this.registry.cacheControl("no-store");
		RegisteredKey key = register(AgentStatus.ACTIVE);
		this.resolver.resolve(key.keyId());
		this.resolver.resolve(key.keyId());
		assertThat(this.registry.requests()).isEqualTo(2);
	}

	@Test
	void resolveWhenUnknownThenThrowsUnknownKeyAndCachesNegatively() {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.resolve(UNREGISTERED))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.UNKNOWN_KEY);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.resolve(UNREGISTERED))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.UNKNOWN_KEY);
		assertThat(this.registry.requests()).isEqualTo(1);
		assertThat(this.cacheResults).containsExactly(RegistryKeyResolver.CacheResult.MISS,
				RegistryKeyResolver.CacheResult.NEGATIVE);
	}

	@Test
	void resolveWhenKeyIdIsNotAThumbprintThenRefusedWithoutAskingTheRegistry() {
		// "." and ".." survive percent-encoding and would be resolved against the registry's URL path
		for (String keyId : List.of(".", "..", "../../admin", "%2e%2e", "")) {
			assertThatExceptionOfType(AgentAuthException.class).as(keyId)
				.isThrownBy(() -> this.resolver.resolve(keyId))
				.extracting(AgentAuthException::errorCode)
				.isEqualTo(ErrorCode.KEYID_NOT_THUMBPRINT);
			assertThatExceptionOfType(AgentAuthException.class).as(keyId)
				.isThrownBy(() -> this.resolver.lookup(keyId))
				.extracting(AgentAuthException::errorCode)
				.isEqualTo(ErrorCode.KEYID_NOT_THUMBPRINT);
		}
		assertThat(this.registry.requests()).isEqualTo(0);
	}

	@Test
	void resolveWhenRegistryDownThenServesStaleKeyUntilMaxStaleThenThrowsRegistryUnavailable() throws Exception {
		RegisteredKey key = register(AgentStatus.ACTIVE);
		this.resolver.resolve(key.keyId());
		this.registry.close();
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.resolver.resolve(key.keyId())).isEqualTo(key);
		assertThat(this.cacheResults).endsWith(RegistryKeyResolver.CacheResult.STALE);
		assertThat(this.resolver.lastFetch().reachable()).isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.resolve(key.keyId()))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.REGISTRY_UNAVAILABLE);
	}

	@Test
	void resolveWhenRegistryDownAndNothingCachedThenThrowsRegistryUnavailable() {
		this.registry.close();
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> this.resolver.resolve(UNREGISTERED))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.REGISTRY_UNAVAILABLE);
	}

	@Test
	void resolveWhenAgentSuspendedThenReturnsKeyForCheckUsableToRefuse() throws Exception {
		RegisteredKey key = register(AgentStatus.SUSPENDED);
		RegisteredKey resolved = this.resolver.resolve(key.keyId());
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> resolved.checkUsable(this.clock.instant()))
			.extracting(AgentAuthException::errorCode)
			.isEqualTo(ErrorCode.AGENT_SUSPENDED);
	}

	@Test
	void healthWhenLastFetchSucceededThenUpAndWhenRegistryDownThenDown() throws Exception {
		RegistryHealthIndicator health = new RegistryHealthIndicator(this.resolver, HttpClient.newHttpClient(),
				Duration.ofSeconds(1));
		RegisteredKey key = register(AgentStatus.ACTIVE);
		this.resolver.resolve(key.keyId());
		assertThat(health.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
		this.registry.close();
		this.clock.advance(Duration.ofSeconds(61));
		this.resolver.resolve(key.keyId());
		assertThat(health.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
	}

	private RegisteredKey register(AgentStatus status) throws Exception {
		AgentKey agentKey = AgentKey.from(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK());
		RegisteredKey key = new RegisteredKey("agent-1", status, "operator-1", KeyStatus.ACTIVE, null, null, agentKey);
		this.registry.register(key.keyId(), key.toJson());
		return key;
	}

}
