package dev.agentauth.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem ({@code application/problem+json}) with a stable {@code code}: the refusals of the
 * merchant-facing lookups, the same shape as the starter's. The one builder of that error shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(@JsonProperty("type") String type, @JsonProperty("title") String title,
		@JsonProperty("status") int status, @JsonProperty("code") String code, @JsonProperty("detail") String detail) {

	public static final String MEDIA_TYPE = "application/problem+json";

	public static Problem notFound(String code, String detail) {
		return new Problem("about:blank", "Not Found", 404, code, detail);
	}

	public Response toResponse() {
		return Response.status(this.status).type(MEDIA_TYPE).entity(RestJson.write(this)).build();
	}

}
