package dev.agentauth.keycloak.rest.provider;

import org.junit.jupiter.api.Test;

import dev.agentauth.keycloak.provider.AgentProviderStore.ProviderSettings;
import dev.agentauth.keycloak.provider.ProviderType;
import dev.agentauth.keycloak.rest.RestError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentProviderInputTests {

	private static AgentProviderInput input(String alias, String type, String url, String profile) {
		return new AgentProviderInput(alias, null, type, url, profile, null);
	}

	private static void refused(AgentProviderInput input, String field) {
		assertThatExceptionOfType(RestError.class).isThrownBy(() -> input.validate(null)).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(400);
			assertThat(ex.field()).isEqualTo(field);
		});
	}

	@Test
	void validateWhenMinimalThenDefaultsNameProfileAndEnabled() throws RestError {
		ProviderSettings settings = input("bots", "web-bot-auth", "https://bots.example/.well-known/"
				+ "http-message-signatures-directory", null).validate(null);
		assertThat(settings.displayName()).isEqualTo("bots");
		assertThat(settings.type()).isEqualTo(ProviderType.WEB_BOT_AUTH);
		assertThat(settings.profile()).isEqualTo("web-bot-auth");
		assertThat(settings.enabled()).isTrue();
		assertThat(input("tap", "jwks", "https://tap.example/jwks", null).validate(null).profile())
			.isEqualTo("visa-tap");
	}

	@Test
	void validateWhenAliasMissingOrMalformedThenRefusedAtAlias() {
		refused(input(null, "jwks", "https://tap.example/jwks", null), "alias");
		refused(input("has.dot", "jwks", "https://tap.example/jwks", null), "alias");
		refused(input("-dash", "jwks", "https://tap.example/jwks", null), "alias");
		refused(input("a".repeat(65), "jwks", "https://tap.example/jwks", null), "alias");
	}

	@Test
	void validateWhenTypeOrProfileUnknownOrMismatchedThenRefusedAtThatField() {
		refused(input("x", null, "https://tap.example/jwks", null), "type");
		refused(input("x", "oidc", "https://tap.example/jwks", null), "type");
		refused(input("x", "jwks", "https://tap.example/jwks", "tap"), "profile");
		refused(input("x", "jwks", "https://tap.example/jwks", "web-bot-auth"), "profile");
		refused(input("x", "web-bot-auth", "https://bots.example/d", "visa-tap"), "profile");
	}

	@Test
	void validateWhenUrlIsNotHttpsThenRefusedExceptLoopbackHttp() throws RestError {
		refused(input("x", "jwks", null, null), "url");
		refused(input("x", "jwks", "http://tap.example/jwks", null), "url");
		refused(input("x", "jwks", "ftp://tap.example/jwks", null), "url");
		refused(input("x", "jwks", "/jwks", null), "url");
		refused(input("x", "jwks", "https://user:pw@tap.example/jwks", null), "url");
		refused(input("x", "jwks", "https://tap.example/jwks#frag", null), "url");
		refused(input("x", "jwks", "http://127.0.0.1.evil.example/jwks", null), "url");
		assertThat(input("x", "jwks", "http://127.0.0.1:8099/jwks", null).validate(null).url())
			.isEqualTo("http://127.0.0.1:8099/jwks");
		assertThat(input("x", "jwks", "http://localhost:8099/jwks", null).validate(null).url()).isNotNull();
		assertThat(input("x", "jwks", "http://[::1]:8099/jwks", null).validate(null).url()).isNotNull();
	}

	@Test
	void validateWhenPutChangesTheAliasThenRefused() throws RestError {
		AgentProviderInput renamed = input("other", "jwks", "https://tap.example/jwks", null);
		assertThatExceptionOfType(RestError.class).isThrownBy(() -> renamed.validate("tap"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("alias"));
		assertThat(input(null, "jwks", "https://tap.example/jwks", null).validate("tap").alias()).isEqualTo("tap");
	}

}
