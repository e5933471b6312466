package dev.agentauth.keycloak.registry.rest;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;

/** JSON in and out of the registry's REST resources, and their error responses. */
final class RegistryJson {

	/** Largest request body accepted. */
	static final int MAX_BODY_CHARS = 64 * 1024;

	private RegistryJson() {
	}

	static Map<String, Object> parseObject(String body) throws BadRequest {
		if (body == null || body.isBlank()) {
			throw new BadRequest(400, "invalid_request", "A JSON object body is required");
		}
		if (body.length() > MAX_BODY_CHARS) {
			throw new BadRequest(413, "invalid_request", "The body is larger than " + MAX_BODY_CHARS + " characters");
		}
		try {
			return JSONObjectUtils.parse(body);
		}
		catch (ParseException ex) {
			throw new BadRequest(400, "invalid_request", "The body is not a JSON object");
		}
	}

	static Map<String, Object> agent(AgentModel agent, List<AgentKeyModel> keys) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", agent.id());
		json.put("name", agent.name());
		if (agent.description() != null) {
			json.put("description", agent.description());
		}
		if (agent.operator() != null) {
			json.put("operator", agent.operator());
		}
		json.put("status", agent.status().name());
		json.put("allowedNetworks", agent.allowedNetworks());
		json.put("created", agent.created().getEpochSecond());
		json.put("updated", agent.updated().getEpochSecond());
		json.put("keys", keys.stream().map(RegistryJson::key).toList());
		return json;
	}

	static Map<String, Object> key(AgentKeyModel key) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("kid", key.kid());
		json.put("alg", key.key().algorithm().identifier());
		json.put("status", key.status().name());
		if (key.notBefore() != null) {
			json.put("not_before", key.notBefore().getEpochSecond());
		}
		if (key.notAfter() != null) {
			json.put("not_after", key.notAfter().getEpochSecond());
		}
		json.put("created", key.created().getEpochSecond());
		if (key.lastUsed() != null) {
			json.put("last_used", key.lastUsed().getEpochSecond());
		}
		json.put("jwk", key.key().toJsonObject());
		return json;
	}

	static Response json(int status, Map<String, Object> body) {
		return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JSONObjectUtils.toJSONString(body))
			.build();
	}

	/** A refusal: OAuth-style {@code error} / {@code error_description}, nothing stored. */
	static final class BadRequest extends Exception {

		private static final long serialVersionUID = 1L;

		private final int status;

		private final String error;

		BadRequest(int status, String error, String description) {
			super(description, null, false, false);
			this.status = status;
			this.error = error;
		}

		Response toResponse() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", this.error);
			body.put("error_description", getMessage());
			return json(this.status, body);
		}

	}

}
