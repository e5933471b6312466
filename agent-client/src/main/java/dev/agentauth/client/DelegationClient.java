package dev.agentauth.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.delegation.DelegationClaims;

/**
 * The operator side of layer 2 against a Keycloak realm with the Agent Auth extension: build the consumer's
 * authorization request (naming the agent, its scopes and spend limits), redeem the code, and exchange the
 * consumer's token plus an {@link ActorToken} for a delegation token bound to the agent's key.
 *
 * <pre>
 * DelegationClient client = new DelegationClient(http, URI.create("https://id.example/realms/shop"), "my-operator", secret);
 * Pkce pkce = Pkce.generate();
 * URI consent = client.authorizationUri(agentId, "products:read checkout:create", limitsJson, redirectUri, state, pkce);
 * // ... the consumer logs in and approves; the redirect brings a code ...
 * Map&lt;String, Object&gt; consumer = client.redeemCode(code, redirectUri, pkce);
 * Map&lt;String, Object&gt; delegation = client.exchange(agentKey, agentId, (String) consumer.get("access_token"), "merchant-id", null, null);
 * </pre>
 *
 * @since 0.1.0
 */
public final class DelegationClient {

	private final HttpClient http;

	private final URI issuer;

	private final String clientId;

	private final String clientSecret;

	/**
	 * @param issuer the realm URL, e.g. {@code https://id.example/realms/shop}
	 * @param clientId the operator client
	 * @param clientSecret its secret (client_secret_basic)
	 */
	public DelegationClient(HttpClient http, URI issuer, String clientId, String clientSecret) {
		this.http = Objects.requireNonNull(http, "http cannot be null");
		this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
		this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
		this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret cannot be null");
	}

	/** The realm's authorization endpoint. */
	public URI authorizationEndpoint() {
		return URI.create(this.issuer + "/protocol/openid-connect/auth");
	}

	/** The realm's token endpoint. */
	public URI tokenEndpoint() {
		return URI.create(this.issuer + "/protocol/openid-connect/token");
	}

	/**
	 * The URL to send the consumer to: an authorization-code request with PKCE naming the agent
	 * ({@code agent_id}), the scopes ({@code openid} is added) and the spend limits
	 * ({@code authorization_details}, type {@code agent_delegation}).
	 */
	public URI authorizationUri(String agentId, String scope, String authorizationDetails, URI redirectUri,
			String state, Pkce pkce) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("response_type", "code");
		query.put("client_id", this.clientId);
		query.put("redirect_uri", redirectUri.toString());
		query.put("scope", "openid " + scope);
		query.put("state", state);
		query.put("code_challenge", pkce.challenge());
		query.put("code_challenge_method", "S256");
		query.put("agent_id", agentId);
		query.put(DelegationClaims.AUTHORIZATION_DETAILS, authorizationDetails);
		return URI.create(authorizationEndpoint() + "?" + form(query));
	}

	/**
	 * Redeems the authorization code; the consumer's token response ({@code access_token} carries
	 * {@code agent_grant}).
	 * @throws IOException on transport errors or a refusal (with the server's error)
	 */
	public Map<String, Object> redeemCode(String code, URI redirectUri, Pkce pkce)
			throws IOException, InterruptedException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", redirectUri.toString());
		form.put("code_verifier", pkce.verifier());
		return ok(postToken(form));
	}

	/**
	 * Exchanges the consumer's token for a delegation token bound to {@code agentKey}, returning the raw
	 * response (200 with {@code access_token}, or an OAuth error).
	 * @param scope null for all granted scopes
	 * @param authorizationDetails null for the granted limits, or narrower ones
	 */
	public HttpResponse<String> exchangeResponse(AgentKeyPair agentKey, String agentId, String subjectToken,
			String audience, @Nullable String scope, @Nullable String authorizationDetails)
			throws IOException, InterruptedException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
		form.put("subject_token", subjectToken);
		form.put("subject_token_type", DelegationClaims.ACCESS_TOKEN_TYPE);
		form.put("actor_token", ActorToken.create(agentKey, agentId, this.issuer));
		form.put("actor_token_type", ActorToken.TOKEN_TYPE);
		form.put("audience", audience);
		if (scope != null) {
			form.put("scope", scope);
		}
		if (authorizationDetails != null) {
			form.put(DelegationClaims.AUTHORIZATION_DETAILS, authorizationDetails);
		}
		return postToken(form);
	}

	/**
	 * {@link #exchangeResponse} that returns the token response ({@code access_token}, {@code expires_in},
	 * {@code scope}, {@code authorization_details}).
	 * @throws IOException on transport errors or a refusal (with the server's error)
	 */
	public Map<String, Object> exchange(AgentKeyPair agentKey, String agentId, String subjectToken, String audience,
			@Nullable String scope, @Nullable String authorizationDetails) throws IOException, InterruptedException {
		return ok(exchangeResponse(agentKey, agentId, subjectToken, audience, scope, authorizationDetails));
	}

	/** POSTs a form to the token endpoint with client_secret_basic. */
	public HttpResponse<String> postToken(Map<String, String> form) throws IOException, InterruptedException {
		String basic = java.util.Base64.getEncoder()
			.encodeToString((enc(this.clientId) + ":" + enc(this.clientSecret)).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(tokenEndpoint())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + basic)
			.POST(HttpRequest.BodyPublishers.ofString(form(form)))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> ok(HttpResponse<String> response) throws IOException {
		try {
			Map<String, Object> json = JSONObjectUtils.parse(response.body());
			if (response.statusCode() != 200) {
				throw new IOException("Token endpoint answered " + response.statusCode() + ": " + json.get("error")
						+ " (" + json.get("error_description") + ")");
			}
			return json;
		}
		catch (ParseException ex) {
			throw new IOException("Token endpoint answered " + response.statusCode() + " without JSON", ex);
		}
	}

	static String form(Map<String, String> values) {
		return values.entrySet().stream().map((e) -> enc(e.getKey()) + "=" + enc(e.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
