package dev.agentauth.client.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.client.spring.AgentSigningExchangeFilter;
import dev.agentauth.client.spring.AgentSigningInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAuthAgentAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentAuthAgentAutoConfiguration.class,
				AgentAuthAgentHttpClientsAutoConfiguration.class));

	@TempDir
	Path dir;

	@Test
	void withoutAKeyFileNothingIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(AgentKeyPair.class)
			.doesNotHaveBean(AgentRequestSigner.class)
			.doesNotHaveBean(AgentSigningInterceptor.class)
			.doesNotHaveBean(DelegationTokenManager.class));
	}

	@Test
	void aKeyFileGivesTheSignerTheInterceptorAndTheFilterButNoDelegation() throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		Path file = Files.writeString(this.dir.resolve("agent.jwk"), key.privateJwkJson());
		this.runner.withPropertyValues("agentauth.agent.key-file=" + file, "agentauth.agent.signature-lifetime=30s")
			.run((context) -> {
				assertThat(context).hasSingleBean(AgentSigningInterceptor.class)
					.hasSingleBean(AgentSigningExchangeFilter.class)
					.doesNotHaveBean(DelegationClient.class)
					.doesNotHaveBean(DelegationTokenManager.class);
				assertThat(context.getBean(AgentKeyPair.class).thumbprint()).isEqualTo(key.thumbprint());
				assertThat(context.getBean(AgentRequestSigner.class).toString()).contains("lifetime=PT30S");
			});
	}

	@Test
	void withoutWebFluxThereIsNoFilterButStillTheInterceptor() throws Exception {
		Path file = Files.writeString(this.dir.resolve("agent.jwk"), AgentKeyPair.generateEd25519().privateJwkJson());
		this.runner.withClassLoader(new FilteredClassLoader(ExchangeFilterFunction.class))
			.withPropertyValues("agentauth.agent.key-file=" + file)
			.run((context) -> assertThat(context).hasSingleBean(AgentSigningInterceptor.class)
				.doesNotHaveBean(AgentSigningExchangeFilter.class));
	}

	@Test
	void anApplicationKeyPairBeanIsUsedWithoutAKeyFile() {
		AgentKeyPair key = AgentKeyPair.generateEd25519();
		this.runner.withBean(AgentKeyPair.class, () -> key)
			.run((context) -> {
				assertThat(context).hasSingleBean(AgentSigningInterceptor.class);
				assertThat(context.getBean(AgentRequestSigner.class).keyId()).isEqualTo(key.thumbprint());
			});
	}

	@Test
	void idIssuerAndOperatorAddTheDelegationTokenManager() throws Exception {
		Path file = Files.writeString(this.dir.resolve("agent.jwk"), AgentKeyPair.generateEd25519().privateJwkJson());
		this.runner.withPropertyValues("agentauth.agent.key-file=" + file, "agentauth.agent.id=agent-1",
				"agentauth.agent.issuer-uri=http://127.0.0.1:1/realms/shop",
				"agentauth.agent.operator.client-id=op", "agentauth.agent.operator.client-secret=s")
			.run((context) -> {
				assertThat(context).hasSingleBean(DelegationClient.class).hasSingleBean(DelegationTokenManager.class);
				assertThat(context.getBean(DelegationTokenManager.class).agentId()).isEqualTo("agent-1");
				assertThat(context.getBean(DelegationClient.class).tokenEndpoint())
					.hasToString("http://127.0.0.1:1/realms/shop/protocol/openid-connect/token");
			});
	}

	@Test
	void anOperatorWithoutSecretStopsTheStart() throws Exception {
		Path file = Files.writeString(this.dir.resolve("agent.jwk"), AgentKeyPair.generateEd25519().privateJwkJson());
		this.runner.withPropertyValues("agentauth.agent.key-file=" + file, "agentauth.agent.id=agent-1",
				"agentauth.agent.issuer-uri=http://127.0.0.1:1/realms/shop", "agentauth.agent.operator.client-id=op")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure().rootCause().hasMessageContaining("agentauth.agent.operator.client-secret"));
	}

	@Test
	void anUnreadableKeyFileStopsTheStartWithAClearMessage() throws Exception {
		Path file = Files.writeString(this.dir.resolve("agent.jwk"), "{\"kty\":\"oct\",\"k\":\"AAAA\"}");
		this.runner.withPropertyValues("agentauth.agent.key-file=" + file)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure().hasStackTraceContaining("agentauth.agent.key-file " + file + " holds no usable agent key")
				.rootCause().hasMessageContaining("not an asymmetric key"));
	}

}
