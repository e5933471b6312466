package dev.agentauth.merchant.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.SecurityFilterChain;

import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.core.revocation.RevocationSet;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SignatureProfileSelector;
import dev.agentauth.core.signature.SimpleHeaderVerifier;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerificationProviders;
import dev.agentauth.core.signature.profile.ProviderProfiles;
import dev.agentauth.merchant.delegation.DelegationGuard;
import dev.agentauth.merchant.delegation.DelegationTokenVerifier;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.registry.TrustedRegistries;
import dev.agentauth.merchant.risk.RiskEvaluator;
import dev.agentauth.merchant.signature.AgentAuthErrorWriter;
import dev.agentauth.merchant.signature.AgentAuthErrors;
import dev.agentauth.merchant.signature.AgentRequestAuditListener;
import dev.agentauth.merchant.signature.AgentRequestEvents;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationEntryPoint;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.merchant.signature.VerificationOutcomeEventListener;
import dev.agentauth.merchant.signature.VerificationOutcomeListener;

/**
 * Auto-configuration of agent request-signature verification. Every bean backs off when the application defines
 * its own. Verification is active once {@code agentauth.registry.issuer-uri} is set (or a {@link KeyResolver} bean
 * exists); {@code agentauth.protected-paths} then get a filter chain of their own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnClass({ SecurityFilterChain.class, RequestSignatureVerifier.class })
@EnableConfigurationProperties(AgentAuthProperties.class)
public final class AgentAuthAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AgentAuthAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "agentAuthClock")
	Clock agentAuthClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean(KeyResolver.class)
	@ConditionalOnProperty(prefix = "agentauth.registry", name = "issuer-uri")
	RegistryKeyResolver agentAuthKeyResolver(AgentAuthProperties properties, ObjectProvider<Clock> clocks,
			ObjectProvider<VerificationOutcomeListener> listeners) {
		AgentAuthProperties.Registry registry = properties.getRegistry();
		URI issuer = registry.getIssuerUri();
		HttpClient httpClient = HttpClient.newBuilder().connectTimeout(registry.getTimeout()).build();
		RegistryKeyResolver resolver = new RegistryKeyResolver(issuer, httpClient, clock(clocks),
				registry.getCacheSize());
		resolver.setTimeout(registry.getTimeout());
		resolver.setDefaultMaxAge(registry.getDefaultMaxAge());
		resolver.setNegativeTtl(registry.getNegativeTtl());
		resolver.setMaxStale(registry.getMaxStale());
		listeners.ifAvailable((listener) -> resolver.setCacheResultListener(listener::keyCacheLookup));
		return resolver;
	}

	@Bean
	@ConditionalOnMissingBean
	NonceStore agentAuthNonceStore(AgentAuthProperties properties, ObjectProvider<Clock> clocks) {
		AgentAuthProperties.Replay replay = properties.getReplay();
		return new InMemoryNonceStore(replay.getMaxEntries(), replay.getMaxEntriesPerKey(), clock(clocks));
	}

	@Bean
	@ConditionalOnMissingBean
	VerificationPolicy agentAuthVerificationPolicy(AgentAuthProperties properties) {
		return VerificationPolicy.builder()
			.maxLifetime(properties.getSignature().getMaxLifetime())
			.clockSkew(properties.getSignature().getClockSkew())
			.allowTestKeys(properties.getSignature().isAllowTestKeys())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	VerificationProviders agentAuthVerificationProviders(AgentAuthProperties properties) {
		VerificationProviders providers = VerificationProviders.select(properties.getCrypto().getProvider());
		log.info("Agent Auth verifies signatures with {} (native provider: {})", providers.byAlgorithm(),
				providers.nativeStatus());
		return providers;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(KeyResolver.class)
	RequestSignatureVerifier agentAuthRequestSignatureVerifier(VerificationPolicy policy, KeyResolver keyResolver,
			NonceStore nonceStore, ObjectProvider<Clock> clocks, VerificationProviders providers) {
		return new RequestSignatureVerifier(policy, keyResolver, nonceStore, clock(clocks), providers);
	}

	/**
	 * How the profile of a request is chosen from its signing key: {@code agent-auth} with the merchant's policy for
	 * keys registered in the registry, the agent provider's profile for brokered keys.
	 */
	@Bean
	@ConditionalOnMissingBean
	SignatureProfileSelector agentAuthSignatureProfiles(VerificationPolicy policy) {
		return ProviderProfiles.of(policy);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RequestSignatureVerifier.class)
	AgentSignatureAuthenticationProvider agentSignatureAuthenticationProvider(RequestSignatureVerifier verifier,
			SignatureProfileSelector profiles,
			AgentAuthProperties properties, ObjectProvider<DelegationTokenVerifier> tokenVerifiers,
			ObjectProvider<RevocationSet> revocationSets, ObjectProvider<RevocationFeed> feeds,
			ObjectProvider<RiskEvaluator> riskEvaluators, ObjectProvider<SimpleHeaderVerifier> simpleHeaders,
			ObjectProvider<TrustedRegistries> trustedRegistries) {
		AgentSignatureAuthenticationProvider provider = new AgentSignatureAuthenticationProvider(verifier);
		provider.setProfiles(profiles);
		provider.setMaxBodySize(properties.getMaxBodySize().toBytes());
		provider.setDelegationGuard(new DelegationGuard(tokenVerifiers.getIfAvailable(),
				revocationSets.getIfAvailable(), feeds.getIfAvailable()));
		trustedRegistries.ifAvailable((registries) -> provider.setRegistryDelegationGuards(registries.guards()));
		provider.setPublicBaseUri(properties.getSignature().getPublicBaseUri());
		provider.setRiskEvaluator(riskEvaluators.getIfAvailable());
		provider.setSimpleHeaders(simpleHeaders.getIfAvailable());
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean
	AgentAuthErrors agentAuthErrors(ObjectProvider<AgentAuthRiskProperties> riskProperties) {
		AgentAuthRiskProperties risk = riskProperties.getIfAvailable(AgentAuthRiskProperties::new);
		return new AgentAuthErrors(risk.getStepUpMaxAge(), risk.getRetryAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	AgentAuthErrorWriter agentAuthErrorWriter(VerificationPolicy policy) {
		return new AgentAuthErrorWriter(policy);
	}

	@Bean
	@ConditionalOnMissingBean
	AgentSignatureAuthenticationEntryPoint agentSignatureAuthenticationEntryPoint(AgentAuthErrorWriter writer,
			AgentAuthErrors errors) {
		return new AgentSignatureAuthenticationEntryPoint(writer, errors);
	}

	@Bean
	@ConditionalOnMissingBean
	AgentRequestEvents agentRequestEvents(ApplicationEventPublisher publisher, AgentAuthErrors errors) {
		return new AgentRequestEvents(publisher, errors);
	}

	/** The audit line of every decision ({@code agentauth.audit}). */
	@Bean
	@ConditionalOnMissingBean
	AgentRequestAuditListener agentRequestAuditListener() {
		return new AgentRequestAuditListener();
	}

	/** Every decision for the {@link VerificationOutcomeListener} (the metrics), when there is one. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(VerificationOutcomeListener.class)
	VerificationOutcomeEventListener agentAuthVerificationOutcomeEvents(VerificationOutcomeListener listener) {
		return new VerificationOutcomeEventListener(listener);
	}

	// the application's single Clock bean (e.g. a test clock), else the system clock; also used by the delegation
	// auto-configuration
	static Clock clock(ObjectProvider<Clock> clocks) {
		Clock clock = clocks.getIfUnique();
		return (clock != null) ? clock : Clock.systemUTC();
	}

}
