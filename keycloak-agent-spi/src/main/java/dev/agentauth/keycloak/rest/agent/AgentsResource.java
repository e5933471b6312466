package dev.agentauth.keycloak.rest.agent;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
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

import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.rest.RestError;
import dev.agentauth.keycloak.rest.RestJson;
import dev.agentauth.keycloak.rest.RestValues;
import dev.agentauth.keycloak.rest.grant.AgentGrantResource;
import dev.agentauth.keycloak.signal.SignalCounters;
import dev.agentauth.keycloak.signal.SignalSettings;

/**
 * The realm's agents, at {@code /admin/realms/{realm}/agents} for admins and {@code /realms/{realm}/agents} for
 * agent operators (create only): thin, it parses, checks {@link AgentAccess}, calls the registry, maps to a
 * representation and records an admin event. One agent is {@link AgentResource}.
 *
 * @since 0.1.0
 */
public final class AgentsResource {

	static final String RESOURCE_AGENT = "AGENT";

	static final String RESOURCE_AGENT_KEY = "AGENT_KEY";

	/** A retired key used this recently gets a warning. */
	static final java.time.Duration RECENT_USE = java.time.Duration.ofHours(1);

	private final KeycloakSession session;

	private final RealmModel realm;

	private final AgentAccess access;

	private final AgentRegistry registry;

	public AgentsResource(KeycloakSession session, RealmModel realm, AgentAccess access) {
		this.session = session;
		this.realm = realm;
		this.access = access;
		this.registry = session.getProvider(AgentRegistry.class);
	}

	/** One agent. */
	@Path("{id}")
	public AgentResource agent(@PathParam("id") String id) {
		return new AgentResource(this.session, this.realm, this.access, id);
	}

	/** Consumers' grants to agents ({@code ?user=} or {@code ?agent=} to list, {@code DELETE grants/{id}}). */
	@Path("grants")
	public AgentGrantResource grants() {
		if (!(this.access instanceof AdminAccess admin)) {
			throw RestError.forbidden(this.access.denial());
		}
		return AgentGrantResource.forAdmin(this.session, this.realm, admin);
	}

	@POST
	@Consumes(MediaType.APPLICATION_JSON)
	public Response create(String body, @Context UriInfo uriInfo) {
		this.access.requireManage();
		try {
			AgentInput input = RestJson.read(body, AgentInput.class);
			String name = input.validName();
			List<String> networks = input.validNetworks();
			if (input.keys() != null && !this.access.mayRegisterKeysOnCreate()) {
				throw RestError.invalidRequest("Operators register keys after creating the agent: "
						+ "POST .../agents/{id}/keys with {\"jwk\", \"proof\"}");
			}
			List<AgentKey> keys = new ArrayList<>();
			for (KeyInput key : input.validKeys()) {
				if (key == null) {
					throw RestError.invalidRequest("'keys' must be an array of {\"jwk\": {...}}");
				}
				keys.add(key.agentKey(this.realm, "keys"));
			}
			AgentModel agent = this.registry.createAgent(this.realm, name, input.description(),
					this.access.operatorOf(input.operator()), networks);
			List<AgentKeyModel> stored = new ArrayList<>();
			for (AgentKey key : keys) {
				stored.add(this.registry.addKey(this.realm, agent.id(), key));
			}
			AgentRepresentation representation = AgentRepresentation.of(agent, stored);
			this.access.adminEvent().operation(OperationType.CREATE).resource(RESOURCE_AGENT)
				.resourcePath(uriInfo, agent.id()).representation(representation).success();
			URI location = uriInfo.getAbsolutePathBuilder().path(agent.id()).build();
			return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE)
				.entity(RestJson.write(representation)).build();
		}
		catch (RestError ex) {
			return ex.toResponse();
		}
		catch (AgentRegistry.DuplicateKeyException ex) {
			return duplicate(this.session, ex);
		}
	}

	@GET
	public Response list(@QueryParam("first") Integer first, @QueryParam("max") Integer max,
			@QueryParam("search") String search, @QueryParam("status") String status) {
		this.access.requireView();
		int from = (first == null || first < 0) ? 0 : first;
		int size = (max == null || max <= 0) ? 100 : Math.min(max, 1000);
		AgentStatus wanted = null;
		if (status != null && !status.isBlank()) {
			try {
				wanted = AgentStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				return RestError.invalidRequest("'status' must be active, suspended or revoked").toResponse();
			}
		}
		List<AgentRepresentation> agents = this.registry.searchAgents(this.realm, search, wanted, from, size).stream()
			.map((agent) -> AgentRepresentation.of(agent, this.registry.getKeys(this.realm, agent.id())))
			.toList();
		return RestJson.json(200, agents);
	}

	/** The realm's signal settings and this node's counters of pushed signals. */
	@GET
	@Path("signals")
	public Response signals() {
		this.access.requireView();
		Map<String, String> settings = new LinkedHashMap<>();
		for (String name : List.of(SignalSettings.AUTO_SUSPEND, SignalSettings.WINDOW,
				SignalSettings.CREDENTIAL_COMPROMISE, SignalSettings.RATE_LIMIT)) {
			String value = this.realm.getAttribute(name);
			if (value != null) {
				settings.put(name, value);
			}
		}
		return RestJson.json(200, new Signals(settings, SignalCounters.of(this.realm.getId())));
	}

	/** The realm's signal settings (realm attribute names) and counters. */
	record Signals(@JsonProperty("settings") Map<String, String> settings,
			@JsonProperty("counters") Map<String, Object> counters) {
	}

	/**
	 * Retired or revoked keys that a merchant reported in use within {@code since} seconds (default 3600): agents
	 * still signing with an old key.
	 */
	@GET
	@Path("retired-keys-in-use")
	public Response retiredKeysInUse(@QueryParam("since") Long since) {
		this.access.requireView();
		long seconds = (since == null || since <= 0) ? 3600 : since;
		List<AgentKeyRepresentation> keys = this.registry
			.retiredKeysUsedSince(this.realm, RestValues.now().minusSeconds(seconds), 1000)
			.stream()
			.map((key) -> AgentKeyRepresentation.of(key).withAgentId(key.agentId()))
			.toList();
		return RestJson.json(200, keys);
	}

	/** 409, and nothing of this request is stored (an agent created just before is rolled back too). */
	static Response duplicate(KeycloakSession session, AgentRegistry.DuplicateKeyException ex) {
		session.getTransactionManager().setRollbackOnly();
		return RestError.conflict(ex.getMessage()).toResponse();
	}

}
