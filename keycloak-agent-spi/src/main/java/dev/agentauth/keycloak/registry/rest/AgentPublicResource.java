package dev.agentauth.keycloak.registry.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;

/**
 * Merchant-facing, unauthenticated, cacheable lookups under {@code /realms/{realm}/agents}.
 */
public final class AgentPublicResource {

	static final int MAX_AGE_SECONDS = 60;

	private final KeycloakSession session;

	public AgentPublicResource(KeycloakSession session) {
		this.session = session;
	}

	@GET
	@Path("keys/{kid}")
	public Response key(@PathParam("kid") String kid, @Context Request request) {
		RealmModel realm = this.session.getContext().getRealm();
		AgentRegistry registry = this.session.getProvider(AgentRegistry.class);
		AgentKeyModel key = registry.findKey(realm, kid).orElse(null);
		AgentModel agent = (key != null) ? registry.getAgent(realm, key.agentId()).orElse(null) : null;
		if (key == null || agent == null) {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("type", "about:blank");
			problem.put("title", "Not Found");
			problem.put("status", 404);
			problem.put("code", "unknown_key");
			problem.put("detail", "No agent key with this keyid is registered in this realm");
			return Response.status(404).type("application/problem+json")
				.entity(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(problem)).build();
		}
		String body = new RegisteredKey(agent.id(), agent.status(), agent.operator(), key.status(), key.notBefore(),
				key.notAfter(), key.key()).toJson();
		EntityTag etag = new EntityTag(sha256(body));
		CacheControl cache = new CacheControl();
		cache.setMaxAge(MAX_AGE_SECONDS);
		Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
		if (notModified != null) {
			return notModified.cacheControl(cache).build();
		}
		return Response.ok(body, "application/json").tag(etag).cacheControl(cache).build();
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
