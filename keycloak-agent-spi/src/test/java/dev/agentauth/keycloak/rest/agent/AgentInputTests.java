package dev.agentauth.keycloak.rest.agent;

import org.junit.jupiter.api.Test;

import dev.agentauth.keycloak.rest.RestError;
import dev.agentauth.keycloak.rest.RestJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentInputTests {

	@Test
	void readWhenAllowedNetworksInEitherSpellingThenBothAccepted() throws Exception {
		AgentInput snake = RestJson.read("{\"name\":\"a\",\"allowed_networks\":[\"192.0.2.0/24\"]}", AgentInput.class);
		AgentInput camel = RestJson.read("{\"name\":\"a\",\"allowedNetworks\":[\"2001:db8::/32\"]}", AgentInput.class);

		assertThat(snake.validNetworks()).containsExactly("192.0.2.0/24");
		assertThat(camel.validNetworks()).containsExactly("2001:db8::/32");
	}

	@Test
	void readWhenUnknownMembersThenIgnored() throws Exception {
		AgentInput input = RestJson.read("{\"name\":\"a\",\"colour\":\"blue\"}", AgentInput.class);

		assertThat(input.validName()).isEqualTo("a");
		assertThat(input.validNetworks()).isEmpty();
		assertThat(input.validKeys()).isEmpty();
	}

	@Test
	void validNetworksWhenNotACidrThenInvalidRequestNamingIt() throws Exception {
		AgentInput input = RestJson.read("{\"name\":\"a\",\"allowed_networks\":[\"10.0.0.0/33\"]}", AgentInput.class);

		assertThatExceptionOfType(RestError.class).isThrownBy(input::validNetworks)
			.satisfies((error) -> assertThat(error.error()).isEqualTo("invalid_request"))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(400))
			.satisfies((error) -> assertThat(error.field()).isEqualTo("allowed_networks"))
			.withMessageContaining("10.0.0.0/33");
	}

	@Test
	void readWhenNetworksAreNotAnArrayOfStringsThenInvalidRequestNamingTheMember() {
		assertRefused("{\"name\":\"a\",\"allowedNetworks\":\"10.0.0.0/8\"}", 400, "invalid_request",
				"'allowed_networks' has the wrong type");
		assertRefused("{\"name\":\"a\",\"allowed_networks\":[1]}", 400, "invalid_request",
				"'allowed_networks[0]' has the wrong type");
	}

	@Test
	void readWhenNameIsNotAStringThenInvalidRequestAboutTheName() {
		assertRefused("{\"name\":42}", 400, "invalid_request", "'name' has the wrong type");
		assertThatExceptionOfType(RestError.class).isThrownBy(() -> RestJson.read("{\"name\":true}", AgentInput.class))
			.satisfies((error) -> assertThat(error.field()).isEqualTo("name"));
	}

	@Test
	void readWhenNetworksGivenInTheOldSpellingWithTheWrongTypeThenTheFieldIsTheApiName() {
		assertThatExceptionOfType(RestError.class)
			.isThrownBy(() -> RestJson.read("{\"allowedNetworks\":{}}", AgentInput.class))
			.satisfies((error) -> assertThat(error.field()).isEqualTo("allowed_networks"));
	}

	@Test
	void validNameWhenMissingBlankOrTooLongThenInvalidRequest() throws Exception {
		assertThatExceptionOfType(RestError.class).isThrownBy(() -> RestJson.read("{}", AgentInput.class).validName())
			.withMessage("'name' is required");
		assertThatExceptionOfType(RestError.class)
			.isThrownBy(() -> RestJson.read("{\"name\":\" \"}", AgentInput.class).validName())
			.withMessage("'name' must be 1 to 255 characters");
		assertThatExceptionOfType(RestError.class)
			.isThrownBy(() -> RestJson.read("{\"name\":\"" + "n".repeat(256) + "\"}", AgentInput.class).validName())
			.withMessage("'name' must be 1 to 255 characters");
	}

	@Test
	void readWhenBodyIsMissingNotAnObjectOrTooLargeThenRefused() {
		assertRefused("", 400, "invalid_request", "A JSON object body is required");
		assertRefused("[1]", 400, "invalid_request", "The body is not a JSON object");
		assertRefused("{\"name\":", 400, "invalid_request", "The body is not a JSON object");
		assertRefused("{\"name\":\"" + "n".repeat(RestJson.MAX_BODY_CHARS) + "\"}", 413, "invalid_request",
				"The body is larger than 65536 characters");
	}

	@Test
	void keysWhenGivenThenEachIsAPublicJwk() throws Exception {
		AgentInput input = RestJson.read("{\"name\":\"a\",\"keys\":[{\"jwk\":" + AgentRepresentationTests.JWK + "}]}",
				AgentInput.class);

		assertThat(input.validKeys()).singleElement()
			.satisfies((key) -> assertThat(key.agentKey().thumbprint()).isEqualTo(AgentRepresentationTests.KID));
	}

	@Test
	void keyWhenJwkMissingOrPrivateThenSpecificError() throws Exception {
		assertThatExceptionOfType(RestError.class)
			.isThrownBy(() -> RestJson.read("{\"proof\":\"x\"}", KeyInput.class).agentKey())
			.satisfies((error) -> assertThat(error.error()).isEqualTo("invalid_request"));
		String privateJwk = AgentRepresentationTests.JWK.replace("}",
				",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}");
		assertThatExceptionOfType(RestError.class)
			.isThrownBy(() -> RestJson.read("{\"jwk\":" + privateJwk + "}", KeyInput.class).agentKey())
			.satisfies((error) -> assertThat(error.error()).isEqualTo("key_private_material"));
	}

	@Test
	void keyWhenProofGivenThenRead() throws Exception {
		KeyInput input = RestJson.read("{\"jwk\":" + AgentRepresentationTests.JWK + ",\"proof\":\"a.b.c\"}",
				KeyInput.class);

		assertThat(input.proof()).isEqualTo("a.b.c");
	}

	private static void assertRefused(String body, int status, String error, String description) {
		assertThatExceptionOfType(RestError.class).isThrownBy(() -> RestJson.read(body, AgentInput.class))
			.satisfies((refusal) -> assertThat(refusal.status()).isEqualTo(status))
			.satisfies((refusal) -> assertThat(refusal.error()).isEqualTo(error))
			.withMessage(description);
	}

}
