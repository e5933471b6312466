package dev.agentauth.client.spring.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.core.AgentAuthException;

/**
 * Auto-configuration for agent applications (the calling side; the merchant starter is the verifying side and
 * is configured separately). With {@code agentauth.agent.key-file}: the {@link AgentKeyPair}, an
 * {@link AgentRequestSigner} (and, in {@link AgentAuthAgentHttpClientsAutoConfiguration}, the interceptor and
 * filter for Spring's HTTP clients). With {@code agentauth.agent.id},
 * {@code agentauth.agent.issuer-uri} and {@code agentauth.agent.operator.client-id}/{@code client-secret} as
 * well: a {@link DelegationClient} and a {@link DelegationTokenManager}, used by the interceptor and filter.
 * Every bean backs off when the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(AgentRequestSigner.class)
@EnableConfigurationProperties(AgentAuthAgentProperties.class)
public final class AgentAuthAgentAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "agentauth.agent", name = "key-file")
	AgentKeyPair agentAuthAgentKeyPair(AgentAuthAgentProperties properties) throws IOException {
		Path file = properties.getKeyFile();
		try {
			return AgentKeyPair.load(file);
		}
		catch (AgentAuthException ex) {
			throw new IllegalStateException("agentauth.agent.key-file " + file + " holds no usable agent key: "
					+ ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(AgentKeyPair.class)
	AgentRequestSigner agentAuthAgentRequestSigner(AgentKeyPair key, AgentAuthAgentProperties properties,
			ObjectProvider<Clock> clocks) {
		return new AgentRequestSigner(key.signingKey(), clocks.getIfUnique(Clock::systemUTC),
				properties.getSignatureLifetime(), properties.isIncludeAlgorithm());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "agentauth.agent", name = { "issuer-uri", "operator.client-id" })
	DelegationClient agentAuthDelegationClient(AgentAuthAgentProperties properties) {
		URI issuer = properties.getIssuerUri();
		String secret = properties.getOperator().getClientSecret();
		if (secret == null) {
			throw new IllegalStateException("agentauth.agent.operator.client-secret is required with "
					+ "agentauth.agent.operator.client-id");
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(properties.getDelegation().getTimeout()).build();
		return new DelegationClient(http, issuer, properties.getOperator().getClientId(), secret);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ DelegationClient.class, AgentKeyPair.class })
	@ConditionalOnProperty(prefix = "agentauth.agent", name = "id")
	DelegationTokenManager agentAuthDelegationTokenManager(DelegationClient client, AgentKeyPair key,
			AgentAuthAgentProperties properties, ObjectProvider<Clock> clocks) {
		return new DelegationTokenManager(client, key, properties.getId(), clocks.getIfUnique(Clock::systemUTC),
				properties.getDelegation().getRenewBefore());
	}

}
