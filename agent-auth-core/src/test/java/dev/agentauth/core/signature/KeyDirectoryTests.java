package dev.agentauth.core.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.OctetKeyPair;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyDirectoryTests {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private static final HttpRequestView FETCH = SimpleHttpRequest.builder()
		.method("GET")
		.uri("https://bot.example/.well-known/http-message-signatures-directory")
		.build();

	private final OctetKeyPair signer = TestKeys.ed25519();

	private final OctetKeyPair other = TestKeys.ed25519();

	@Test
	void verifiedDirectoryWhenSignedByAListedKeyThenReturnsKeysByThumbprint() throws Exception {
		String body = directory(this.signer, this.other);
		KeyDirectory.Keys keys = KeyDirectory.verifiedDirectory(body, signed(this.signer, KeyDirectory.TAG, NOW),
				FETCH, NOW, Duration.ofSeconds(30));
		assertThat(keys.keys()).extracting(KeyDirectory.Entry::keyId)
			.containsExactly(SigningKey.from(this.signer).keyId(), SigningKey.from(this.other).keyId());
		assertThat(keys.skipped()).isZero();
	}

	@Test
	void verifiedDirectoryWhenSignedByAKeyItDoesNotListThenThrowsUnknownKey() throws Exception {
		String body = directory(this.other);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyDirectory.verifiedDirectory(body, signed(this.signer, KeyDirectory.TAG, NOW), FETCH,
					NOW, Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNKNOWN_KEY));
	}

	@Test
	void verifiedDirectoryWhenUnsignedThenThrowsSignatureMissing() throws Exception {
		String body = directory(this.signer);
		HttpResponseView unsigned = response(Map.of());
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyDirectory.verifiedDirectory(body, unsigned, FETCH, NOW, Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MISSING));
	}

	@Test
	void verifiedDirectoryWhenTagIsNotTheDirectoryTagThenThrows() throws Exception {
		String body = directory(this.signer);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyDirectory.verifiedDirectory(body, signed(this.signer, "web-bot-auth", NOW), FETCH,
					NOW, Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_TAG_NOT_ALLOWED));
	}

	@Test
	void verifiedDirectoryWhenSignedForAnotherAuthorityThenThrowsSignatureInvalid() throws Exception {
		String body = directory(this.signer);
		HttpRequestView elsewhere = SimpleHttpRequest.builder()
			.method("GET")
			.uri("https://evil.example/.well-known/http-message-signatures-directory")
			.build();
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyDirectory.verifiedDirectory(body, signed(this.signer, KeyDirectory.TAG, NOW),
					elsewhere, NOW, Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
	}

	@Test
	void verifiedDirectoryWhenSignatureExpiredThenThrows() throws Exception {
		String body = directory(this.signer);
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> KeyDirectory.verifiedDirectory(body,
					signed(this.signer, KeyDirectory.TAG, NOW.minus(Duration.ofHours(2))), FETCH, NOW,
					Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_EXPIRED));
	}

	@Test
	void parseJwksWhenKeysHaveKidsThenReturnsKeysByKidAndSkipsEncryptionKeys() throws Exception {
		String jwks = "{\"keys\":[" + withMembers(this.signer, "\"kid\":\"tap-1\"") + ","
				+ withMembers(this.other, "\"kid\":\"enc-1\",\"use\":\"enc\"") + "]}";
		KeyDirectory.Keys keys = KeyDirectory.parseJwks(jwks);
		assertThat(keys.keys()).extracting(KeyDirectory.Entry::keyId).containsExactly("tap-1");
		assertThat(keys.skipped()).isEqualTo(1);
	}

	@Test
	void parseJwksWhenAKeyHasNoKidThenThrows() {
		String jwks = "{\"keys\":[" + this.signer.toPublicJWK().toJSONString() + "]}";
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> KeyDirectory.parseJwks(jwks))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.KEY_MALFORMED));
	}

	@Test
	void parseJwksWhenTwoKeysShareAKidThenThrows() {
		String jwks = "{\"keys\":[" + withMembers(this.signer, "\"kid\":\"a\"") + ","
				+ withMembers(this.other, "\"kid\":\"a\"") + "]}";
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> KeyDirectory.parseJwks(jwks));
	}

	@Test
	void parseJwksWhenNotAKeySetThenThrows() {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> KeyDirectory.parseJwks("[]"));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> KeyDirectory.parseJwks("{\"keys\":{}}"));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> KeyDirectory.parseJwks("{\"keys\":[]}"));
	}

	@Test
	void parseJwksWhenAKeyIsPrivateThenThrows() {
		String jwks = "{\"keys\":[" + withMembers(this.signer.toJSONString(), "\"kid\":\"a\"") + "]}";
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> KeyDirectory.parseJwks(jwks))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.KEY_PRIVATE_MATERIAL));
	}

	private static String withMembers(OctetKeyPair key, String members) {
		return withMembers(key.toPublicJWK().toJSONString(), members);
	}

	private static String withMembers(String json, String members) {
		return "{" + members + "," + json.substring(1);
	}

	private static String directory(OctetKeyPair... keys) {
		StringBuilder body = new StringBuilder("{\"keys\":[");
		for (int i = 0; i < keys.length; i++) {
			body.append((i > 0) ? "," : "").append(keys[i].toPublicJWK().toJSONString());
		}
		return body.append("]}").toString();
	}

	private static HttpResponseView signed(OctetKeyPair key, String tag, Instant created) throws Exception {
		SigningKey signingKey = SigningKey.from(key);
		SignatureParameters parameters = SignatureParameters.builder()
			.component(CoveredComponent.of("@authority", Map.of("req", true)))
			.algorithm(signingKey.algorithm())
			.keyId(signingKey.keyId())
			.tag(tag)
			.created(created)
			.expires(created.plus(Duration.ofMinutes(5)))
			.build();
		HttpResponseView unsigned = response(Map.of());
		SignatureBase base = SignatureBase.of(unsigned, FETCH, parameters);
		MessageSignature signature = new MessageSignature("sig1", parameters, signingKey.sign(base.toBytes()));
		return response(Map.of("signature-input", List.of(signature.signatureInputMember()), "signature",
				List.of(signature.signatureMember())));
	}

	private static HttpResponseView response(Map<String, List<String>> headers) {
		return new HttpResponseView() {
			@Override
			public int status() {
				return 200;
			}

			@Override
			public List<String> headerValues(String name) {
				return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
			}
		};
	}

}
