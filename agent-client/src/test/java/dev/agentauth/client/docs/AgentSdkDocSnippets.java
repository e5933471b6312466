package dev.agentauth.client.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.client.Pkce;
import dev.agentauth.client.spring.AgentDelegation;
import dev.agentauth.client.spring.AgentSigningExchangeFilter;
import dev.agentauth.client.spring.AgentSigningInterceptor;

/**
 * The Java samples of {@code docs/agent-sdk.md}, compiled with the tests so the page cannot drift from the API
 * ({@code deploy/.../DocsTests} checks that every sample on the page appears here). Not run: they talk to a
 * Keycloak and a merchant.
 */
@SuppressWarnings("unused")
final class AgentSdkDocSnippets {

	private AgentSdkDocSnippets() {
	}

	static void restClient(String agentId, String operatorSecret, String code, URI redirectUri, Pkce pkce,
			String order) throws Exception {
		AgentKeyPair key = AgentKeyPair.load(Path.of("agent.jwk"));
		DelegationClient operator = new DelegationClient(HttpClient.newHttpClient(),
		        URI.create("https://id.example/realms/shop"), "my-operator", operatorSecret);
		DelegationTokenManager tokens = new DelegationTokenManager(operator, key, agentId);

		// after the consumer approved: the operator's token response (access_token with agent_grant, refresh_token)
		String grant = tokens.addConsumer(operator.redeemCode(code, redirectUri, pkce));

		RestClient shop = RestClient.builder().baseUrl("https://shop.example")
		        .requestInterceptor(new AgentSigningInterceptor(new AgentRequestSigner(key), tokens))
		        .build();
		shop.get().uri("/api/v1/products").retrieve().body(String.class);          // signed, the agent on its own
		shop.post().uri("/api/v1/checkout")
		        .attribute(AgentDelegation.ATTRIBUTE, AgentDelegation.of(grant, "shop"))  // for this consumer
		        .contentType(MediaType.APPLICATION_JSON).body(order).retrieve().body(String.class);
	}

	static void webClient(AgentKeyPair key, DelegationTokenManager tokens, String grant, String order) {
		WebClient shop = WebClient.builder().baseUrl("https://shop.example")
		        .filter(new AgentSigningExchangeFilter(new AgentRequestSigner(key), tokens)).build();
		shop.post().uri("/api/v1/checkout").attribute(AgentDelegation.ATTRIBUTE, AgentDelegation.of(grant, "shop"))
		        .bodyValue(order).retrieve().bodyToMono(String.class);
	}

	static final class Configuration {

		@Bean
		RestClient shop(RestClient.Builder builder, AgentSigningInterceptor agentAuth) {
		    return builder.baseUrl("https://shop.example").requestInterceptor(agentAuth).build();
		}

	}

}
