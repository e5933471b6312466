package dev.agentauth.merchant.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.replay.NonceStore;
import dev.agentauth.core.signature.CryptoProvider;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SignatureProfileSelector;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.profile.ProviderProfiles;
import dev.agentauth.core.key.SignatureAlgorithm;
import dev.agentauth.core.signature.VerificationProviders;
import dev.agentauth.merchant.key.RegistryKeyResolver;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationEntryPoint;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAuthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentAuthAutoConfiguration.class));

	@Test
	void autoConfigurationWhenIssuerUriSetThenCreatesVerificationBeans() {
		this.runner.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test",
				"agentauth.registry.max-stale=2s")
			.run((context) -> {
				assertThat(context).hasSingleBean(RegistryKeyResolver.class)
					.hasSingleBean(RequestSignatureVerifier.class)
					.hasSingleBean(AgentSignatureAuthenticationProvider.class)
					.hasSingleBean(AgentSignatureAuthenticationEntryPoint.class);
				assertThat(context.getBean(NonceStore.class)).isInstanceOf(InMemoryNonceStore.class);
				assertThat(context.getBean(AgentAuthProperties.class).getRegistry().getMaxStale()).hasSeconds(2);
			});
	}

	@Test
	void autoConfigurationWhenAllowTestKeysUnsetThenTestKeysAreRefusedUnderEveryProfile() {
		this.runner.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test")
			.run((context) -> {
				assertThat(context.getBean(VerificationPolicy.class).isTestKeysAllowed()).isFalse();
				assertThat(((ProviderProfiles) context.getBean(SignatureProfileSelector.class)).profiles().values())
					.allSatisfy((profile) -> assertThat(profile.policy().isTestKeysAllowed()).isFalse());
			});
		this.runner
			.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test",
					"agentauth.signature.allow-test-keys=true")
			.run((context) -> {
				assertThat(context.getBean(VerificationPolicy.class).isTestKeysAllowed()).isTrue();
				assertThat(((ProviderProfiles) context.getBean(SignatureProfileSelector.class)).profiles().values())
					.allSatisfy((profile) -> assertThat(profile.policy().isTestKeysAllowed()).isTrue());
			});
	}

	@Test
	void autoConfigurationWhenNoIssuerUriThenNoVerifier() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(KeyResolver.class)
			.doesNotHaveBean(RequestSignatureVerifier.class)
			.doesNotHaveBean(AgentSignatureAuthenticationProvider.class));
	}

	@Test
	void autoConfigurationWhenUserDefinesBeansThenBacksOff() {
		this.runner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RegistryKeyResolver.class);
				assertThat(context.getBean(KeyResolver.class)).isSameAs(context.getBean("userKeyResolver"));
				assertThat(context.getBean(NonceStore.class)).isSameAs(context.getBean("userNonceStore"));
				assertThat(context).hasSingleBean(RequestSignatureVerifier.class);
			});
	}

	@Test
	void autoConfigurationWhenCryptoProviderBouncyCastleThenNothingNative() {
		this.runner.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test",
				"agentauth.crypto.provider=bouncycastle")
			.run((context) -> {
				assertThat(context.getBean(AgentAuthProperties.class).getCrypto().getProvider())
					.isEqualTo(CryptoProvider.BOUNCYCASTLE);
				VerificationProviders providers = context.getBean(VerificationProviders.class);
				assertThat(providers.isNative()).isFalse();
				assertThat(providers.byAlgorithm()).containsEntry(SignatureAlgorithm.ED25519, "BouncyCastle");
			});
	}

	@Test
	void autoConfigurationWhenAutoAndNoNativeProviderThenFallsBackToBouncyCastle() {
		// the starter's test class path has no Amazon Corretto Crypto Provider
		this.runner.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test")
			.run((context) -> {
				VerificationProviders providers = context.getBean(VerificationProviders.class);
				assertThat(providers.isNative()).isFalse();
				assertThat(providers.nativeStatus()).isEqualTo("unavailable: not on the class path");
			});
	}

	@Test
	void autoConfigurationWhenAccpRequiredButMissingThenFailsWithReason() {
		this.runner.withPropertyValues("agentauth.registry.issuer-uri=http://127.0.0.1:1/realms/test",
				"agentauth.crypto.provider=accp")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("The Amazon Corretto Crypto Provider was requested but cannot be used (not on "
						+ "the class path)"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		KeyResolver userKeyResolver() {
			return (keyId) -> {
				throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "none");
			};
		}

		@Bean
		NonceStore userNonceStore() {
			return (keyId, nonce, expiresAt) -> {
			};
		}

	}

}
