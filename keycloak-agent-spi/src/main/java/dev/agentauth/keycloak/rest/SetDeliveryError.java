package dev.agentauth.keycloak.rest;

import jakarta.ws.rs.core.Response;

/**
 * The error shape of Security Event Token delivery, {@code {"err", "description"}}: RFC 8935 §2.4 (the signal
 * receiver's push refusals) and RFC 8936 §2.4 (the revocation feed's poll refusals). The names are the RFCs', not
 * the REST API's snake_case.
 *
 * @param err the error code ({@code invalid_request}, {@code authentication_failed}, …)
 * @param description a human-readable description
 */
public record SetDeliveryError(String err, String description) {

	/** The response with this body. */
	public static Response response(int status, String err, String description) {
		return RestJson.json(status, new SetDeliveryError(err, description));
	}

}
