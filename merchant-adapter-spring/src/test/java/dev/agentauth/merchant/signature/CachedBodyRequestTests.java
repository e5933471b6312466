package dev.agentauth.merchant.signature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading the body once, bounded, into the array that is kept.
 */
class CachedBodyRequestTests {

	private static final byte[] BODY = "{\"sku\":\"book-1\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8);

	@Test
	void readWhenTheDeclaredLengthArrivesThenExactlyThoseBytes() throws IOException {
		assertThat(CachedBodyRequest.read(new ByteArrayInputStream(BODY), BODY.length, 1024)).isEqualTo(BODY);
	}

	@Test
	void readWhenFewerBytesThanDeclaredArriveThenTheBytesThatArrived() throws IOException {
		assertThat(CachedBodyRequest.read(new ByteArrayInputStream(BODY), BODY.length + 10, 1024)).isEqualTo(BODY);
	}

	@Test
	void readWhenMoreBytesThanDeclaredArriveThenAllOfThemUpToTheBoundPlusOne() throws IOException {
		assertThat(CachedBodyRequest.read(new ByteArrayInputStream(BODY), 5, 1024)).isEqualTo(BODY);
		assertThat(CachedBodyRequest.read(new ByteArrayInputStream(BODY), 5, 10)).hasSize(11)
			.isEqualTo(Arrays.copyOf(BODY, 11));
	}

	@Test
	void readWhenNoDeclaredLengthThenUpToTheBoundPlusOne() throws IOException {
		assertThat(CachedBodyRequest.read(new ByteArrayInputStream(BODY), -1, 1024)).isEqualTo(BODY);
		assertThat(CachedBodyRequest.read(new ByteArrayInputStream(BODY), -1, 10)).hasSize(11);
	}

	@Test
	void bodyWhenReadTwiceThenTheSameArrayAndTheControllerReadsItAgain() throws IOException {
		MockHttpServletRequest servlet = new MockHttpServletRequest("POST", "/orders");
		servlet.setContent(BODY);
		CachedBodyRequest request = new CachedBodyRequest(servlet);
		byte[] body = request.body(1024);
		assertThat(body).isEqualTo(BODY);
		assertThat(request.body(1024)).isSameAs(body);
		assertThat(request.getInputStream().readAllBytes()).isEqualTo(BODY);
	}

	@Test
	void bodyWhenLongerThanTheBoundThenBodyTooLarge() {
		MockHttpServletRequest declared = new MockHttpServletRequest("POST", "/orders");
		declared.setContent(BODY);
		assertThatExceptionOfType(AgentAuthenticationException.class)
			.isThrownBy(() -> new CachedBodyRequest(declared).body(BODY.length - 1))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.BODY_TOO_LARGE));
	}

}
