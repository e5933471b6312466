// Longer than ~400 lines on purpose: the whole agentauth.* property tree as nested classes of one
// @ConfigurationProperties type, each property documented, from which Spring Boot generates the IDE metadata.
package dev.agentauth.merchant.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.agentauth.core.signature.CryptoProvider;

/**
 * Settings of the Agent Auth merchant starter, under {@code agentauth.*}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("agentauth")
public class AgentAuthProperties {

	/**
	 * Ant-style paths that require a signed agent request, e.g. {@code /api/**}. When empty, the starter adds no
	 * filter chain of its own; use {@code http.with(AgentAuthConfigurer.agentAuth(), ...)} instead.
	 */
	private List<String> protectedPaths = new ArrayList<>();

	/**
	 * Largest request body read to check its Content-Digest; longer bodies are refused with 413
	 * {@code body_too_large}.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	private final Registry registry = new Registry();

	/**
	 * Several trusted registries (agent platforms, each a realm of its own), asked in this order; instead of
	 * {@code agentauth.registry.issuer-uri}. {@code agentauth.registry.*} tuning, {@code agentauth.merchant-id},
	 * {@code agentauth.revocation.client-id}, {@code max-lag} and {@code retention} apply to each unless it
	 * overrides them.
	 */
	private List<TrustedRegistry> registries = new ArrayList<>();

	private final Signature signature = new Signature();

	private final Replay replay = new Replay();

	/**
	 * This merchant's client id in the realm: delegation tokens must name it in {@code aud}. When unset,
	 * requests with {@code Authorization: Agent <token>} are refused ({@code token_invalid}).
	 */
	private @Nullable String merchantId;

	private final Delegation delegation = new Delegation();

	private final Revocation revocation = new Revocation();

	private final State state = new State();

	private final Crypto crypto = new Crypto();

	public Crypto getCrypto() {
		return this.crypto;
	}

	public @Nullable String getMerchantId() {
		return this.merchantId;
	}

	public void setMerchantId(@Nullable String merchantId) {
		this.merchantId = merchantId;
	}

	public Delegation getDelegation() {
		return this.delegation;
	}

	public Revocation getRevocation() {
		return this.revocation;
	}

	public State getState() {
		return this.state;
	}

	public List<String> getProtectedPaths() {
		return this.protectedPaths;
	}

	public void setProtectedPaths(List<String> protectedPaths) {
		this.protectedPaths = protectedPaths;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public Registry getRegistry() {
		return this.registry;
	}

	public List<TrustedRegistry> getRegistries() {
		return this.registries;
	}

	public void setRegistries(List<TrustedRegistry> registries) {
		this.registries = registries;
	}

	public Signature getSignature() {
		return this.signature;
	}

	public Replay getReplay() {
		return this.replay;
	}

	/** The agent key registry (a Keycloak realm with the Agent Auth extension). */
	public static class Registry {

		/**
		 * The realm URL, e.g. {@code http://localhost:8080/realms/agentic-commerce}; keys are looked up at
		 * {@code {issuer-uri}/agents/keys/{kid}}.
		 */
		private @Nullable URI issuerUri;

		/**
		 * How long past its freshness a cached key is still accepted while the registry cannot be reached; after
		 * that requests are refused with 503 {@code registry_unavailable}.
		 */
		private Duration maxStale = Duration.ofMinutes(10);

		/** How long a key stays cached when the registry sends no {@code Cache-Control: max-age}. */
		private Duration defaultMaxAge = Duration.ofMinutes(5);

		/** How long an unknown keyid (registry answered 404) is remembered. */
		private Duration negativeTtl = Duration.ofSeconds(10);

		/** Timeout of one registry request (connect and response). */
		private Duration timeout = Duration.ofSeconds(2);

		/** Most keys kept in the cache. */
		private long cacheSize = 10_000;

		public @Nullable URI getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(@Nullable URI issuerUri) {
			this.issuerUri = issuerUri;
		}

		public Duration getMaxStale() {
			return this.maxStale;
		}

		public void setMaxStale(Duration maxStale) {
			this.maxStale = maxStale;
		}

		public Duration getDefaultMaxAge() {
			return this.defaultMaxAge;
		}

		public void setDefaultMaxAge(Duration defaultMaxAge) {
			this.defaultMaxAge = defaultMaxAge;
		}

		public Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public long getCacheSize() {
			return this.cacheSize;
		}

		public void setCacheSize(long cacheSize) {
			this.cacheSize = cacheSize;
		}

	}

	/** One of several trusted registries ({@code agentauth.registries[n]}). */
	public static class TrustedRegistry {

		/**
		 * The merchant's name for the registry, e.g. {@code openai}: named by the principal
		 * ({@code AgentPrincipal.registry()}), the audit line, metrics and Redis keys. 1-64 of
		 * {@code A-Za-z0-9._-}.
		 */
		private @Nullable String name;

		/** The realm URL; keys are looked up at {@code {issuer-uri}/agents/keys/{kid}}. */
		private @Nullable URI issuerUri;

		/**
		 * This merchant's client id in that realm: its delegation tokens must name it in {@code aud}. Default
		 * {@code agentauth.merchant-id}; delegation tokens of this registry are accepted only when one is set.
		 */
		private @Nullable String merchantId;

		/** The client that polls the revocation feed (and pushes nothing else); default the merchant id. */
		private @Nullable String clientId;

		/** The merchant client's secret in that realm; the registry's revocation feed runs when it is set. */
		private @Nullable String clientSecret;

		/** Registry request timeout; default {@code agentauth.registry.timeout}. */
		private @Nullable Duration timeout;

		/** How long its answers are used while it is unreachable; default {@code agentauth.registry.max-stale}. */
		private @Nullable Duration maxStale;

		/** How long its "unknown keyid" answer is remembered; default {@code agentauth.registry.negative-ttl}. */
		private @Nullable Duration negativeTtl;

		/** Longest time without a successful poll of its feed; default {@code agentauth.revocation.max-lag}. */
		private @Nullable Duration maxLag;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable URI getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(@Nullable URI issuerUri) {
			this.issuerUri = issuerUri;
		}

		public @Nullable String getMerchantId() {
			return this.merchantId;
		}

		public void setMerchantId(@Nullable String merchantId) {
			this.merchantId = merchantId;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable Duration getMaxStale() {
			return this.maxStale;
		}

		public void setMaxStale(@Nullable Duration maxStale) {
			this.maxStale = maxStale;
		}

		public @Nullable Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(@Nullable Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public @Nullable Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(@Nullable Duration maxLag) {
			this.maxLag = maxLag;
		}

	}

	/** RFC 9421 signature policy. */
	public static class Signature {

		/** Longest accepted signature lifetime ({@code expires - created}). */
		private Duration maxLifetime = Duration.ofSeconds(300);

		/** Clock skew tolerated on {@code created} and {@code expires}. */
		private Duration clockSkew = Duration.ofSeconds(30);

		/**
		 * Scheme and authority agents address, e.g. {@code https://shop.example.com}: {@code @target-uri},
		 * {@code @authority} and {@code @scheme} are derived from it (with the request's path and query) instead
		 * of the request's scheme and {@code Host}, so every instance behind one public URL verifies the same
		 * signatures. No path, query or fragment. Unset: the request's own scheme and {@code Host}.
		 */
		private @Nullable URI publicBaseUri;

		/**
		 * Whether published test keys (RFC 9421 Appendix B, the Web Bot Auth drafts' example key, the conformance
		 * kit's keys; {@code dev.agentauth.core.key.KnownTestKeys}) may sign requests, under every profile.
		 * Anyone holds their private halves: for development only. Default: refused with
		 * {@code test_key_not_allowed}.
		 */
		private boolean allowTestKeys;

		public boolean isAllowTestKeys() {
			return this.allowTestKeys;
		}

		public void setAllowTestKeys(boolean allowTestKeys) {
			this.allowTestKeys = allowTestKeys;
		}

		public @Nullable URI getPublicBaseUri() {
			return this.publicBaseUri;
		}

		public void setPublicBaseUri(@Nullable URI publicBaseUri) {
			this.publicBaseUri = publicBaseUri;
		}

		public Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

	}

	/** Where nonces are remembered. */
	public enum Store {

		/** In this process (bounded, fails closed when full). */
		MEMORY,
		/** In Redis, shared by all instances ({@code spring.data.redis.*}). */
		REDIS

	}

	/** What to do when Redis cannot be reached. */
	public enum RedisFailure {

		/** Refuse with 503 {@code nonce_store_unavailable} (fail closed). */
		FAIL,
		/** Remember nonces in memory until Redis is back (replays across instances are then possible). */
		ALLOW_LOCAL

	}

	/** Replay protection. */
	public static class Replay {

		/** Where nonces are remembered. */
		private Store store = Store.MEMORY;

		/** What to do when the Redis nonce store cannot be reached. */
		private RedisFailure redisFailure = RedisFailure.FAIL;

		/** Prefix of the nonce keys in Redis ({@code <prefix><keyid>:<nonce>}). */
		private String redisKeyPrefix = "agentauth:nonce:";

		/**
		 * Redis command timeout applied when {@code spring.data.redis.timeout} is not set (Lettuce only; it then
		 * applies to the application's whole Redis connection factory). A hung Redis then means 503
		 * {@code nonce_store_unavailable} after this long instead of Lettuce's 60 s default.
		 */
		private Duration redisTimeout = Duration.ofSeconds(1);

		public String getRedisKeyPrefix() {
			return this.redisKeyPrefix;
		}

		public void setRedisKeyPrefix(String redisKeyPrefix) {
			this.redisKeyPrefix = redisKeyPrefix;
		}

		public Duration getRedisTimeout() {
			return this.redisTimeout;
		}

		public void setRedisTimeout(Duration redisTimeout) {
			this.redisTimeout = redisTimeout;
		}

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public RedisFailure getRedisFailure() {
			return this.redisFailure;
		}

		public void setRedisFailure(RedisFailure redisFailure) {
			this.redisFailure = redisFailure;
		}

		/** Most nonces remembered by the in-memory store; when full it refuses (fails closed). */
		private int maxEntries = 1_000_000;

		/**
		 * Most nonces remembered per signing key by the in-memory store. A nonce is kept for the signature lifetime
		 * plus the clock skew, so this caps one key at maxEntriesPerKey / (lifetime + skew) requests per second
		 * (~2,200/s with 60 s signatures and 30 s skew); beyond it requests get 503 {@code nonce_store_full}. About
		 * 160 bytes of heap per nonce.
		 */
		private int maxEntriesPerKey = 200_000;

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		public int getMaxEntriesPerKey() {
			return this.maxEntriesPerKey;
		}

		public void setMaxEntriesPerKey(int maxEntriesPerKey) {
			this.maxEntriesPerKey = maxEntriesPerKey;
		}

	}

	/** Delegation tokens (layer 2). */
	public static class Delegation {

		/** Most verified delegation tokens kept (by SHA-256), so a token is verified once, not per request. */
		private long tokenCacheSize = 10_000;

		public long getTokenCacheSize() {
			return this.tokenCacheSize;
		}

		public void setTokenCacheSize(long tokenCacheSize) {
			this.tokenCacheSize = tokenCacheSize;
		}

	}

	/** The realm's revocation feed (RFC 8936 poll of RFC 8417 security event tokens). */
	public static class Revocation {

		/**
		 * The merchant client's secret (client credentials at the realm); the feed runs when this and
		 * {@code agentauth.merchant-id} are set.
		 */
		private @Nullable String clientSecret;

		/** The client that polls; defaults to {@code agentauth.merchant-id}. */
		private @Nullable String clientId;

		/**
		 * The feed's receiver name (Keycloak keeps acknowledgements per client and receiver). With a shared revocation
		 * set ({@code agentauth.state.store=redis}) it defaults to {@code agentauth.merchant-id}: every instance on one
		 * Redis shares it. Give each Redis its own (one per site) when several sites each have their own Redis, or an
		 * event one site acknowledged never reaches the other. In memory, each instance has its own anyway.
		 */
		private @Nullable String receiver;

		/**
		 * Longest time without a successful poll before requests with delegation tokens are refused
		 * ({@code revocation_feed_unavailable}, 503) and the health indicator goes down. Below 10 s the feed is
		 * polled every max-lag / 3 without waiting instead of long polls.
		 */
		private Duration maxLag = Duration.ofSeconds(30);

		/** How long revocations are kept: at least the longest delegation token lifetime (Keycloak: 24 h). */
		private Duration retention = Duration.ofHours(24);

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getReceiver() {
			return this.receiver;
		}

		public void setReceiver(@Nullable String receiver) {
			if (receiver != null && !receiver.matches("[A-Za-z0-9._-]{1,64}")) {
				throw new IllegalArgumentException("agentauth.revocation.receiver must be 1 to 64 letters, digits, '.', "
						+ "'_' or '-', was '" + receiver + "'");
			}
			this.receiver = receiver;
		}

		public Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(Duration maxLag) {
			this.maxLag = maxLag;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

	}

	/** Where the revocation set and spend-limit totals live. */
	public static class State {

		/**
		 * {@code memory} (one instance) or {@code redis} (shared by instances through Spring Boot's Redis
		 * connection: budgets cannot be exceeded together and revocations are shared).
		 */
		private Store store = Store.MEMORY;

		/** Prefix of the Redis keys. */
		private String redisKeyPrefix = "agentauth:";

		/**
		 * How many Redis replicas must acknowledge each budget reservation and revocation entry ({@code WAIT})
		 * before it counts; 0 (the default) does not wait. Set 1 on Redis Cluster or Sentinel with replicas, so a
		 * failover cannot forget them; with fewer replicas connected than this, those writes are refused (503).
		 */
		private int redisReplicas;

		/** How long to wait for the replicas ({@code WAIT}'s timeout); keep it below the Redis command timeout. */
		private Duration redisReplicaTimeout = Duration.ofMillis(250);

		public int getRedisReplicas() {
			return this.redisReplicas;
		}

		public void setRedisReplicas(int redisReplicas) {
			if (redisReplicas < 0) {
				throw new IllegalArgumentException("agentauth.state.redis-replicas cannot be negative, was "
						+ redisReplicas);
			}
			this.redisReplicas = redisReplicas;
		}

		public Duration getRedisReplicaTimeout() {
			return this.redisReplicaTimeout;
		}

		public void setRedisReplicaTimeout(Duration redisReplicaTimeout) {
			if (redisReplicaTimeout.isNegative() || redisReplicaTimeout.isZero()) {
				throw new IllegalArgumentException("agentauth.state.redis-replica-timeout must be positive, was "
						+ redisReplicaTimeout);
			}
			this.redisReplicaTimeout = redisReplicaTimeout;
		}

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public String getRedisKeyPrefix() {
			return this.redisKeyPrefix;
		}

		public void setRedisKeyPrefix(String redisKeyPrefix) {
			this.redisKeyPrefix = redisKeyPrefix;
		}

	}

	/**
	 * Which implementation verifies signatures.
	 */
	public static class Crypto {

		/**
		 * Verifier for Ed25519 and ECDSA P-256 signatures: {@code auto} uses the Amazon Corretto Crypto Provider
		 * (native AWS-LC, about twice as fast for Ed25519) when its jar is on the class path and loads, else
		 * BouncyCastle; {@code bouncycastle} always uses BouncyCastle; {@code accp} requires the native provider
		 * and fails at start-up without it.
		 */
		private CryptoProvider provider = CryptoProvider.AUTO;

		public CryptoProvider getProvider() {
			return this.provider;
		}

		public void setProvider(CryptoProvider provider) {
			this.provider = provider;
		}

	}

}
