package dev.agentauth.keycloak.provider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProviderKeyFetcherTests {

	private static final URI URL = URI.create("https://tap.example/jwks");

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private static byte[] jwks() throws Exception {
		String key = new ECKeyGenerator(Curve.P_256).keyID("tap-1").generate().toPublicJWK().toJSONString();
		return ("{\"keys\":[" + key + "]}").getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void parseWhenJwksWithMaxAgeThenKeysAndMaxAge() throws Exception {
		ProviderKeyFetcher.Fetched fetched = ProviderKeyFetcher.parse(ProviderType.JWKS, URL, 200,
				Map.of("Content-Type", List.of("application/json; charset=utf-8"), "Cache-Control",
						List.of("public, max-age=600")),
				jwks(), NOW);
		assertThat(fetched.keys().keys()).singleElement()
			.satisfies((entry) -> assertThat(entry.keyId()).isEqualTo("tap-1"));
		assertThat(fetched.maxAge()).isEqualTo(Duration.ofSeconds(600));
	}

	@Test
	void parseWhenRedirectThenBadStatus() throws Exception {
		assertThatExceptionOfType(ProviderFetchException.class)
			.isThrownBy(() -> ProviderKeyFetcher.parse(ProviderType.JWKS, URL, 302,
					Map.of("Location", List.of("https://elsewhere.example/")), new byte[0], NOW))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(ProviderFetchException.BAD_STATUS);
				assertThat(ex.getMessage()).contains("redirects are not followed");
			});
	}

	@Test
	void parseWhenDirectoryHasAnotherMediaTypeThenBadMediaType() throws Exception {
		byte[] body = jwks();
		assertThatExceptionOfType(ProviderFetchException.class)
			.isThrownBy(() -> ProviderKeyFetcher.parse(ProviderType.WEB_BOT_AUTH, URL, 200,
					Map.of("Content-Type", List.of("application/json")), body, NOW))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ProviderFetchException.BAD_MEDIA_TYPE));
	}

	@Test
	void parseWhenDirectoryIsUnsignedThenSignatureMissing() throws Exception {
		byte[] body = jwks();
		assertThatExceptionOfType(ProviderFetchException.class)
			.isThrownBy(() -> ProviderKeyFetcher.parse(ProviderType.WEB_BOT_AUTH, URL, 200,
					Map.of("Content-Type", List.of("application/http-message-signatures-directory+json")), body, NOW))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("signature_missing"));
	}

	@Test
	void parseWhenJwksIsMalformedThenKeyMalformed() {
		assertThatExceptionOfType(ProviderFetchException.class)
			.isThrownBy(() -> ProviderKeyFetcher.parse(ProviderType.JWKS, URL, 200,
					Map.of("Content-Type", List.of("application/jwk-set+json")),
					"{\"keys\":[]}".getBytes(StandardCharsets.UTF_8), NOW))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("key_malformed"));
	}

	@Test
	void maxAgeWhenNoCacheOrMalformedThenNone() {
		assertThat(ProviderKeyFetcher.maxAge(List.of("max-age=60, no-cache"))).isNull();
		assertThat(ProviderKeyFetcher.maxAge(List.of("max-age=soon"))).isNull();
		assertThat(ProviderKeyFetcher.maxAge(List.of())).isNull();
		assertThat(ProviderKeyFetcher.maxAge(List.of("s-maxage=5", "max-age=\"120\""))).isEqualTo(Duration.ofSeconds(120));
	}

}
