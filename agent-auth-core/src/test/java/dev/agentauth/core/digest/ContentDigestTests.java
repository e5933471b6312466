package dev.agentauth.core.digest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * RFC 9530 Content-Digest. The RFC 9530 example body ends with a newline; the RFC 9421 one does not.
 */
class ContentDigestTests {

	private static final byte[] RFC9530_BODY = "{\"hello\": \"world\"}\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] RFC9421_BODY = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void computeWhenRfc9530ExampleThenSha256AndSha512Match() {
		assertThat(ContentDigest.compute(RFC9530_BODY))
			.isEqualTo("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:");
		assertThat(ContentDigest.compute(RFC9530_BODY, DigestAlgorithm.SHA_512)).isEqualTo(
				"sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:");
	}

	@Test
	void computeWhenRfc9421TestRequestBodyThenSha512MatchesItsContentDigest() {
		assertThat(ContentDigest.compute(RFC9421_BODY, DigestAlgorithm.SHA_512)).isEqualTo(
				"sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:");
	}

	@Test
	void verifyWhenBothAlgorithmsMatchThenPasses() {
		assertThatNoException().isThrownBy(() -> ContentDigest.verify(
				"sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, "
						+ "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:",
				RFC9530_BODY));
	}

	@Test
	void verifyWhenUnknownAlgorithmNextToKnownThenUnknownIgnored() {
		assertThatNoException().isThrownBy(() -> ContentDigest
			.verify(List.of("md5=:AAAA:", "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:"), RFC9530_BODY));
	}

	@Test
	void verifyWhenBodyDiffersThenDigestMismatch() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> ContentDigest.verify("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:",
					RFC9421_BODY))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MISMATCH));
	}

	@Test
	void verifyWhenOneOfTwoKnownMismatchesThenDigestMismatch() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> ContentDigest.verify(
					"sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, sha-512=:AAAA:", RFC9530_BODY))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MISMATCH));
	}

	@Test
	void verifyWhenOnlyUnknownAlgorithmsThenDigestAlgorithmNotAllowed() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> ContentDigest.verify("md5=:AAAA:, sha=:AAAA:", RFC9530_BODY))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_ALGORITHM_NOT_ALLOWED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sha-256=RK/0qy18", "sha-256=\"RK/0qy18\"", "sha-256=:@@:", "SHA-256=:AAAA:" })
	void verifyWhenMalformedThenDigestMalformed(String value) {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> ContentDigest.verify(value, RFC9530_BODY))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MALFORMED));
	}

	@Test
	void verifyWhenNoFieldLinesThenDigestMissing() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> ContentDigest.verify(List.of(), RFC9530_BODY))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MISSING));
	}

	@Test
	void checkFormWhenWellFormedThenAcceptedWithoutBody() {
		assertThatNoException().isThrownBy(() -> ContentDigest.checkForm(List.of(ContentDigest.compute(RFC9530_BODY))));
		assertThatNoException().isThrownBy(() -> ContentDigest
			.checkForm(List.of("md5=:AAAA:", ContentDigest.compute(RFC9530_BODY, DigestAlgorithm.SHA_512))));
	}

	@Test
	void checkFormWhenMissingWrongLengthOrUnknownAlgorithmThenRefused() {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> ContentDigest.checkForm(List.of()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MISSING));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> ContentDigest.checkForm(List.of("sha-256=:AAAA:")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MALFORMED));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> ContentDigest.checkForm(List.of("sha-256=\"text\"")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_MALFORMED));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> ContentDigest.checkForm(List.of("md5=:AAAA:")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DIGEST_ALGORITHM_NOT_ALLOWED));
	}

}
