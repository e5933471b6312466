package dev.agentauth.merchant.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.key.TrustedRegistryKeyResolver;
import dev.agentauth.core.revocation.InMemoryRevocationSet;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.core.revocation.RevocationSet;
import dev.agentauth.core.signature.VerificationProviders;
import dev.agentauth.merchant.delegation.DelegationGuard;
import dev.agentauth.merchant.delegation.DelegationTokenValidator;
import dev.agentauth.merchant.delegation.DelegationTokenVerifier;
import dev.agentauth.merchant.delegation.RedisRevocationSet;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.key.RegistryHealthIndicator;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.registry.TrustedRegistries;
import dev.agentauth.merchant.signature.VerificationOutcomeListener;

import static dev.agentauth.merchant.autoconfigure.AgentAuthAutoConfiguration.clock;

/**
 * Several trusted registries ({@code agentauth.registries[n]}): a {@link TrustedRegistries} with one key lookup,
 * delegation token verifier, revocation set and feed per registry, and the {@link KeyResolver} over them. The
 * single {@code agentauth.registry.issuer-uri} form is then not allowed. A configuration that mixes the forms,
 * repeats a name or an issuer, or lacks an issuer stops the start with the property's name.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = AgentAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(JwtDecoder.class)
@Conditional(AgentAuthRegistriesAutoConfiguration.OnTrustedRegistries.class)
@EnableConfigurationProperties(AgentAuthProperties.class)
public final class AgentAuthRegistriesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TrustedRegistries agentAuthTrustedRegistries(AgentAuthProperties properties,
			ObjectProvider<DelegationTokenValidator> validators, ObjectProvider<Clock> clocks,
			ObjectProvider<VerificationOutcomeListener> listeners, ObjectProvider<RegistryRevocationSets> redisSets) {
		List<Settings> settings = settings(properties);
		Clock clock = clock(clocks);
		RegistryRevocationSets sets;
		if (properties.getState().getStore() == AgentAuthProperties.Store.REDIS) {
			sets = redisSets.getIfAvailable(() -> {
				throw new IllegalStateException("agentauth.state.store=redis needs Spring Data Redis on the class "
						+ "path (spring-boot-starter-data-redis) and a Redis connection (spring.data.redis.*)");
			});
		}
		else {
			sets = (registry, merchantId) -> new InMemoryRevocationSet(properties.getRevocation().getRetention(), clock);
		}
		List<TrustedRegistries.Member> members = new ArrayList<>();
		for (Settings registry : settings) {
			HttpClient http = HttpClient.newBuilder().connectTimeout(registry.timeout()).build();
			RegistryKeyResolver keys = new RegistryKeyResolver(registry.issuer(), http, clock,
					properties.getRegistry().getCacheSize());
			keys.setTimeout(registry.timeout());
			keys.setDefaultMaxAge(properties.getRegistry().getDefaultMaxAge());
			keys.setNegativeTtl(registry.negativeTtl());
			keys.setMaxStale(registry.maxStale());
			listeners.ifAvailable((listener) -> keys.setCacheResultListener(listener::keyCacheLookup));
			DelegationTokenVerifier verifier = null;
			RevocationSet revocations = null;
			RevocationFeed feed = null;
			if (registry.merchantId() != null) {
				verifier = new DelegationTokenVerifier(
						DelegationTokenVerifier.realmDecoder(registry.issuer().toString(),
								validators.orderedStream().toList()),
						registry.merchantId(), properties.getSignature().getClockSkew(), clock,
						properties.getDelegation().getTokenCacheSize());
				verifier.setIssuer(registry.issuer().toString());
				if (registry.clientSecret() != null) {
					revocations = sets.create(registry.name(), registry.merchantId());
					boolean shared = !(revocations instanceof InMemoryRevocationSet);
					String receiver = shared ? registry.merchantId()
							: registry.merchantId() + "-" + UUID.randomUUID().toString().substring(0, 8);
					feed = new RevocationFeed(registry.issuer(), registry.clientId(), registry.clientSecret(), receiver,
							!shared, revocations, (event) -> {
								if (event.type() != RevocationEventType.GRANT_REVOKED) {
									keys.evict(event.agentId(),
											(event.type() == RevocationEventType.KEY_REVOKED) ? event.subject() : null);
								}
							}, registry.maxLag(), clock);
				}
			}
			members.add(new TrustedRegistries.Member(registry.name(), registry.issuer(), keys,
					new DelegationGuard(verifier, revocations, feed), feed));
		}
		return new TrustedRegistries(members);
	}

	@Bean
	@ConditionalOnMissingBean(KeyResolver.class)
	TrustedRegistryKeyResolver agentAuthTrustedRegistryKeyResolver(TrustedRegistries registries) {
		return registries.keyResolver();
	}

	/**
	 * The validated settings of each registry, defaults applied.
	 * @throws IllegalStateException naming the property at fault
	 */
	static List<Settings> settings(AgentAuthProperties properties) {
		List<AgentAuthProperties.TrustedRegistry> entries = properties.getRegistries();
		if (properties.getRegistry().getIssuerUri() != null) {
			throw new IllegalStateException("agentauth.registry.issuer-uri and agentauth.registries are both set: "
					+ "configure one registry with agentauth.registry.issuer-uri, or several with "
					+ "agentauth.registries[n].issuer-uri (and put the first one in that list)");
		}
		if (properties.getRevocation().getClientSecret() != null) {
			throw new IllegalStateException("agentauth.revocation.client-secret is set with agentauth.registries: "
					+ "each realm has its own merchant client, set agentauth.registries[n].client-secret instead");
		}
		Set<String> names = new HashSet<>();
		Set<String> issuers = new HashSet<>();
		List<Settings> settings = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			AgentAuthProperties.TrustedRegistry entry = entries.get(i);
			String property = "agentauth.registries[" + i + "].";
			if (entry.getIssuerUri() == null || entry.getIssuerUri().toString().isBlank()) {
				throw new IllegalStateException(property + "issuer-uri is required (the realm URL)");
			}
			String name = entry.getName();
			if (name == null || !TrustedRegistryKeyResolver.NAME.matcher(name).matches()) {
				throw new IllegalStateException(property + "name is required: 1-64 of A-Za-z0-9._- (it names the "
						+ "registry in principals, audit lines, metrics and Redis keys), got " + name);
			}
			if (!names.add(name)) {
				throw new IllegalStateException(property + "name=" + name + " repeats an earlier registry's name");
			}
			URI issuer = normalize(entry.getIssuerUri());
			if (!issuers.add(issuer.toString())) {
				throw new IllegalStateException(property + "issuer-uri=" + issuer
						+ " repeats an earlier registry's issuer");
			}
			String merchantId = (entry.getMerchantId() != null) ? entry.getMerchantId() : properties.getMerchantId();
			String clientId = (entry.getClientId() != null) ? entry.getClientId()
					: (properties.getRevocation().getClientId() != null) ? properties.getRevocation().getClientId()
							: merchantId;
			if (entry.getClientSecret() != null && merchantId == null) {
				throw new IllegalStateException(property + "client-secret is set but no merchant id: set "
						+ property + "merchant-id or agentauth.merchant-id");
			}
			AgentAuthProperties.Registry defaults = properties.getRegistry();
			settings.add(new Settings(name, issuer, merchantId, clientId, entry.getClientSecret(),
					or(entry.getTimeout(), defaults.getTimeout()), or(entry.getMaxStale(), defaults.getMaxStale()),
					or(entry.getNegativeTtl(), defaults.getNegativeTtl()),
					or(entry.getMaxLag(), properties.getRevocation().getMaxLag())));
		}
		return settings;
	}

	private static Duration or(@Nullable Duration value, Duration fallback) {
		return (value != null) ? value : fallback;
	}

	private static URI normalize(URI issuer) {
		String text = issuer.toString();
		return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
	}

	record Settings(String name, URI issuer, @Nullable String merchantId, @Nullable String clientId,
			@Nullable String clientSecret, Duration timeout, Duration maxStale, Duration negativeTtl,
			Duration maxLag) {
	}

	/** Creates the revocation set of one registry. */
	@FunctionalInterface
	interface RegistryRevocationSets {

		RevocationSet create(String registry, String merchantId);

	}

	/** Matches when any {@code agentauth.registries[n]} property is set. */
	static final class OnTrustedRegistries extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean present = Binder.get(context.getEnvironment())
				.bind("agentauth.registries", Bindable.listOf(Map.class))
				.map((list) -> !list.isEmpty())
				.orElse(false);
			return present ? ConditionOutcome.match("agentauth.registries is set")
					: ConditionOutcome.noMatch("agentauth.registries is not set");
		}

	}

	/** {@code agentauth.state.store=redis}: each registry's revocation set in Redis, under a prefix of its own. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty(prefix = "agentauth.state", name = "store", havingValue = "redis")
	static class RedisState {

		@Bean
		@ConditionalOnBean(RedisConnectionFactory.class)
		RegistryRevocationSets agentAuthRegistryRevocationSets(RedisConnectionFactory connectionFactory,
				AgentAuthProperties properties, ObjectProvider<Clock> clocks) {
			StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
			return (registry, merchantId) -> new RedisRevocationSet(redis,
					properties.getState().getRedisKeyPrefix() + "revoked:" + registry + ":" + merchantId + ":",
					properties.getRevocation().getRetention(), clock(clocks));
		}

	}

	/** The {@code agentAuthRegistry} health contributor: one indicator per registry (key lookup and feed). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class RegistryHealth {

		@Bean
		@ConditionalOnMissingBean(name = "agentAuthRegistryHealthContributor")
		HealthContributor agentAuthRegistryHealthContributor(TrustedRegistries registries,
				AgentAuthProperties properties, VerificationProviders providers) {
			Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
			for (TrustedRegistries.Member member : registries.members()) {
				Duration timeout = properties.getRegistry().getTimeout();
				RegistryHealthIndicator keys = new RegistryHealthIndicator(member.keys(),
						HttpClient.newBuilder().connectTimeout(timeout).build(), timeout, providers);
				indicators.put(member.name(), () -> registryHealth(keys, member.feed()));
			}
			return CompositeHealthContributor.fromMap(indicators);
		}

		private static org.springframework.boot.health.contributor.Health registryHealth(RegistryHealthIndicator keys,
				@Nullable RevocationFeed feed) {
			org.springframework.boot.health.contributor.Health lookup = keys.health();
			if (feed == null) {
				return lookup;
			}
			boolean up = lookup.getStatus().equals(org.springframework.boot.health.contributor.Status.UP)
					&& !feed.isLagging();
			return (up ? org.springframework.boot.health.contributor.Health.up()
					: org.springframework.boot.health.contributor.Health.down())
				.withDetails(lookup.getDetails())
				.withDetail("revocationFeed", feed.isLagging() ? "lagging" : "up")
				.withDetail("revocationLastSuccess", String.valueOf(feed.lastSuccess()))
				.build();
		}

	}

}
