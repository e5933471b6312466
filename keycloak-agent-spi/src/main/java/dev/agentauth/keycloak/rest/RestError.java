package dev.agentauth.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jspecify.annotations.Nullable;

/**
 * A refusal of the admin, operator and grants API: an OAuth-style body {@code {"error", "error_description"}}
 * (RFC 6749 §5.2 names), nothing stored. The one builder of that error shape.
 */
public final class RestError extends Exception {

	private static final long serialVersionUID = 1L;

	public static final String INVALID_REQUEST = "invalid_request";

	public static final String NOT_FOUND = "not_found";

	public static final String CONFLICT = "conflict";

	/** A 403 of the admin and operator API: the caller may not do this. */
	public static final String ACCESS_DENIED = "access_denied";

	private final int status;

	private final String error;

	private final @Nullable String field;

	public RestError(int status, String error, String description) {
		this(status, error, description, null);
	}

	/** A refusal about the request member {@code field} (its name in the API), which the body names. */
	public RestError(int status, String error, String description, @Nullable String field) {
		super(description, null, false, false);
		this.status = status;
		this.error = error;
		this.field = field;
	}

	public static RestError invalidRequest(String description) {
		return new RestError(400, INVALID_REQUEST, description);
	}

	/** A 400 {@code invalid_request} about one request member, named in the body's {@code field}. */
	public static RestError invalidMember(String field, String description) {
		return new RestError(400, INVALID_REQUEST, description, field);
	}

	public static RestError notFound(String what) {
		return new RestError(404, NOT_FOUND, "No such " + what + " in this realm");
	}

	public static RestError conflict(String description) {
		return new RestError(409, CONFLICT, description);
	}

	/** A 403 thrown out of a resource (JAX-RS writes it). */
	public static WebApplicationException forbidden(String description) {
		return new RestError(403, ACCESS_DENIED, description).toException();
	}

	/**
	 * An RFC 6750 §3 refusal of a bearer token: the error in the {@code WWW-Authenticate} challenge and, as
	 * Keycloak's own endpoints do, in the body.
	 */
	public static WebApplicationException bearer(String realm, int status, String error, String description) {
		Response response = Response.fromResponse(new RestError(status, error, description).toResponse())
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\", error=\"" + error
					+ "\", error_description=\"" + description + "\"")
			.build();
		return new WebApplicationException(response);
	}

	public int status() {
		return this.status;
	}

	public String error() {
		return this.error;
	}

	public @Nullable String field() {
		return this.field;
	}

	public Body body() {
		return new Body(this.error, getMessage(), this.field);
	}

	public Response toResponse() {
		return RestJson.json(this.status, body());
	}

	public WebApplicationException toException() {
		return new WebApplicationException(getMessage(), toResponse());
	}

	/**
	 * The body of a refusal; {@code field} (our addition) names the request member a 400 is about, so a form can
	 * show the error at that field.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Body(@JsonProperty("error") String error,
			@JsonProperty("error_description") String errorDescription,
			@JsonProperty("field") @Nullable String field) {
	}

}
