package dev.agentauth.keycloak.registry.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import jakarta.ws.rs.ForbiddenException;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.net.Cidr;
import dev.agentauth.core.signature.KeyPossessionProof;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.registry.rest.RegistryJson.BadRequest;
import dev.agentauth.keycloak.signal.AgentStandingStore;
import dev.agentauth.keycloak.signal.AgentStandings;
import dev.agentauth.keycloak.signal.SignalCounters;
import dev.agentauth.keycloak.signal.SignalSettings;

/**
 * Admin REST for the registry, at {@code /admin/realms/{realm}/agents}. Thin: parse, check permission, call the
 * registry, map to JSON, record an admin event.
 */
public final class AgentAdminResource {

	/** {@code realm-management} client role that may read the registry. */
	public static final String VIEW_AGENTS = "view-agents";

	/** {@code realm-management} client role that may change the registry. */
	public static final String MANAGE_AGENTS = "manage-agents";

	static final String RESOURCE_AGENT = "AGENT";

	static final String RESOURCE_AGENT_KEY = "AGENT_KEY";

	private final KeycloakSession session;

	private final RealmModel realm;

	private final AdminPermissionEvaluator auth;

	private final AdminEventBuilder adminEvent;

	private final AgentRegistry registry;

	// client id of the calling agent operator (self-registration), or null for admins
	private final String operator;

	public AgentAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
			AdminEventBuilder adminEvent) {
		this(session, realm, auth, adminEvent, null);
	}

	private AgentAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
			AdminEventBuilder adminEvent, String operator) {
		this.session = session;
		this.realm = realm;
		this.auth = auth;
		this.adminEvent = adminEvent;
		this.registry = session.getProvider(AgentRegistry.class);
		this.operator = operator;
	}

	/**
	 * The same operations for an agent operator's service account: it may create agents (operated by itself) and
	 * add, retire and revoke keys of agents it operates; every added key needs a proof of possession.
	 */
	static AgentAdminResource forOperator(KeycloakSession session, RealmModel realm, AdminEventBuilder adminEvent,
			String operatorClientId) {
		return new AgentAdminResource(session, realm, null, adminEvent, operatorClientId);
	}

	/** Consumers' grants to agents ({@code ?user=} to list, {@code DELETE grants/{id}} to revoke). */
	@Path("grants")
	public AgentGrantResource grants() {
		if (this.operator != null) {
			throw new ForbiddenException("Agent operators may only create agents and manage their keys");
		}
		return AgentGrantResource.forAdmin(this.session, this.realm, this.auth, this.adminEvent);
	}

	@POST
	@Consumes(MediaType.APPLICATION_JSON)
	public Response create(String body, @Context UriInfo uriInfo) {
		requireManage();
		try {
			Map<String, Object> json = RegistryJson.parseObject(body);
			String name = name(json);
			String description = string(json, "description", false);
			String operator = (this.operator != null) ? this.operator : string(json, "operator", false);
			List<String> networks = networks(json.get("allowedNetworks"));
			List<AgentKey> keys = new ArrayList<>();
			if (json.get("keys") != null && this.operator != null) {
				throw new BadRequest(400, "invalid_request", "Operators register keys after creating the agent: "
						+ "POST .../agents/{id}/keys with {\"jwk\", \"proof\"}");
			}
			if (json.get("keys") != null) {
				if (!(json.get("keys") instanceof List<?> list)) {
					throw new BadRequest(400, "invalid_request", "'keys' must be an array of {\"jwk\": {...}}");
				}
				for (Object item : list) {
					keys.add(parseKey(item));
				}
			}
			AgentModel agent = this.registry.createAgent(this.realm, name, description, operator, networks);
			List<AgentKeyModel> stored = new ArrayList<>();
			for (AgentKey key : keys) {
				stored.add(this.registry.addKey(this.realm, agent.id(), key));
			}
			Map<String, Object> representation = RegistryJson.agent(agent, stored);
			this.adminEvent.operation(OperationType.CREATE).resource(RESOURCE_AGENT)
				.resourcePath(uriInfo, agent.id()).representation(representation).success();
			URI location = uriInfo.getAbsolutePathBuilder().path(agent.id()).build();
			return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE)
				.entity(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(representation)).build();
		}
		catch (BadRequest ex) {
			return ex.toResponse();
		}
		catch (AgentRegistry.DuplicateKeyException ex) {
			return duplicate(ex);
		}
	}

	@GET
	public Response list(@QueryParam("first") Integer first, @QueryParam("max") Integer max,
			@QueryParam("search") String search, @QueryParam("status") String status) {
		requireView();
		int from = (first == null || first < 0) ? 0 : first;
		int size = (max == null || max <= 0) ? 100 : Math.min(max, 1000);
		AgentStatus wanted = null;
		if (status != null && !status.isBlank()) {
			try {
				wanted = AgentStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				return new BadRequest(400, "invalid_request", "'status' must be ACTIVE, SUSPENDED or REVOKED")
					.toResponse();
			}
		}
		List<Map<String, Object>> agents = this.registry.searchAgents(this.realm, search, wanted, from, size).stream()
			.map((agent) -> RegistryJson.agent(agent, this.registry.getKeys(this.realm, agent.id())))
			.toList();
		return Response.ok(com.nimbusds.jose.util.JSONArrayUtils.toJSONString(new ArrayList<Object>(agents)),
				MediaType.APPLICATION_JSON_TYPE).build();
	}

	@GET
	@Path("{id}")
	public Response get(@PathParam("id") String id) {
		requireView();
		AgentModel agent = this.registry.getAgent(this.realm, id).orElse(null);
		if (agent == null) {
			return notFound("agent");
		}
		return RegistryJson.json(200, RegistryJson.agent(agent, this.registry.getKeys(this.realm, id)));
	}

	/**
	 * The agent's standing as merchants reported it: the highest current level and each merchant's latest report.
	 */
	@GET
	@Path("{id}/standing")
	public Response standing(@PathParam("id") String id) {
		requireView();
		if (this.registry.getAgent(this.realm, id).isEmpty()) {
			return notFound("agent");
		}
		return RegistryJson.json(200, AgentStandings.representation(id,
				this.session.getProvider(AgentStandingStore.class).getStandings(this.realm, id)));
	}

	/** The realm's signal settings and this node's counters of pushed signals. */
	@GET
	@Path("signals")
	public Response signals() {
		requireView();
		Map<String, Object> settings = new LinkedHashMap<>();
		for (String name : List.of(SignalSettings.AUTO_SUSPEND, SignalSettings.WINDOW,
				SignalSettings.CREDENTIAL_COMPROMISE, SignalSettings.RATE_LIMIT)) {
			String value = this.realm.getAttribute(name);
			if (value != null) {
				settings.put(name, value);
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("settings", settings);
		body.put("counters", SignalCounters.of(this.realm.getId()));
		return RegistryJson.json(200, body);
	}

	/**
	 * Retired or revoked keys that a merchant reported in use within {@code since} seconds (default 3600): agents
	 * still signing with an old key.
	 */
	@GET
	@Path("retired-keys-in-use")
	public Response retiredKeysInUse(@QueryParam("since") Long since) {
		requireView();
		long seconds = (since == null || since <= 0) ? 3600 : since;
		List<Object> keys = new ArrayList<>(this.registry
			.retiredKeysUsedSince(this.realm, KeycloakClock.now().minusSeconds(seconds), 1000)
			.stream()
			.map((key) -> {
				Map<String, Object> json = RegistryJson.key(key);
				json.put("agent_id", key.agentId());
				return json;
			})
			.toList());
		return Response.ok(com.nimbusds.jose.util.JSONArrayUtils.toJSONString(keys), MediaType.APPLICATION_JSON_TYPE)
			.build();
	}

	@POST
	@Path("{id}/keys")
	@Consumes(MediaType.APPLICATION_JSON)
	public Response addKey(@PathParam("id") String id, String body, @Context UriInfo uriInfo) {
		requireManage();
		try {
			Map<String, Object> json = RegistryJson.parseObject(body);
			AgentModel agent = this.registry.getAgent(this.realm, id).orElse(null);
			if (agent == null) {
				return notFound("agent");
			}
			requireOperates(agent);
			AgentKey key = parseKey(json);
			Object proof = json.get("proof");
			if (proof != null || this.operator != null) {
				verifyProof(proof, key, agent);
			}
			AgentKeyModel stored = this.registry.addKey(this.realm, id, key);
			Map<String, Object> representation = RegistryJson.key(stored);
			this.adminEvent.operation(OperationType.CREATE).resource(RESOURCE_AGENT_KEY)
				.resourcePath(uriInfo, stored.kid()).representation(representation).success();
			return Response.created(uriInfo.getAbsolutePathBuilder().path(stored.kid()).build())
				.type(MediaType.APPLICATION_JSON_TYPE)
				.entity(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(representation)).build();
		}
		catch (BadRequest ex) {
			return ex.toResponse();
		}
		catch (AgentRegistry.DuplicateKeyException ex) {
			return duplicate(ex);
		}
	}

	/** 409, and nothing of this request is stored (an agent created just before is rolled back too). */
	private Response duplicate(AgentRegistry.DuplicateKeyException ex) {
		this.session.getTransactionManager().setRollbackOnly();
		return new BadRequest(409, "conflict", ex.getMessage()).toResponse();
	}

	@PUT
	@Path("{id}")
	@Consumes(MediaType.APPLICATION_JSON)
	public Response update(@PathParam("id") String id, String body, @Context UriInfo uriInfo) {
		requireAdminManage();
		try {
			Map<String, Object> json = RegistryJson.parseObject(body);
			String name = name(json);
			List<String> networks = networks(json.get("allowedNetworks"));
			AgentModel agent = this.registry.updateAgent(this.realm, id, name, string(json, "description", false),
					string(json, "operator", false), networks).orElse(null);
			if (agent == null) {
				return notFound("agent");
			}
			return agentChanged(agent, OperationType.UPDATE, uriInfo);
		}
		catch (BadRequest ex) {
			return ex.toResponse();
		}
	}

	@DELETE
	@Path("{id}")
	public Response delete(@PathParam("id") String id, @Context UriInfo uriInfo) {
		requireAdminManage();
		if (!this.registry.deleteAgent(this.realm, id)) {
			return notFound("agent");
		}
		this.adminEvent.operation(OperationType.DELETE).resource(RESOURCE_AGENT).resourcePath(uriInfo).success();
		return Response.noContent().build();
	}

	@POST
	@Path("{id}/suspend")
	public Response suspend(@PathParam("id") String id, @Context UriInfo uriInfo) {
		return changeStatus(id, AgentStatus.SUSPENDED, uriInfo);
	}

	@POST
	@Path("{id}/activate")
	public Response activate(@PathParam("id") String id, @Context UriInfo uriInfo) {
		return changeStatus(id, AgentStatus.ACTIVE, uriInfo);
	}

	@POST
	@Path("{id}/revoke")
	public Response revoke(@PathParam("id") String id, @Context UriInfo uriInfo) {
		return changeStatus(id, AgentStatus.REVOKED, uriInfo);
	}

	private Response changeStatus(String id, AgentStatus status, UriInfo uriInfo) {
		requireAdminManage();
		AgentModel current = this.registry.getAgent(this.realm, id).orElse(null);
		if (current == null) {
			return notFound("agent");
		}
		if (current.status() == AgentStatus.REVOKED && status != AgentStatus.REVOKED) {
			return new BadRequest(409, "conflict", "A revoked agent cannot be reactivated or suspended; register a new one")
				.toResponse();
		}
		AgentModel agent = this.registry.setAgentStatus(this.realm, id, status).orElseThrow();
		return agentChanged(agent, OperationType.ACTION, uriInfo);
	}

	private Response agentChanged(AgentModel agent, OperationType operation, UriInfo uriInfo) {
		Map<String, Object> representation = RegistryJson.agent(agent, this.registry.getKeys(this.realm, agent.id()));
		this.adminEvent.operation(operation).resource(RESOURCE_AGENT).resourcePath(uriInfo)
			.representation(representation).success();
		return RegistryJson.json(200, representation);
	}

	@POST
	@Path("{id}/keys/{kid}/retire")
	public Response retireKey(@PathParam("id") String id, @PathParam("kid") String kid, @Context UriInfo uriInfo) {
		requireManage();
		requireOperates(id);
		AgentKeyModel before = this.registry.getKeys(this.realm, id).stream()
			.filter((key) -> key.kid().equals(kid))
			.findFirst()
			.orElse(null);
		Response response = keyChanged(this.registry.retireKey(this.realm, id, kid).orElse(null), uriInfo);
		if (before != null && before.lastUsed() != null
				&& before.lastUsed().isAfter(KeycloakClock.now().minus(RECENT_USE))) {
			// still answered (retiring is safe: the key stays valid for the overlap), but the caller should know
			Map<String, Object> body = new LinkedHashMap<>(RegistryJson.key(
					this.registry.findKey(this.realm, kid).orElseThrow()));
			body.put("warning", "This key was used at a merchant in the last hour (last_used "
					+ before.lastUsed().getEpochSecond() + "); the agent may not have switched to its new key yet");
			return Response.fromResponse(response).entity(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(body))
				.header("Warning", "299 - \"key used in the last hour\"")
				.build();
		}
		return response;
	}

	/** A retired key used this recently gets a warning. */
	static final java.time.Duration RECENT_USE = java.time.Duration.ofHours(1);

	@POST
	@Path("{id}/keys/{kid}/revoke")
	public Response revokeKey(@PathParam("id") String id, @PathParam("kid") String kid, @Context UriInfo uriInfo) {
		requireManage();
		requireOperates(id);
		return keyChanged(this.registry.revokeKey(this.realm, id, kid).orElse(null), uriInfo);
	}

	private Response keyChanged(AgentKeyModel key, UriInfo uriInfo) {
		if (key == null) {
			return notFound("key of this agent");
		}
		Map<String, Object> representation = RegistryJson.key(key);
		this.adminEvent.operation(OperationType.ACTION).resource(RESOURCE_AGENT_KEY).resourcePath(uriInfo)
			.representation(representation).success();
		return RegistryJson.json(200, representation);
	}

	private static String name(Map<String, Object> json) throws BadRequest {
		String name = string(json, "name", true);
		if (name.isBlank() || name.length() > 255) {
			throw new BadRequest(400, "invalid_request", "'name' must be 1 to 255 characters");
		}
		return name;
	}

	/** Proof of possession: the core's {@link KeyPossessionProof}, with aud = this realm's issuer. */
	private void verifyProof(Object proof, AgentKey key, AgentModel agent) throws BadRequest {
		if (!(proof instanceof String jws)) {
			throw new BadRequest(400, "invalid_proof",
					"A proof of possession is required: a compact JWS signed by the new key (typ "
							+ KeyPossessionProof.TYPE + "; sub, aud, iat)");
		}
		String issuer = Urls.realmIssuer(this.session.getContext().getUri().getBaseUri(), this.realm.getName());
		try {
			KeyPossessionProof.verify(jws, key, agent.id(), issuer, KeycloakClock.now());
		}
		catch (AgentAuthException ex) {
			throw new BadRequest(400, "invalid_proof", ex.getMessage());
		}
	}

	private void requireOperates(String agentId) {
		this.registry.getAgent(this.realm, agentId).ifPresent(this::requireOperates);
	}

	private void requireOperates(AgentModel agent) {
		if (this.operator != null && !this.operator.equals(agent.operator())) {
			throw new ForbiddenException("This client does not operate that agent");
		}
	}

	private void requireView() {
		if (this.operator != null) {
			throw new ForbiddenException("Agent operators may only create agents and manage their keys");
		}
		if (!this.auth.hasOneAdminRole(VIEW_AGENTS, MANAGE_AGENTS) && !this.auth.realm().canViewRealm()) {
			throw new ForbiddenException();
		}
	}

	private void requireAdminManage() {
		if (this.operator != null) {
			throw new ForbiddenException("Agent operators may only create agents and manage their keys");
		}
		requireManage();
	}

	private void requireManage() {
		if (this.operator != null) {
			return;
		}
		if (!this.auth.hasOneAdminRole(MANAGE_AGENTS) && !this.auth.realm().canManageRealm()) {
			throw new ForbiddenException();
		}
	}

	private static Response notFound(String what) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", "not_found");
		body.put("error_description", "No such " + what + " in this realm");
		return RegistryJson.json(404, body);
	}

	@SuppressWarnings("unchecked")
	private static AgentKey parseKey(Object item) throws BadRequest {
		if (!(item instanceof Map<?, ?> map) || !(map.get("jwk") instanceof Map<?, ?> jwk)) {
			throw new BadRequest(400, "invalid_request", "A key must be given as {\"jwk\": {...}}");
		}
		try {
			return AgentKey.from((Map<String, Object>) jwk);
		}
		catch (AgentAuthException ex) {
			throw new BadRequest(400, ex.code(), ex.getMessage());
		}
	}

	private static String string(Map<String, Object> json, String name, boolean required) throws BadRequest {
		Object value = json.get(name);
		if (value == null) {
			if (required) {
				throw new BadRequest(400, "invalid_request", "'" + name + "' is required");
			}
			return null;
		}
		if (!(value instanceof String text)) {
			throw new BadRequest(400, "invalid_request", "'" + name + "' must be a string");
		}
		return text;
	}

	private static List<String> networks(Object value) throws BadRequest {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw new BadRequest(400, "invalid_request", "'allowedNetworks' must be an array of CIDR strings");
		}
		List<String> networks = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String cidr)) {
				throw new BadRequest(400, "invalid_request", "'allowedNetworks' must be an array of CIDR strings");
			}
			try {
				Cidr.parse(cidr);
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequest(400, "invalid_request", ex.getMessage());
			}
			networks.add(cidr);
		}
		return networks;
	}

}
