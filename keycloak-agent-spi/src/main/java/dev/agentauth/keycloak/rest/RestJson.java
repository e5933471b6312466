package dev.agentauth.keycloak.rest;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * JSON in and out of the extension's REST resources, with one policy for the whole API: members in snake_case
 * (names fixed by an RFC, and the agent providers API's camelCase contract, excepted), times in epoch seconds,
 * status values in lower case, absent members omitted.
 * Input also accepts the spellings of earlier versions (each representation lists them as {@code @JsonAlias}) and
 * ignores members it does not know.
 */
public final class RestJson {

	/** Largest request body accepted. */
	public static final int MAX_BODY_CHARS = 64 * 1024;

	private static final ObjectMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.withCoercionConfig(LogicalType.Textual, (config) -> config
			.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.build();

	private RestJson() {
	}

	/**
	 * Reads a request body as {@code type}; a missing, oversized or malformed body, or a member of the wrong type,
	 * is a {@link RestError} naming the member.
	 */
	public static <T> T read(String body, Class<T> type) throws RestError {
		if (body == null || body.isBlank()) {
			throw RestError.invalidRequest("A JSON object body is required");
		}
		if (body.length() > MAX_BODY_CHARS) {
			throw new RestError(413, RestError.INVALID_REQUEST,
					"The body is larger than " + MAX_BODY_CHARS + " characters");
		}
		if (!body.stripLeading().startsWith("{")) {
			throw RestError.invalidRequest("The body is not a JSON object");
		}
		try {
			return MAPPER.readValue(body, type);
		}
		catch (JsonMappingException ex) {
			if (ex.getCause() instanceof RestError error) {
				throw error;
			}
			String member = member(ex.getPath());
			if (member == null) {
				throw RestError.invalidRequest("The body is not a JSON object");
			}
			throw RestError.invalidMember(ex.getPath().get(0).getFieldName(), "'" + member + "' has the wrong type");
		}
		catch (JsonProcessingException ex) {
			throw RestError.invalidRequest("The body is not a JSON object");
		}
	}

	/** The JSON text of a representation. */
	public static String write(Object representation) {
		try {
			return MAPPER.writeValueAsString(representation);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write " + representation.getClass().getSimpleName(), ex);
		}
	}

	/** A JSON response. */
	public static Response json(int status, Object representation) {
		return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(write(representation)).build();
	}

	private static String member(List<JsonMappingException.Reference> path) {
		StringBuilder member = new StringBuilder();
		for (JsonMappingException.Reference reference : path) {
			if (reference.getFieldName() != null) {
				member.append(member.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else if (reference.getIndex() >= 0) {
				member.append('[').append(reference.getIndex()).append(']');
			}
		}
		return member.isEmpty() ? null : member.toString();
	}

}
