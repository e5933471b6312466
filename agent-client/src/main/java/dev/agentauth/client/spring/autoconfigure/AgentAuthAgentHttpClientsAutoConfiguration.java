package dev.agentauth.client.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.client.spring.AgentSigningExchangeFilter;
import dev.agentauth.client.spring.AgentSigningInterceptor;

/**
 * The {@link AgentSigningInterceptor} ({@code RestClient}, {@code RestTemplate}) and
 * {@link AgentSigningExchangeFilter} ({@code WebClient}) beans, once an {@link AgentRequestSigner} exists. They are
 * not applied to every client: only requests to merchants may carry the agent's signature and the consumers'
 * delegation tokens, so add them where the merchant clients are built. A class of its own, after
 * {@link AgentAuthAgentAutoConfiguration}, so its conditions see that one's beans.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentAuthAgentAutoConfiguration.class)
@ConditionalOnClass(AgentRequestSigner.class)
public final class AgentAuthAgentHttpClientsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpRequestInterceptor.class)
	static final class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(AgentRequestSigner.class)
		AgentSigningInterceptor agentAuthSigningInterceptor(AgentRequestSigner signer,
				ObjectProvider<DelegationTokenManager> tokens) {
			return new AgentSigningInterceptor(signer, tokens.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ExchangeFilterFunction.class, reactor.core.publisher.Mono.class })
	static final class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(AgentRequestSigner.class)
		AgentSigningExchangeFilter agentAuthSigningExchangeFilter(AgentRequestSigner signer,
				ObjectProvider<DelegationTokenManager> tokens) {
			return new AgentSigningExchangeFilter(signer, tokens.getIfAvailable());
		}

	}

}
