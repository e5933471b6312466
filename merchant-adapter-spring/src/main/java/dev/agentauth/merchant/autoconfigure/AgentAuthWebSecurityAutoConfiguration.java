package dev.agentauth.merchant.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import dev.agentauth.merchant.signature.AgentAuthConfigurer;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;

/**
 * A stateless filter chain requiring signed agent requests on {@code agentauth.protected-paths}. Other paths are
 * left to the application's own chains (with this chain present, Spring Boot's default chain backs off).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentAuthAutoConfiguration.class,
		beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@Conditional(ProtectedPathsCondition.class)
public final class AgentAuthWebSecurityAutoConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 10)
	@ConditionalOnMissingBean(name = "agentAuthSecurityFilterChain")
	@ConditionalOnBean(AgentSignatureAuthenticationProvider.class)
	SecurityFilterChain agentAuthSecurityFilterChain(HttpSecurity http, AgentAuthProperties properties)
			throws Exception {
		String[] paths = properties.getProtectedPaths().toArray(String[]::new);
		http.securityMatcher(paths)
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.with(AgentAuthConfigurer.agentAuth(), (agentAuth) -> {
			});
		return http.build();
	}

}
