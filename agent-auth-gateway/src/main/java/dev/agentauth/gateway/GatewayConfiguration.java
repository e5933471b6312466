package dev.agentauth.gateway;

import java.net.http.HttpClient;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;

import dev.agentauth.gateway.identity.TrustedIdentityHeadersFilter;
import dev.agentauth.gateway.proxy.AsSentProxyExchange;
import dev.agentauth.gateway.proxy.UpstreamErrorResolver;
import dev.agentauth.gateway.spend.PurchaseRoute;
import dev.agentauth.gateway.spend.SpendLimitFilter;
import dev.agentauth.gateway.verify.VerifyEndpointFilter;
import dev.agentauth.merchant.autoconfigure.AgentAuthProperties;
import dev.agentauth.merchant.delegation.SpendLimits;
import dev.agentauth.merchant.risk.RiskPurchases;
import dev.agentauth.merchant.signature.AgentAuthErrorWriter;
import dev.agentauth.merchant.signature.AgentAuthErrors;
import dev.agentauth.merchant.signature.AgentRequestEvents;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationEntryPoint;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;

/**
 * The gateway's own pieces around the starter: identity headers for the upstream, upstream failures as
 * problem+json, and an open health endpoint for load balancers and orchestrators.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

	/** The verify endpoint for nginx auth_request and Envoy ext_authz, ahead of Spring Security. */
	@Bean
	@ConditionalOnProperty(name = "agentauth.gateway.verify.enabled", havingValue = "true")
	FilterRegistrationBean<VerifyEndpointFilter> verifyEndpointFilter(AgentSignatureAuthenticationProvider provider,
			AgentSignatureAuthenticationEntryPoint entryPoint, AgentRequestEvents events,
			GatewayProperties properties) {
		FilterRegistrationBean<VerifyEndpointFilter> registration = new FilterRegistrationBean<>(
				new VerifyEndpointFilter(provider, entryPoint, events, properties.getVerify().getPath()));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<TrustedIdentityHeadersFilter> trustedIdentityHeadersFilter() {
		FilterRegistrationBean<TrustedIdentityHeadersFilter> registration = new FilterRegistrationBean<>(
				new TrustedIdentityHeadersFilter());
		// after Spring Security (which has verified the request and holds the principal)
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10);
		return registration;
	}

	/** Spring Cloud Gateway's HTTP client exchange, forwarding the request as sent (query, framing, no hop-by-hop). */
	@Bean
	ProxyExchange asSentProxyExchange(RestClient.Builder restClientBuilder, GatewayMvcProperties properties) {
		return new AsSentProxyExchange(new RestClientProxyExchange(restClientBuilder.build(), properties));
	}

	/**
	 * The upstream client speaks HTTP/1.1 (the JDK client's default, HTTP/2, asks a plain-HTTP upstream to upgrade
	 * with {@code Upgrade: h2c}) and leaves {@code Accept-Encoding} and the response's encoding as they are.
	 */
	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> upstreamHttpClient() {
		return (builder) -> builder.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1))
			.withCustomizer((factory) -> factory.enableCompression(false));
	}

	/** Spend limits on the configured purchase routes, after Spring Security, before the identity headers. */
	@Bean
	@ConditionalOnProperty(name = "agentauth.gateway.purchases[0].amount")
	FilterRegistrationBean<SpendLimitFilter> spendLimitFilter(GatewayProperties properties,
			ObjectProvider<SpendLimits> spendLimits, ObjectProvider<RiskPurchases> riskPurchases,
			AgentAuthErrorWriter errorWriter, AgentAuthErrors errors, AgentRequestEvents events,
			AgentAuthProperties agentAuth) {
		List<PurchaseRoute> routes = properties.getPurchases()
			.stream()
			.map((purchase) -> new PurchaseRoute(purchase.getPaths(), purchase.getMethods(), purchase.getAmount(),
					purchase.getCurrency(), purchase.getDefaultCurrency(), purchase.getScope()))
			.toList();
		SpendLimits limits = spendLimits.getIfAvailable();
		if (limits == null) {
			throw new IllegalStateException("agentauth.gateway.purchases needs delegation tokens: set "
					+ "agentauth.merchant-id and agentauth.registry.issuer-uri");
		}
		FilterRegistrationBean<SpendLimitFilter> registration = new FilterRegistrationBean<>(new SpendLimitFilter(routes,
				limits, riskPurchases.getIfAvailable(), errorWriter, errors, events,
				agentAuth.getMaxBodySize().toBytes()));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 5);
		return registration;
	}

	@Bean
	UpstreamErrorResolver upstreamErrorResolver() {
		return new UpstreamErrorResolver();
	}

	/** {@code /actuator/health} stays reachable without a signature, ahead of the agent chain on {@code /**}. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain gatewayHealthSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/actuator/health", "/actuator/health/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

}
