package dev.agentauth.keycloak.rest.grant;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jspecify.annotations.Nullable;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.rest.RestError;
import dev.agentauth.keycloak.rest.RestJson;
import dev.agentauth.keycloak.rest.RestValues;
import dev.agentauth.keycloak.rest.agent.AdminAccess;

/**
 * Agent grants over REST: a consumer's own ({@code /realms/{realm}/agents/grants}, the consumer's bearer token)
 * or any user's for admins ({@code /admin/realms/{realm}/agents/grants?user=}, {@code view-agents} to list,
 * {@code manage-agents} to revoke). A grant of another user answers 404 to a consumer. Revoking emits the user
 * event {@code REVOKE_GRANT} (details {@code agent_id}, {@code grant_id}).
 *
 * @since 0.1.0
 */
public final class AgentGrantResource {

	static final String RESOURCE_GRANT = "AGENT_GRANT";

	/** Who reads or revokes grants: the consumer (their own only) or an admin (anyone's). */
	private sealed interface Caller {
	}

	private record Consumer(UserModel user) implements Caller {
	}

	private record Admin(AdminAccess access) implements Caller {
	}

	private final KeycloakSession session;

	private final RealmModel realm;

	private final AgentGrantStore grants;

	private final Caller caller;

	private AgentGrantResource(KeycloakSession session, RealmModel realm, Caller caller) {
		this.session = session;
		this.realm = realm;
		this.grants = session.getProvider(AgentGrantStore.class);
		this.caller = caller;
	}

	public static AgentGrantResource forConsumer(KeycloakSession session, RealmModel realm, UserModel consumer) {
		return new AgentGrantResource(session, realm, new Consumer(consumer));
	}

	public static AgentGrantResource forAdmin(KeycloakSession session, RealmModel realm, AdminAccess access) {
		return new AgentGrantResource(session, realm, new Admin(access));
	}

	@GET
	@Produces(MediaType.APPLICATION_JSON)
	public Response list(@QueryParam("user") String userId, @QueryParam("agent") String agentId) {
		String owner;
		if (this.caller instanceof Consumer consumer) {
			owner = consumer.user().getId();
		}
		else {
			((Admin) this.caller).access().requireView();
			if ((userId == null || userId.isBlank()) && agentId != null && !agentId.isBlank()) {
				return agentGrants(agentId);
			}
			if (userId == null || userId.isBlank()) {
				return RestError.invalidRequest(
						"Query parameter 'user' (the user id) or 'agent' (the agent id) is required").toResponse();
			}
			UserModel user = this.session.users().getUserById(this.realm, userId);
			if (user == null) {
				return RestError.notFound("user").toResponse();
			}
			owner = user.getId();
		}
		Instant now = RestValues.now();
		AgentRegistry registry = this.session.getProvider(AgentRegistry.class);
		List<GrantRepresentation> body = this.grants.getUserGrants(this.realm, owner)
			.stream()
			.map((grant) -> withAgent(GrantRepresentation.of(grant, now), registry, grant.agentId(), now))
			.toList();
		return RestJson.json(200, body);
	}

	@GET
	@Path("{id}")
	@Produces(MediaType.APPLICATION_JSON)
	public Response get(@PathParam("id") String id) {
		if (this.caller instanceof Admin admin) {
			admin.access().requireView();
		}
		AgentGrantModel grant = visible(id);
		return (grant != null) ? RestJson.json(200, GrantRepresentation.of(grant, RestValues.now()))
				: RestError.notFound("grant").toResponse();
	}

	@DELETE
	@Path("{id}")
	public Response revoke(@PathParam("id") String id, @Context UriInfo uriInfo) {
		if (this.caller instanceof Admin admin) {
			admin.access().requireAdminister();
		}
		AgentGrantModel grant = visible(id);
		if (grant == null) {
			return RestError.notFound("grant").toResponse();
		}
		String by = switch (this.caller) {
			case Consumer consumer -> "user:" + consumer.user().getId();
			case Admin admin -> "admin:" + admin.access().userId();
		};
		AgentGrantModel revoked = this.grants.revokeGrant(this.realm, grant.id(), by).orElseThrow();
		new EventBuilder(this.realm, this.session, this.session.getContext().getConnection())
			.event(EventType.REVOKE_GRANT)
			.user(revoked.userId())
			.client(revoked.clientId())
			.detail("agent_id", revoked.agentId())
			.detail("grant_id", revoked.id())
			.detail("revoked_by", by)
			.success();
		if (this.caller instanceof Admin admin) {
			admin.access().adminEvent().resource(RESOURCE_GRANT).operation(OperationType.DELETE).resourcePath(uriInfo)
				.representation(GrantRepresentation.of(revoked, RestValues.now())).success();
		}
		return Response.noContent().build();
	}

	// an admin's view of one agent's grants (the admin console's Grants tab), with the consumers' usernames
	private Response agentGrants(String agentId) {
		Instant now = RestValues.now();
		List<GrantRepresentation> body = this.grants.getAgentGrants(this.realm, agentId).stream().map((grant) -> {
			GrantRepresentation representation = GrantRepresentation.of(grant, now);
			UserModel user = this.session.users().getUserById(this.realm, grant.userId());
			return (user != null) ? representation.withUsername(user.getUsername()) : representation;
		}).toList();
		return RestJson.json(200, body);
	}

	// what the consumer approved, for the account console: the agent's name, operator, status and the
	// thumbprints of its keys that verify now (the fingerprint the consent page showed)
	private GrantRepresentation withAgent(GrantRepresentation grant, AgentRegistry registry, String agentId,
			Instant now) {
		return registry.getAgent(this.realm, agentId)
			.map((agent) -> grant.withAgent(new GrantRepresentation.AgentSummary(agent.name(), agent.operator(),
					RestValues.status(agent.status()), registry.getKeys(this.realm, agentId).stream()
						.filter((key) -> key.status() != KeyStatus.REVOKED
								&& (key.notAfter() == null || key.notAfter().isAfter(now)))
						.map(AgentKeyModel::kid)
						.toList())))
			.orElse(grant);
	}

	private @Nullable AgentGrantModel visible(String id) {
		AgentGrantModel grant = this.grants.getGrant(this.realm, id).orElse(null);
		if (grant == null
				|| (this.caller instanceof Consumer consumer && !grant.userId().equals(consumer.user().getId()))) {
			return null;
		}
		return grant;
	}

}
