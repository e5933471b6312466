package dev.agentauth.demo.merchant;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.DPoPProofReplayValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuedAtValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The peers of the throughput comparison (docs/benchmarks.md): the same shop with agent signatures off, behind
 * Spring Security's own resource server. The access token is an RS256 JWT signed with the key whose public half is
 * {@code demo.baseline.public-key} (base64 X.509).
 * <ul>
 * <li>Profile {@code baseline-jwt}: plain JWT bearer ({@code Authorization: Bearer}), no proof of possession.</li>
 * <li>Profile {@code baseline-dpop}: Spring Security 7.1's DPoP (RFC 9449, {@code .dPoP()}): {@code Authorization:
 * DPoP <token>} bound by {@code cnf.jkt} to the key of a {@code DPoP} proof sent with every request ({@code htm},
 * {@code htu}, {@code iat}, {@code ath}, {@code jti} replay cache). Spring's defaults accept a proof for 30 s and
 * keep at most 1,000 live proofs per key; a load run sends more, so {@code demo.baseline.dpop.proof-lifetime}
 * (default 300 s, the most our signatures allow) and {@code demo.baseline.dpop.max-proofs-per-key} (default
 * 1,000,000) and {@code demo.baseline.dpop.max-proofs} (default 4,000,000) raise them. Bearer tokens are still
 * accepted by the same chain, as Spring does; the benchmark sends only DPoP.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Profile({ "baseline-jwt", "baseline-dpop" })
class BaselineJwtSecurity {

	@Bean
	SecurityFilterChain baselineJwtFilterChain(HttpSecurity http, Environment environment,
			@Value("${demo.baseline.dpop.proof-lifetime:300s}") Duration proofLifetime,
			@Value("${demo.baseline.dpop.max-proofs-per-key:1000000}") int maxProofsPerKey,
			@Value("${demo.baseline.dpop.max-proofs:4000000}") int maxProofs) throws Exception {
		boolean dpop = environment.acceptsProfiles(Profiles.of("baseline-dpop"));
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> {
				resourceServer.jwt(Customizer.withDefaults());
				if (dpop) {
					resourceServer.dPoP(Customizer.withDefaults())
						.withObjectPostProcessor(proofVerifier(proofLifetime, maxProofsPerKey, maxProofs));
				}
			});
		return http.build();
	}

	// the DPoP authentication provider is built inside the configurer; its proof verifier is set through Spring
	// Security's object post-processing hook, keeping Spring's own validators (htm, htu, iat, cnf.jkt, ath, jti)
	private static ObjectPostProcessor<DPoPAuthenticationProvider> proofVerifier(Duration lifetime,
			int maxProofsPerKey, int maxProofs) {
		DPoPProofReplayValidator.InMemoryCache cache = new DPoPProofReplayValidator.InMemoryCache();
		cache.setMaxRequestsPerKey(maxProofsPerKey);
		cache.setMaxSize(maxProofs);
		DPoPProofReplayValidator replay = new DPoPProofReplayValidator(cache);
		replay.setClockSkew(lifetime);
		JwtIssuedAtValidator issuedAt = new JwtIssuedAtValidator(true);
		issuedAt.setClockSkew(lifetime);
		DPoPProofJwtDecoderFactory factory = new DPoPProofJwtDecoderFactory();
		factory.setJwtValidatorFactory(DPoPProofJwtDecoderFactory.createDefaultJwtValidatorFactory(List.of(issuedAt, replay)));
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends DPoPAuthenticationProvider> O postProcess(O provider) {
				provider.setDPoPProofVerifierFactory(factory);
				return provider;
			}
		};
	}

	@Bean
	JwtDecoder baselineJwtDecoder(@Value("${demo.baseline.public-key}") String publicKey) throws Exception {
		RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
		return NimbusJwtDecoder.withPublicKey(key).build();
	}

}
