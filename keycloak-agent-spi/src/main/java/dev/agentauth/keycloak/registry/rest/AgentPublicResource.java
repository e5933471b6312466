package dev.agentauth.keycloak.registry.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
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

import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.revocation.SecurityEventFeedResource;
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

	@GET
	@Path("keys/{kid}")
	public Response key(@PathParam("kid") String kid, @Context Request request) {
		RealmModel realm = this.session.getContext().getRealm();
		AgentRegistry registry = this.session.getProvider(AgentRegistry.class);
		AgentKeyModel key = registry.findKey(realm, kid).orElse(null);
		AgentModel agent = (key != null) ? registry.getAgent(realm, key.agentId()).orElse(null) : null;
		if (key == null || agent == null) {
			return problem(404, "unknown_key", "No agent key with this keyid is registered in this realm");
		}
		String body = new RegisteredKey(agent.id(), agent.status(), agent.operator(), key.status(), key.notBefore(),
				key.notAfter(), key.key(), agent.allowedNetworks()).toJson();
		return cacheable(body, "application/json", request);
	}

	// --- operator self-registration: a service account with the realm role agent-operator ---

	/** Realm role of agent operators' service accounts. */
	public static final String OPERATOR_ROLE = "agent-operator";

	@POST
	@Consumes(MediaType.APPLICATION_JSON)
	public Response createAsOperator(String body, @Context UriInfo uriInfo) {
		return operator().create(body, uriInfo);
	}

	@POST
	@Path("{id}/keys")
	@Consumes(MediaType.APPLICATION_JSON)
	public Response addKeyAsOperator(@PathParam("id") String id, String body, @Context UriInfo uriInfo) {
		return operator().addKey(id, body, uriInfo);
	}

	@POST
	@Path("{id}/keys/{kid}/retire")
	public Response retireKeyAsOperator(@PathParam("id") String id, @PathParam("kid") String kid,
			@Context UriInfo uriInfo) {
		return operator().retireKey(id, kid, uriInfo);
	}

	@POST
	@Path("{id}/keys/{kid}/revoke")
	public Response revokeKeyAsOperator(@PathParam("id") String id, @PathParam("kid") String kid,
			@Context UriInfo uriInfo) {
		return operator().revokeKey(id, kid, uriInfo);
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
			throw bearerError(realm, 403, "insufficient_scope", "The revocation feed is for merchant clients "
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
			throw bearerError(realm, 401, "invalid_token",
					"A delegated or key-bound token (act, cnf or agent_grant) cannot read or revoke grants");
		}
		if (!Constants.ACCOUNT_CONSOLE_CLIENT_ID.equals(token.getIssuedFor())
				|| auth.user().getServiceAccountClientLink() != null) {
			throw bearerError(realm, 403, "insufficient_scope",
					"Grants are read and revoked with the consumer's token of the account console ("
							+ Constants.ACCOUNT_CONSOLE_CLIENT_ID + ")");
		}
		return AgentGrantResource.forConsumer(this.session, realm, auth.user());
	}

	// RFC 6750 §3: the error in the challenge and, as Keycloak's own endpoints do, in the body
	private static WebApplicationException bearerError(RealmModel realm, int status, String error,
			String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		return new WebApplicationException(Response.status(status)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\", error=\"" + error
					+ "\", error_description=\"" + description + "\"")
			.type(MediaType.APPLICATION_JSON_TYPE)
			.entity(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(body))
			.build());
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

	private AgentAdminResource operator() {
		RealmModel realm = this.session.getContext().getRealm();
		AuthenticationManager.AuthResult auth = authenticate(realm);
		UserModel user = auth.user();
		String clientId = user.getServiceAccountClientLink();
		ClientModel client = (clientId != null) ? realm.getClientById(clientId) : null;
		RoleModel role = realm.getRole(OPERATOR_ROLE);
		if (client == null || role == null || !user.hasRole(role)) {
			throw new ForbiddenException("Only service accounts with the realm role " + OPERATOR_ROLE
					+ " may register agents here");
		}
		AdminEventBuilder events = new AdminEventBuilder(realm, new AdminAuth(realm, auth.token(), user, auth.client()),
				this.session, this.session.getContext().getConnection());
		return AgentAdminResource.forOperator(this.session, realm, events, client.getClientId());
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
			return problem(404, "unknown_agent", "No agent with this id is registered in this realm");
		}
		Instant now = KeycloakClock.now();
		List<Map<String, Object>> keys = (agent.status() != AgentStatus.ACTIVE) ? List.of()
				: registry.getKeys(realm, agentId).stream()
					.filter((key) -> key.status() != KeyStatus.REVOKED)
					.filter((key) -> key.notBefore() == null || !now.isBefore(key.notBefore()))
					.filter((key) -> key.notAfter() == null || now.isBefore(key.notAfter()))
					.map((key) -> key.key().toJsonObject())
					.toList();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("keys", keys);
		return cacheable(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(body), mediaType, request);
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

	private static Response problem(int status, String code, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (status == 404) ? "Not Found" : "Bad Request");
		problem.put("status", status);
		problem.put("code", code);
		problem.put("detail", detail);
		return Response.status(status).type("application/problem+json")
			.entity(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(problem)).build();
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
