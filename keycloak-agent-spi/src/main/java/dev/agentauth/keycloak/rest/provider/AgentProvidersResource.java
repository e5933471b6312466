package dev.agentauth.keycloak.rest.provider;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jspecify.annotations.Nullable;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.provider.AgentProviderModel;
import dev.agentauth.keycloak.provider.AgentProviderStore;
import dev.agentauth.keycloak.provider.AgentProviderStore.ProviderSettings;
import dev.agentauth.keycloak.provider.ProviderKeySync;
import dev.agentauth.keycloak.rest.RestError;
import dev.agentauth.keycloak.rest.RestJson;
import dev.agentauth.keycloak.rest.agent.AgentAccess;

/**
 * The realm's trusted agent providers, at {@code /admin/realms/{realm}/agent-providers}: the realm-management
 * role {@code view-agents} to read, {@code manage-agents} to change; each change is an admin event (resource
 * {@value #RESOURCE}). Adding an enabled provider fetches its keys at once; so do enabling it and changing its URL
 * or type.
 *
 * @since 0.1.0
 */
public final class AgentProvidersResource {

	static final String RESOURCE = "AGENT_PROVIDER";

	private final KeycloakSession session;

	private final RealmModel realm;

	private final AgentAccess access;

	private final AgentProviderStore store;

	public AgentProvidersResource(KeycloakSession session, RealmModel realm, AgentAccess access) {
		this.session = session;
		this.realm = realm;
		this.access = access;
		this.store = session.getProvider(AgentProviderStore.class);
	}

	@GET
	public Response list() {
		this.access.requireView();
		return RestJson.json(200, this.store.list(this.realm).stream().map(this::representation).toList());
	}

	@POST
	@Consumes(MediaType.APPLICATION_JSON)
	public Response create(String body, @Context UriInfo uriInfo) {
		this.access.requireManage();
		try {
			ProviderSettings settings = RestJson.read(body, AgentProviderInput.class).validate(null);
			AgentProviderModel provider = this.store.create(this.realm, settings);
			if (provider.enabled()) {
				new ProviderKeySync(this.session, this.realm).refresh(provider);
			}
			AgentProviderRepresentation representation = representation(current(provider.alias()));
			this.access.adminEvent().operation(OperationType.CREATE).resource(RESOURCE)
				.resourcePath(uriInfo, provider.alias()).representation(representation).success();
			URI location = uriInfo.getAbsolutePathBuilder().path(provider.alias()).build();
			return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE)
				.entity(RestJson.write(representation)).build();
		}
		catch (RestError ex) {
			return ex.toResponse();
		}
		catch (AgentProviderStore.DuplicateAliasException ex) {
			this.session.getTransactionManager().setRollbackOnly();
			return new RestError(409, RestError.CONFLICT, ex.getMessage(), "alias").toResponse();
		}
	}

	@GET
	@Path("{alias}")
	public Response get(@PathParam("alias") String alias) {
		this.access.requireView();
		return this.store.get(this.realm, alias).map((provider) -> RestJson.json(200, representation(provider)))
			.orElseGet(() -> RestError.notFound("agent provider").toResponse());
	}

	@PUT
	@Path("{alias}")
	@Consumes(MediaType.APPLICATION_JSON)
	public Response update(@PathParam("alias") String alias, String body, @Context UriInfo uriInfo) {
		this.access.requireManage();
		AgentProviderModel before = this.store.get(this.realm, alias).orElse(null);
		if (before == null) {
			return RestError.notFound("agent provider").toResponse();
		}
		try {
			ProviderSettings settings = RestJson.read(body, AgentProviderInput.class).validate(alias);
			ProviderKeySync sync = new ProviderKeySync(this.session, this.realm);
			AgentProviderModel after = sync.update(before, settings).orElseThrow();
			boolean moved = !before.url().equals(after.url()) || before.type() != after.type();
			if (after.enabled() && (moved || !before.enabled())) {
				sync.refresh(after);
			}
			AgentProviderRepresentation representation = representation(current(alias));
			this.access.adminEvent().operation(OperationType.UPDATE).resource(RESOURCE).resourcePath(uriInfo)
				.representation(representation).success();
			return RestJson.json(200, representation);
		}
		catch (RestError ex) {
			return ex.toResponse();
		}
	}

	@DELETE
	@Path("{alias}")
	public Response delete(@PathParam("alias") String alias, @Context UriInfo uriInfo) {
		this.access.requireManage();
		if (!new ProviderKeySync(this.session, this.realm).delete(alias)) {
			return RestError.notFound("agent provider").toResponse();
		}
		this.access.adminEvent().operation(OperationType.DELETE).resource(RESOURCE).resourcePath(uriInfo).success();
		return Response.noContent().build();
	}

	/** Fetches the provider's keys now: the result, the key count, and the keys skipped and retired. */
	@POST
	@Path("{alias}/refresh")
	public Response refresh(@PathParam("alias") String alias, @Context UriInfo uriInfo) {
		this.access.requireManage();
		AgentProviderModel provider = this.store.get(this.realm, alias).orElse(null);
		if (provider == null) {
			return RestError.notFound("agent provider").toResponse();
		}
		ProviderKeySync.Result result = new ProviderKeySync(this.session, this.realm).refresh(provider);
		Refreshed refreshed = new Refreshed(result.result(), result.error(), result.keyCount(), result.skipped(),
				result.retired(), representation(current(alias)));
		this.access.adminEvent().operation(OperationType.ACTION).resource(RESOURCE).resourcePath(uriInfo)
			.representation(refreshed).success();
		return RestJson.json(200, refreshed);
	}

	/** The answer of {@code POST .../{alias}/refresh}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Refreshed(@JsonProperty("result") String result, @JsonProperty("error") @Nullable String error,
			@JsonProperty("keyCount") int keyCount, @JsonProperty("skipped") int skipped,
			@JsonProperty("retired") int retired, @JsonProperty("provider") AgentProviderRepresentation provider) {
	}

	private AgentProviderModel current(String alias) {
		return this.store.get(this.realm, alias).orElseThrow();
	}

	private AgentProviderRepresentation representation(AgentProviderModel provider) {
		return AgentProviderRepresentation.of(provider, this.store.fetchSettings(), KeycloakClock.now());
	}

}
