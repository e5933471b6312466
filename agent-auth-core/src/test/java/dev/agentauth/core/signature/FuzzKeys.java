package dev.agentauth.core.signature;

import java.text.ParseException;

import com.nimbusds.jose.jwk.OctetKeyPair;

import dev.agentauth.core.AgentAuthException;

/**
 * The fixed key of the fuzz targets, so that an input replays the same way on every run: the Ed25519 key of RFC 8037
 * Appendix A.1 (Ed25519 signatures are deterministic, so a signed request is the same bytes every time).
 */
public final class FuzzKeys {

	private static final String RFC8037_A1 = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
			+ "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
			+ "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

	private FuzzKeys() {
	}

	public static SigningKey rfc8037() {
		try {
			return SigningKey.from(OctetKeyPair.parse(RFC8037_A1));
		}
		catch (ParseException | AgentAuthException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
