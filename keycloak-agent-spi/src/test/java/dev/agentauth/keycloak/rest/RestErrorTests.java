package dev.agentauth.keycloak.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestErrorTests {

	@Test
	void bodyWhenWrittenThenOAuthStyle() {
		RestError error = RestError.notFound("agent");

		assertThat(error.status()).isEqualTo(404);
		assertThat(RestJson.write(error.body()))
			.isEqualTo("{\"error\":\"not_found\",\"error_description\":\"No such agent in this realm\"}");
	}

	@Test
	void bodyWhenAboutAMemberThenNamesItsField() {
		assertThat(RestJson.write(RestError.invalidMember("allowed_networks", "bad CIDR").body()))
			.isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"bad CIDR\","
					+ "\"field\":\"allowed_networks\"}");
	}

	@Test
	void conflictAndInvalidRequestThenTheirStatus() {
		assertThat(RestError.conflict("dup").status()).isEqualTo(409);
		assertThat(RestError.invalidRequest("bad").status()).isEqualTo(400);
		assertThat(RestError.invalidRequest("bad").error()).isEqualTo("invalid_request");
	}

	@Test
	void problemWhenWrittenThenRfc9457WithCode() {
		assertThat(RestJson.write(Problem.notFound("unknown_key", "No agent key")))
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"code\":\"unknown_key\","
					+ "\"detail\":\"No agent key\"}");
	}

}
