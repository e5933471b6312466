package dev.agentauth.keycloak.registry.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentRegistry;

/**
 * Agent grants over REST: a consumer's own ({@code /realms/{realm}/agents/grants}, the consumer's bearer token)
 * or any user's for admins ({@code /admin/realms/{realm}/agents/grants?user=}, {@code view-agents} to list,
 * {@code manage-agents} to revoke). A grant of another user answers 404 to a consumer. Revoking emits the user
 * event {@code REVOKE_GRANT} (details {@code agent_id}, {@code grant_id}).
 */
public final class AgentGrantResource {

	static final String RESOURCE_GRANT = "AGENT_GRANT";

	private final KeycloakSession session;

	private final RealmModel realm;

	private final AgentGrantStore grants;

	/** The consumer, or null for an admin. */
	private final @Nullable UserModel consumer;

	private final @Nullable AdminPermissionEvaluator auth;

	private final @Nullable AdminEventBuilder adminEvent;

	private AgentGrantResource(KeycloakSession session, RealmModel realm, @Nullable UserModel consumer,
			@Nullable AdminPermissionEvaluator auth, @Nullable AdminEventBuilder adminEvent) {
		this.session = session;
		this.realm = realm;
		this.grants = session.getProvider(AgentGrantStore.class);
		this.consumer = consumer;
		this.auth = auth;
		this.adminEvent = (adminEvent != null) ? adminEvent.resource(RESOURCE_GRANT) : null;
	}

	static AgentGrantResource forConsumer(KeycloakSession session, RealmModel realm, UserModel consumer) {
		return new AgentGrantResource(session, realm, consumer, null, null);
	}

	static AgentGrantResource forAdmin(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
			AdminEventBuilder adminEvent) {
		return new AgentGrantResource(session, realm, null, auth, adminEvent);
	}

	@GET
	@Produces(MediaType.APPLICATION_JSON)
	public Response list(@QueryParam("user") String userId, @QueryParam("agent") String agentId) {
		String owner;
		if (this.consumer != null) {
			owner = this.consumer.getId();
		}
		else {
			requireAdmin(false);
			if ((userId == null || userId.isBlank()) && agentId != null && !agentId.isBlank()) {
				return agentGrants(agentId);
			}
			if (userId == null || userId.isBlank()) {
				return error(400, "invalid_request",
						"Query parameter 'user' (the user id) or 'agent' (the agent id) is required");
			}
			UserModel user = this.session.users().getUserById(this.realm, userId);
			if (user == null) {
				return error(404, "not_found", "No such user in this realm");
			}
			owner = user.getId();
		}
		Instant now = KeycloakClock.now();
		AgentRegistry registry = this.session.getProvider(AgentRegistry.class);
		List<Map<String, Object>> body = this.grants.getUserGrants(this.realm, owner)
			.stream()
			.map((grant) -> withAgent(grant.toJson(now), registry, grant.agentId(), now))
			.toList();
		return Response.ok(com.nimbusds.jose.util.JSONArrayUtils.toJSONString(new java.util.ArrayList<>(body)),
				MediaType.APPLICATION_JSON_TYPE).build();
	}

	@GET
	@Path("{id}")
	@Produces(MediaType.APPLICATION_JSON)
	public Response get(@PathParam("id") String id) {
		if (this.consumer == null) {
			requireAdmin(false);
		}
		AgentGrantModel grant = visible(id);
		return (grant != null) ? RegistryJson.json(200, grant.toJson(KeycloakClock.now()))
				: error(404, "not_found", "No such grant");
	}

	@DELETE
	@Path("{id}")
	public Response revoke(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uriInfo) {
		if (this.consumer == null) {
			requireAdmin(true);
		}
		AgentGrantModel grant = visible(id);
		if (grant == null) {
			return error(404, "not_found", "No such grant");
		}
		String by = (this.consumer != null) ? "user:" + this.consumer.getId()
				: "admin:" + this.auth.adminAuth().getUser().getId();
		AgentGrantModel revoked = this.grants.revokeGrant(this.realm, grant.id(), by).orElseThrow();
		new EventBuilder(this.realm, this.session, this.session.getContext().getConnection())
			.event(EventType.REVOKE_GRANT)
			.user(revoked.userId())
			.client(revoked.clientId())
			.detail("agent_id", revoked.agentId())
			.detail("grant_id", revoked.id())
			.detail("revoked_by", by)
			.success();
		if (this.adminEvent != null) {
			this.adminEvent.operation(OperationType.DELETE).resourcePath(uriInfo)
				.representation(revoked.toJson(KeycloakClock.now())).success();
		}
		return Response.noContent().build();
	}

	// an admin's view of one agent's grants (the admin console's Grants tab), with the consumers' usernames
	private Response agentGrants(String agentId) {
		Instant now = KeycloakClock.now();
		List<Map<String, Object>> body = this.grants.getAgentGrants(this.realm, agentId).stream().map((grant) -> {
			Map<String, Object> json = grant.toJson(now);
			UserModel user = this.session.users().getUserById(this.realm, grant.userId());
			if (user != null) {
				json.put("username", user.getUsername());
			}
			return json;
		}).toList();
		return Response.ok(com.nimbusds.jose.util.JSONArrayUtils.toJSONString(new java.util.ArrayList<>(body)),
				MediaType.APPLICATION_JSON_TYPE).build();
	}

	// what the consumer approved, for the account console: the agent's name, operator, status and the
	// thumbprints of its keys that verify now (the fingerprint the consent page showed)
	private Map<String, Object> withAgent(Map<String, Object> json, AgentRegistry registry, String agentId,
			Instant now) {
		registry.getAgent(this.realm, agentId).ifPresent((agent) -> {
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("name", agent.name());
			if (agent.operator() != null) {
				summary.put("operator", agent.operator());
			}
			summary.put("status", agent.status().name());
			summary.put("keys", registry.getKeys(this.realm, agentId).stream()
				.filter((key) -> key.status() != KeyStatus.REVOKED
						&& (key.notAfter() == null || key.notAfter().isAfter(now)))
				.map(AgentKeyModel::kid)
				.toList());
			json.put("agent", summary);
		});
		return json;
	}

	private @Nullable AgentGrantModel visible(String id) {
		AgentGrantModel grant = this.grants.getGrant(this.realm, id).orElse(null);
		if (grant == null || (this.consumer != null && !grant.userId().equals(this.consumer.getId()))) {
			return null;
		}
		return grant;
	}

	private void requireAdmin(boolean manage) {
		boolean allowed = manage
				? this.auth.hasOneAdminRole(AgentAdminResource.MANAGE_AGENTS) || this.auth.realm().canManageRealm()
				: this.auth.hasOneAdminRole(AgentAdminResource.VIEW_AGENTS, AgentAdminResource.MANAGE_AGENTS)
						|| this.auth.realm().canViewRealm();
		if (!allowed) {
			throw new ForbiddenException();
		}
	}

	private static Response error(int status, String error, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		return RegistryJson.json(status, body);
	}

}
