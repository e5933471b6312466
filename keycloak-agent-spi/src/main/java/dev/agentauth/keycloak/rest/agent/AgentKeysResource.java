package dev.agentauth.keycloak.rest.agent;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.AgentKey;
import dev.agentauth.core.signature.KeyPossessionProof;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.rest.RestError;
import dev.agentauth.keycloak.rest.RestJson;
import dev.agentauth.keycloak.rest.RestValues;

/**
 * An agent's keys, at {@code .../agents/{id}/keys}: add (with a proof of possession, required of operators),
 * retire, revoke.
 *
 * @since 0.1.0
 */
public final class AgentKeysResource {

	private final KeycloakSession session;

	private final RealmModel realm;

	private final AgentAccess access;

	private final AgentRegistry registry;

	private final String agentId;

	AgentKeysResource(KeycloakSession session, RealmModel realm, AgentAccess access, String agentId) {
		this.session = session;
		this.realm = realm;
		this.access = access;
		this.registry = session.getProvider(AgentRegistry.class);
		this.agentId = agentId;
	}

	@POST
	@Consumes(MediaType.APPLICATION_JSON)
	public Response add(String body, @Context UriInfo uriInfo) {
		this.access.requireManage();
		try {
			KeyInput input = RestJson.read(body, KeyInput.class);
			AgentModel agent = this.registry.getAgent(this.realm, this.agentId).orElse(null);
			if (agent == null) {
				return RestError.notFound("agent").toResponse();
			}
			this.access.requireOperates(agent);
			AgentKey key = input.agentKey(this.realm, "jwk");
			if (input.proof() != null || this.access.requiresProof()) {
				verifyProof(input.proof(), key, agent);
			}
			AgentKeyModel stored = this.registry.addKey(this.realm, this.agentId, key);
			AgentKeyRepresentation representation = AgentKeyRepresentation.of(stored);
			this.access.adminEvent().operation(OperationType.CREATE).resource(AgentsResource.RESOURCE_AGENT_KEY)
				.resourcePath(uriInfo, stored.kid()).representation(representation).success();
			return Response.created(uriInfo.getAbsolutePathBuilder().path(stored.kid()).build())
				.type(MediaType.APPLICATION_JSON_TYPE)
				.entity(RestJson.write(representation)).build();
		}
		catch (RestError ex) {
			return ex.toResponse();
		}
		catch (AgentRegistry.DuplicateKeyException ex) {
			return AgentsResource.duplicate(this.session, ex);
		}
	}

	@POST
	@Path("{kid}/retire")
	public Response retire(@PathParam("kid") String kid, @Context UriInfo uriInfo) {
		this.access.requireManage();
		requireOperates();
		String id = this.agentId;
		AgentKeyModel before = this.registry.getKeys(this.realm, id).stream()
			.filter((key) -> key.kid().equals(kid))
			.findFirst()
			.orElse(null);
		AgentKeyModel retired = this.registry.retireKey(this.realm, id, kid).orElse(null);
		if (retired == null) {
			return RestError.notFound("key of this agent").toResponse();
		}
		AgentKeyRepresentation representation = AgentKeyRepresentation.of(retired);
		changed(representation, uriInfo);
		if (before != null && before.lastUsed() != null
				&& before.lastUsed().isAfter(RestValues.now().minus(AgentsResource.RECENT_USE))) {
			// still answered (retiring is safe: the key stays valid for the overlap), but the caller should know
			return Response.fromResponse(RestJson.json(200, representation.withWarning("This key was used at a "
					+ "merchant in the last hour (last_used " + before.lastUsed().getEpochSecond()
					+ "); the agent may not have switched to its new key yet")))
				.header("Warning", "299 - \"key used in the last hour\"")
				.build();
		}
		return RestJson.json(200, representation);
	}

	@POST
	@Path("{kid}/revoke")
	public Response revoke(@PathParam("kid") String kid, @Context UriInfo uriInfo) {
		this.access.requireManage();
		requireOperates();
		AgentKeyModel revoked = this.registry.revokeKey(this.realm, this.agentId, kid).orElse(null);
		if (revoked == null) {
			return RestError.notFound("key of this agent").toResponse();
		}
		AgentKeyRepresentation representation = AgentKeyRepresentation.of(revoked);
		changed(representation, uriInfo);
		return RestJson.json(200, representation);
	}

	private void changed(AgentKeyRepresentation representation, UriInfo uriInfo) {
		this.access.adminEvent().operation(OperationType.ACTION).resource(AgentsResource.RESOURCE_AGENT_KEY)
			.resourcePath(uriInfo).representation(representation).success();
	}

	private void requireOperates() {
		this.registry.getAgent(this.realm, this.agentId).ifPresent(this.access::requireOperates);
	}

	/** Proof of possession: the core's {@link KeyPossessionProof}, with aud = this realm's issuer. */
	private void verifyProof(String proof, AgentKey key, AgentModel agent) throws RestError {
		if (proof == null) {
			throw new RestError(400, "invalid_proof",
					"A proof of possession is required: a compact JWS signed by the new key (typ "
							+ KeyPossessionProof.TYPE + "; sub, aud, iat)");
		}
		String issuer = Urls.realmIssuer(this.session.getContext().getUri().getBaseUri(), this.realm.getName());
		try {
			KeyPossessionProof.verify(proof, key, agent.id(), issuer, RestValues.now());
		}
		catch (AgentAuthException ex) {
			throw new RestError(400, "invalid_proof", ex.getMessage());
		}
	}

}
