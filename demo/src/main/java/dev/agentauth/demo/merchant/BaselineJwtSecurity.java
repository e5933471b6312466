package dev.agentauth.demo.merchant;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Profile {@code baseline-jwt}: the same shop behind plain Spring Security JWT bearer authentication (RS256,
 * public key in {@code demo.baseline.public-key}, base64 X.509), with agent signatures off. Used only to compare
 * throughput with the agent-signed setup (docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
@Profile("baseline-jwt")
class BaselineJwtSecurity {

	@Bean
	SecurityFilterChain baselineJwtFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	JwtDecoder baselineJwtDecoder(@Value("${demo.baseline.public-key}") String publicKey) throws Exception {
		RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
		return NimbusJwtDecoder.withPublicKey(key).build();
	}

}
