package dev.agentauth.keycloak.rest.realm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.keycloak.provider.AgentProviderModel;
import dev.agentauth.keycloak.provider.AgentProviderStore;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.rest.Problem;
import dev.agentauth.keycloak.rest.RestError;
import dev.agentauth.keycloak.rest.RestJson;
import dev.agentauth.keycloak.rest.RestValues;
import dev.agentauth.keycloak.rest.agent.AgentsResource;
import dev.agentauth.keycloak.rest.agent.OperatorAccess;
import dev.agentauth.keycloak.rest.grant.AgentGrantResource;
import dev.agentauth.keycloak.signal.SignalSettings;

/**
 * Merchant-facing, unauthenticated, cacheable lookups under {@code /realms/{realm}/agents}.
 */
public final class AgentPublicResource {

	static final int DEFAULT_MAX_AGE_SECONDS = 60;

	/** Media type of a Web Bot Auth key directory. */
	public static final String DIRECTORY_MEDIA_TYPE = "application/http-message-signatures-directory+json";

	private final KeycloakSession session;

	private final int maxAgeSeconds;

	public AgentPublicResource(KeycloakSession session, int maxAgeSeconds) {
		this.session = session;
		this.maxAgeSeconds = maxAgeSeconds;
	}

	/**
	 * The key a signature's {@code keyid} names: a registered key by thumbprint, or a key brokered from an enabled
	 * agent provider by the provider's key id (with the {@code provider} member). 404 {@code unknown_key}; 409
	 * {@code key_ambiguous} when two sources know the key id; 503 {@code provider_unavailable} when the key's
	 * provider has not been fetched successfully within the fail-closed bound.
	 */
	@GET
	@Path("keys/{kid}")
	public Response key(@PathParam("kid") String kid, @Context Request request) {
		RealmModel realm = this.session.getContext().getRealm();
		return lookup(realm, this.session.getProvider(AgentRegistry.class).findKeys(realm, kid), request);
	}

	/** The key {@code keyid} of agent provider {@code alias} (never ambiguous). */
	@GET
	@Path("providers/{alias}/keys/{keyid}")
	public Response providerKey(@PathParam("alias") String alias, @PathParam("keyid") String keyId,
			@Context Request request) {
		RealmModel realm = this.session.getContext().getRealm();
		return lookup(realm, this.session.getProvider(AgentRegistry.class)
			.findKeys(realm, keyId)
			.stream()
			.filter((key) -> alias.equals(key.provider()))
			.toList(), request);
	}

	private Response lookup(RealmModel realm, List<AgentKeyModel> candidates, Request request) {
		AgentRegistry registry = this.session.getProvider(AgentRegistry.class);
		AgentProviderStore providerStore = this.session.getProvider(AgentProviderStore.class);
		Map<String, Optional<AgentProviderModel>> providers = new HashMap<>();
		// keys of a disabled or deleted provider are not served (and are no source of ambiguity)
		List<AgentKeyModel> served = candidates.stream()
			.filter((key) -> key.provider() == null || providers
				.computeIfAbsent(key.provider(), (alias) -> providerStore.get(realm, alias))
				.filter(AgentProviderModel::enabled)
				.isPresent())
			.toList();
		if (served.size() > 1) {
			return new Problem("about:blank", "Conflict", 409, ErrorCode.KEY_AMBIGUOUS.code(),
					"More than one source of this realm (the registry, agent providers) knows this keyid").toResponse();
		}
		AgentKeyModel key = served.isEmpty() ? null : served.get(0);
		AgentModel agent = (key != null) ? registry.getAgent(realm, key.agentId()).orElse(null) : null;
		if (key == null || agent == null) {
			return Problem.notFound("unknown_key", "No agent key with this keyid is registered in this realm")
				.toResponse();
		}
		RegisteredKey registered = new RegisteredKey(agent.id(), agent.status(), agent.operator(), key.status(),
				key.notBefore(), key.notAfter(), key.key(), agent.allowedNetworks());
		if (key.provider() != null) {
			AgentProviderModel provider = providers.get(key.provider()).orElseThrow();
			if (providerStore.fetchSettings().failedClosed(provider, RestValues.now())) {
				return new Problem("about:blank", "Service Unavailable", 503, PROVIDER_UNAVAILABLE,
						"The key's agent provider has not been fetched successfully for too long").toResponse();
			}
			registered = registered.withProvider(new AgentProvider(provider.alias(), provider.displayName(),
					provider.type().value(), provider.profile(), provider.url(), key.lookupId()));
		}
		return cacheable(registered.toJson(), "application/json", request);
	}

	/** The problem code of a key whose provider failed closed. */
	public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

	// --- operator self-registration: a service account with the realm role agent-operator ---

	/** Realm role of agent operators' service accounts. */
	public static final String OPERATOR_ROLE = OperatorAccess.OPERATOR_ROLE;

	@POST
	@Consumes(MediaType.APPLICATION_JSON)
	public Response createAsOperator(String body, @Context UriInfo uriInfo) {
		return operator().create(body, uriInfo);
	}

	@POST
	@Path("{id}/keys")
	@Consumes(MediaType.APPLICATION_JSON)
	public Response addKeyAsOperator(@PathParam("id") String id, String body, @Context UriInfo uriInfo) {
		return operator().agent(id).keys().add(body, uriInfo);
	}

	@POST
	@Path("{id}/keys/{kid}/retire")
	public Response retireKeyAsOperator(@PathParam("id") String id, @PathParam("kid") String kid,
			@Context UriInfo uriInfo) {
		return operator().agent(id).keys().retire(kid, uriInfo);
	}

	@POST
	@Path("{id}/keys/{kid}/revoke")
	public Response revokeKeyAsOperator(@PathParam("id") String id, @PathParam("kid") String kid,
			@Context UriInfo uriInfo) {
		return operator().agent(id).keys().revoke(kid, uriInfo);
	}

	/**
	 * The revocation feed (RFC 8936 poll) for merchant clients: a client-credentials bearer token of a service
	 * account with the realm role {@code agent-merchant}; any other token is 403 {@code insufficient_scope}.
	 */
	@Path("events")
	public SecurityEventFeedResource events() {
		RealmModel realm = this.session.getContext().getRealm();
		AuthenticationManager.AuthResult auth = authenticate(realm);
		String clientLink = auth.user().getServiceAccountClientLink();
		ClientModel client = (clientLink != null) ? realm.getClientById(clientLink) : null;
		RoleModel merchant = realm.getRole(SignalSettings.MERCHANT_ROLE);
		if (client == null || merchant == null || !auth.user().hasRole(merchant)) {
			throw RestError.bearer(realm.getName(), 403, "insufficient_scope", "The revocation feed is for merchant clients "
					+ "(service accounts with the realm role " + SignalSettings.MERCHANT_ROLE + ")");
		}
		return new SecurityEventFeedResource(this.session, realm, client.getClientId());
	}

	/** RFC 8935 push of merchants' signals (client-credentials bearer token of a merchant client). */
	@Path("signals")
	public SignalReceiverResource signals() {
		return new SignalReceiverResource(this.session, this.session.getContext().getRealm());
	}

	/**
	 * The caller's own grants to agents, with the consumer's token of Keycloak's account console (client
	 * {@code account-console}, whose Connected agents page calls this) and no other: a token that carries
	 * {@code act}, {@code cnf} or {@code agent_grant} (a delegation token, or the consumer token an operator
	 * redeemed at consent) is 401 {@code invalid_token}; any other client's token is 403 {@code insufficient_scope}.
	 */
	@Path("grants")
	public AgentGrantResource grants() {
		RealmModel realm = this.session.getContext().getRealm();
		AuthenticationManager.AuthResult auth = authenticate(realm);
		AccessToken token = auth.token();
		if (token.getConfirmation() != null || token.getOtherClaims().containsKey(DelegationClaims.ACT)
				|| token.getOtherClaims().containsKey(DelegationClaims.CNF)
				|| token.getOtherClaims().containsKey(DelegationClaims.AGENT_GRANT)) {
			throw RestError.bearer(realm.getName(), 401, "invalid_token",
					"A delegated or key-bound token (act, cnf or agent_grant) cannot read or revoke grants");
		}
		if (!Constants.ACCOUNT_CONSOLE_CLIENT_ID.equals(token.getIssuedFor())
				|| auth.user().getServiceAccountClientLink() != null) {
			throw RestError.bearer(realm.getName(), 403, "insufficient_scope",
					"Grants are read and revoked with the consumer's token of the account console ("
							+ Constants.ACCOUNT_CONSOLE_CLIENT_ID + ")");
		}
		return AgentGrantResource.forConsumer(this.session, realm, auth.user());
	}

	/** The caller of a realm-level endpoint, from its bearer token; 401 without a valid one. */
	private AuthenticationManager.AuthResult authenticate(RealmModel realm) {
		AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(this.session)
			.setRealm(realm)
			.authenticate();
		if (auth == null) {
			throw new NotAuthorizedException("Bearer");
		}
		return auth;
	}

	/** The operator API with the caller's {@link OperatorAccess}; 403 for any other caller. */
	private AgentsResource operator() {
		RealmModel realm = this.session.getContext().getRealm();
		AuthenticationManager.AuthResult auth = authenticate(realm);
		UserModel user = auth.user();
		String clientId = user.getServiceAccountClientLink();
		ClientModel client = (clientId != null) ? realm.getClientById(clientId) : null;
		RoleModel role = realm.getRole(OPERATOR_ROLE);
		if (client == null || role == null || !user.hasRole(role)) {
			throw RestError.forbidden("Only service accounts with the realm role " + OPERATOR_ROLE
					+ " may register agents here");
		}
		AdminEventBuilder events = new AdminEventBuilder(realm, new AdminAuth(realm, auth.token(), user, auth.client()),
				this.session, this.session.getContext().getConnection());
		return new AgentsResource(this.session, realm, new OperatorAccess(client.getClientId(), events));
	}

	@GET
	@Path("{id}/jwks")
	public Response jwks(@PathParam("id") String agentId, @Context Request request) {
		return keySet(agentId, "application/json", request);
	}

	/** Web Bot Auth key directory: the same keys, in the directory media type. */
	@GET
	@Path("{id}/directory")
	public Response directory(@PathParam("id") String agentId, @Context Request request) {
		return keySet(agentId, DIRECTORY_MEDIA_TYPE, request);
	}

	private Response keySet(String agentId, String mediaType, Request request) {
		RealmModel realm = this.session.getContext().getRealm();
		AgentRegistry registry = this.session.getProvider(AgentRegistry.class);
		AgentModel agent = registry.getAgent(realm, agentId).orElse(null);
		if (agent == null) {
			return Problem.notFound("unknown_agent", "No agent with this id is registered in this realm").toResponse();
		}
		Instant now = RestValues.now();
		List<Map<String, Object>> keys = (agent.status() != AgentStatus.ACTIVE || !served(realm, agent, now)) ? List.of()
				: registry.getKeys(realm, agentId).stream()
					.filter((key) -> key.status() != KeyStatus.REVOKED)
					.filter((key) -> key.notBefore() == null || !now.isBefore(key.notBefore()))
					.filter((key) -> key.notAfter() == null || now.isBefore(key.notAfter()))
					.map((key) -> key.key().toJsonObject())
					.toList();
		return cacheable(RestJson.write(new KeySet(keys)), mediaType, request);
	}

	// a brokered agent's keys are served while its provider is enabled and within the fail-closed bound
	private boolean served(RealmModel realm, AgentModel agent, Instant now) {
		if (agent.provider() == null) {
			return true;
		}
		AgentProviderStore store = this.session.getProvider(AgentProviderStore.class);
		return store.get(realm, agent.provider())
			.filter(AgentProviderModel::enabled)
			.filter((provider) -> !store.fetchSettings().failedClosed(provider, now))
			.isPresent();
	}

	/** A JWK Set (RFC 7517 §5). */
	record KeySet(@JsonProperty("keys") List<Map<String, Object>> keys) {
	}

	private Response cacheable(String body, String mediaType, Request request) {
		EntityTag etag = new EntityTag(sha256(body));
		CacheControl cache = new CacheControl();
		cache.setMaxAge(this.maxAgeSeconds);
		Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
		if (notModified != null) {
			return notModified.cacheControl(cache).build();
		}
		return Response.ok(body, mediaType).tag(etag).cacheControl(cache).build();
	}

	private static String sha256(String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
