package dev.agentauth.keycloak.rest.agent;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.keycloak.metrics.AgentAuthMetrics;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.rest.RestError;
import dev.agentauth.keycloak.rest.RestJson;
import dev.agentauth.keycloak.signal.AgentStandingStore;
import dev.agentauth.keycloak.signal.AgentStandings;

/**
 * One agent, at {@code .../agents/{id}}: read, replace, delete, change its status (admins), its standing; its
 * keys are {@link AgentKeysResource}.
 *
 * @since 0.1.0
 */
public final class AgentResource {

	private final KeycloakSession session;

	private final RealmModel realm;

	private final AgentAccess access;

	private final AgentRegistry registry;

	private final String id;

	AgentResource(KeycloakSession session, RealmModel realm, AgentAccess access, String id) {
		this.session = session;
		this.realm = realm;
		this.access = access;
		this.registry = session.getProvider(AgentRegistry.class);
		this.id = id;
	}

	/** The agent's keys. */
	@Path("keys")
	public AgentKeysResource keys() {
		return new AgentKeysResource(this.session, this.realm, this.access, this.id);
	}

	@GET
	public Response get() {
		this.access.requireView();
		AgentModel agent = this.registry.getAgent(this.realm, this.id).orElse(null);
		if (agent == null) {
			return RestError.notFound("agent").toResponse();
		}
		return RestJson.json(200, AgentRepresentation.of(agent, this.registry.getKeys(this.realm, this.id)));
	}

	/**
	 * The agent's standing as merchants reported it: the highest current level and each merchant's latest report.
	 */
	@GET
	@Path("standing")
	public Response standing() {
		this.access.requireView();
		String id = this.id;
		if (this.registry.getAgent(this.realm, id).isEmpty()) {
			return RestError.notFound("agent").toResponse();
		}
		return RestJson.json(200, AgentStandings.representation(id,
				this.session.getProvider(AgentStandingStore.class).getStandings(this.realm, id)));
	}

	@PUT
	@Consumes(MediaType.APPLICATION_JSON)
	public Response update(String body, @Context UriInfo uriInfo) {
		this.access.requireAdminister();
		try {
			AgentInput input = RestJson.read(body, AgentInput.class);
			AgentModel agent = this.registry.updateAgent(this.realm, this.id, input.validName(), input.description(),
					input.operator(), input.validNetworks()).orElse(null);
			if (agent == null) {
				return RestError.notFound("agent").toResponse();
			}
			return changed(agent, OperationType.UPDATE, uriInfo);
		}
		catch (RestError ex) {
			return ex.toResponse();
		}
	}

	@DELETE
	public Response delete(@Context UriInfo uriInfo) {
		this.access.requireAdminister();
		if (!this.registry.deleteAgent(this.realm, this.id)) {
			return RestError.notFound("agent").toResponse();
		}
		this.access.adminEvent().operation(OperationType.DELETE).resource(AgentsResource.RESOURCE_AGENT)
			.resourcePath(uriInfo).success();
		return Response.noContent().build();
	}

	@POST
	@Path("suspend")
	public Response suspend(@Context UriInfo uriInfo) {
		return changeStatus(AgentStatus.SUSPENDED, uriInfo);
	}

	@POST
	@Path("activate")
	public Response activate(@Context UriInfo uriInfo) {
		return changeStatus(AgentStatus.ACTIVE, uriInfo);
	}

	@POST
	@Path("revoke")
	public Response revoke(@Context UriInfo uriInfo) {
		return changeStatus(AgentStatus.REVOKED, uriInfo);
	}

	private Response changeStatus(AgentStatus status, UriInfo uriInfo) {
		this.access.requireAdminister();
		AgentModel current = this.registry.getAgent(this.realm, this.id).orElse(null);
		if (current == null) {
			return RestError.notFound("agent").toResponse();
		}
		if (current.status() == AgentStatus.REVOKED && status != AgentStatus.REVOKED) {
			return RestError.conflict("A revoked agent cannot be reactivated or suspended; register a new one")
				.toResponse();
		}
		AgentModel agent = this.registry.setAgentStatus(this.realm, this.id, status).orElseThrow();
		if (status == AgentStatus.SUSPENDED && current.status() != AgentStatus.SUSPENDED) {
			AgentAuthMetrics.suspension(this.realm.getName(),
					(this.access instanceof OperatorAccess) ? "operator" : "admin");
		}
		return changed(agent, OperationType.ACTION, uriInfo);
	}

	private Response changed(AgentModel agent, OperationType operation, UriInfo uriInfo) {
		AgentRepresentation representation = AgentRepresentation.of(agent,
				this.registry.getKeys(this.realm, agent.id()));
		this.access.adminEvent().operation(operation).resource(AgentsResource.RESOURCE_AGENT).resourcePath(uriInfo)
			.representation(representation).success();
		return RestJson.json(200, representation);
	}

}
