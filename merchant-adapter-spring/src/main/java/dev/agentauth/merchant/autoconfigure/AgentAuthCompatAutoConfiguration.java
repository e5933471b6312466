package dev.agentauth.merchant.autoconfigure;

import java.net.http.HttpClient;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.core.signature.SimpleHeaderVerifier;
import dev.agentauth.core.signature.VerificationProviders;
import dev.agentauth.merchant.key.RegistryAgentKeyIds;
import dev.agentauth.merchant.key.RegistryKeyResolver;

/**
 * With {@code agentauth.compat.simple-headers.enabled=true}: a {@link SimpleHeaderVerifier} that the
 * {@code AgentSignatureAuthenticationProvider} uses for requests in the article's header scheme, with the
 * application's {@link KeyResolver} and {@link NonceStore} (so replays are remembered in Redis when nonces are),
 * and the agent's key list from the registry ({@link RegistryAgentKeyIds}) unless the application defines its own
 * {@link SimpleHeaderVerifier.AgentKeyIds}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { AgentAuthAutoConfiguration.class, AgentAuthRedisAutoConfiguration.class })
@EnableConfigurationProperties(AgentAuthCompatProperties.class)
@ConditionalOnProperty(prefix = "agentauth.compat.simple-headers", name = "enabled", havingValue = "true")
public final class AgentAuthCompatAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AgentAuthCompatAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(KeyResolver.class)
	SimpleHeaderVerifier agentAuthSimpleHeaderVerifier(KeyResolver keyResolver, NonceStore nonceStore,
			ObjectProvider<SimpleHeaderVerifier.AgentKeyIds> agentKeyIds, AgentAuthCompatProperties compat,
			AgentAuthProperties properties, ObjectProvider<Clock> clocks, VerificationProviders providers) {
		AgentAuthCompatProperties.SimpleHeaders simple = compat.getSimpleHeaders();
		SimpleHeaderVerifier.AgentKeyIds ids = agentKeyIds.getIfAvailable(() -> {
			if (!(keyResolver instanceof RegistryKeyResolver registry)) {
				throw new IllegalStateException("agentauth.compat.simple-headers.enabled needs the agent's keys by "
						+ "agent id: define a SimpleHeaderVerifier.AgentKeyIds bean, or use agentauth.registry.issuer-uri (the scheme "
						+ "names an agent id, which names no registry: not available with agentauth.registries)");
			}
			AgentAuthProperties.Registry settings = properties.getRegistry();
			return new RegistryAgentKeyIds(registry.issuer(),
					HttpClient.newBuilder().connectTimeout(settings.getTimeout()).build(), settings.getTimeout(),
					simple.getKeyListTtl());
		});
		log.warn("Agent Auth accepts the simple header scheme (Agent-ID, Timestamp, Signature): method, path and host "
				+ "are not signed; agents should move to RFC 9421");
		return new SimpleHeaderVerifier(keyResolver, ids, nonceStore, AgentAuthAutoConfiguration.clock(clocks),
				simple.getTimestampTolerance(), providers);
	}

}
