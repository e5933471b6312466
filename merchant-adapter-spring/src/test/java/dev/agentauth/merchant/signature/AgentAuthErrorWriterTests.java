package dev.agentauth.merchant.signature;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.signature.VerificationPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AgentAuthErrorWriter}: what a refusal looks like on the wire.
 */
class AgentAuthErrorWriterTests {

	private final AgentAuthErrorWriter writer = new AgentAuthErrorWriter(VerificationPolicy.builder().build());

	@Test
	void writeWhen401ThenProblemJsonChallengeAndAcceptSignature() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(new MockHttpServletRequest("GET", "/api/products"), response,
				AgentAuthError.of(ErrorCode.NONCE_REPLAYED, "The nonce was already used"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Signature error=\"nonce_replayed\"");
		assertThat(response.getHeader("Accept-Signature")).startsWith("sig1=(\"@method\" \"@target-uri\")");
		assertThat(response.getHeader("Retry-After")).isNull();
		assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"urn:agentauth:error:nonce_replayed\","
				+ "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"The nonce was already used\","
				+ "\"code\":\"nonce_replayed\"}");
	}

	@Test
	void writeWhen401WithBodyAndAuthorizationThenAcceptSignatureCoversThem() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cart");
		request.setContent(new byte[] { '{', '}' });
		request.addHeader("Authorization", "Agent x.y.z");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(request, response, AgentAuthError.of(ErrorCode.SIGNATURE_MISSING, null));
		assertThat(response.getHeader("Accept-Signature")).contains("\"content-digest\" \"authorization\"");
	}

	@Test
	void writeWhen503ThenRetryAfterAndNoChallenge() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(new MockHttpServletRequest("GET", "/"), response,
				AgentAuthError.of(ErrorCode.REGISTRY_UNAVAILABLE, null));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(response.getHeader("WWW-Authenticate")).isNull();
		assertThat(response.getHeader("Accept-Signature")).isNull();
		assertThat(response.getContentAsString()).contains("\"title\":\"Service Unavailable\"")
			.contains("\"detail\":\"Service Unavailable\"");
	}

	@Test
	void writeWhenDecisionIdThenInTheBody() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(new MockHttpServletRequest("POST", "/api/checkout"), response,
				AgentAuthError.of(ErrorCode.RISK_TOO_HIGH, "refused").withDecisionId("d-1"));
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Agent error=\"risk_too_high\"");
		assertThat(response.getContentAsString()).endsWith("\"code\":\"risk_too_high\",\"decision_id\":\"d-1\"}");
	}

}
