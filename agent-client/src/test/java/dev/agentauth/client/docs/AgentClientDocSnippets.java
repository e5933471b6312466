package dev.agentauth.client.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import dev.agentauth.client.AgentHttpClient;
import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationClient;
import dev.agentauth.client.KeyProof;
import dev.agentauth.client.Pkce;

/**
 * The Java samples of {@code docs/agent-client.md}, compiled with the tests so the page cannot drift from the
 * API ({@code deploy/.../DocsTests} checks that every sample on the page appears here). Not run: they talk to a
 * Keycloak and a merchant.
 */
@SuppressWarnings("unused")
final class AgentClientDocSnippets {

	private AgentClientDocSnippets() {
	}

	static void keys(String agentId, String issuer) throws Exception {
		AgentKeyPair key = AgentKeyPair.generateEd25519();           // or AgentKeyPair.load(Path.of("agent.jwk"))
		String publicJwk = key.publicJwkJson();                       // register this; its kid is key.thumbprint()
		String proof = KeyProof.create(key, agentId, issuer);         // proof of possession for self-registration
	}

	static void signing(AgentKeyPair key) throws Exception {
		AgentHttpClient client = new AgentHttpClient(HttpClient.newHttpClient(), new AgentRequestSigner(key));
		byte[] body = "{\"items\":[{\"sku\":\"tea\",\"qty\":1}]}".getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://merchant.example/api/v1/cart"))
		        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
		HttpResponse<String> response = client.send(request, body, HttpResponse.BodyHandlers.ofString());
		// adds Content-Digest, Signature-Input and Signature (with a nonce: POST is unsafe)
	}

	static void delegation(AgentKeyPair key, String agentId, AgentHttpClient client, byte[] body) throws Exception {
		DelegationClient operator = new DelegationClient(HttpClient.newHttpClient(),
		        URI.create("https://keycloak.example/realms/agentic-commerce"), "demo-agent-operator", "secret");
		Pkce pkce = Pkce.generate();
		URI redirect = URI.create("https://operator.example/callback");
		URI consentUrl = operator.authorizationUri(agentId, "products:read checkout:create",
		        "[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.00\",\"currency\":\"EUR\"}}]",
		        redirect, "state-123", pkce);                          // send the consumer's browser here
		// ... the consumer logs in and approves; the redirect brings back ?code=...&state=state-123
		String code = "<code from the redirect>";
		Map<String, Object> consumer = operator.redeemCode(code, redirect, pkce);   // access_token carries agent_grant
		Map<String, Object> delegation = operator.exchange(key, agentId, (String) consumer.get("access_token"),
		        "demo-merchant", null, null);                       // all granted scopes and limits
		HttpRequest checkout = HttpRequest.newBuilder(URI.create("https://merchant.example/api/v1/checkout"))
		        .header("Content-Type", "application/json")
		        .header("Authorization", "Agent " + delegation.get("access_token"))   // covered by the signature
		        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
		HttpResponse<String> response = client.send(checkout, body, HttpResponse.BodyHandlers.ofString());
	}

}
