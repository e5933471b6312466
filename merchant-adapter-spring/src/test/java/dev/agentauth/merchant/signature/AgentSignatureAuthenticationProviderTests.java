package dev.agentauth.merchant.signature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.SignatureHeaders;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SigningKey;
import dev.agentauth.core.signature.SimpleHttpRequest;
import dev.agentauth.core.signature.VerificationPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The provider's "body elsewhere" mode, used by verifiers that get the original headers without the body (a
 * gateway's nginx {@code auth_request} endpoint).
 */
class AgentSignatureAuthenticationProviderTests {

	private static final byte[] BODY = "{\"total\":\"15.00\"}".getBytes(StandardCharsets.UTF_8);

	private final Map<String, RegisteredKey> keys = new ConcurrentHashMap<>();

	private AgentSignatureAuthenticationProvider provider;

	private AgentRequestSigner signer;

	@BeforeEach
	void setUp() throws Exception {
		SigningKey key = SigningKey.from(new ECKeyGenerator(Curve.P_256).generate());
		RegisteredKey registered = new RegisteredKey("agent-1", AgentStatus.ACTIVE, "operator-1", KeyStatus.ACTIVE,
				null, null, key.publicKey());
		this.keys.put(registered.keyId(), registered);
		this.signer = new AgentRequestSigner(key, Clock.systemUTC(), Duration.ofSeconds(60), false);
		this.provider = new AgentSignatureAuthenticationProvider(new RequestSignatureVerifier(
				VerificationPolicy.defaults(), this.keys::get, new InMemoryNonceStore(), Clock.systemUTC()));
	}

	@Test
	void authenticateWhenBodyElsewhereThenSignatureOverDigestFieldAcceptedOnce() throws Exception {
		MockHttpServletRequest request = headersOnly(BODY);
		Authentication authentication = this.provider
			.authenticate(AgentSignatureAuthenticationToken.unauthenticatedBodyElsewhere(new CachedBodyRequest(request)));
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(((AgentPrincipal) authentication.getPrincipal()).agentId()).isEqualTo("agent-1");
		assertRefused(AgentSignatureAuthenticationToken.unauthenticatedBodyElsewhere(new CachedBodyRequest(request)),
				ErrorCode.NONCE_REPLAYED);
	}

	@Test
	void authenticateWhenBodyHereAndMissingThenDigestMismatch() throws Exception {
		// the same headers through the normal path: the (absent) body must match the digest
		MockHttpServletRequest request = headersOnly(BODY);
		assertRefused(AgentSignatureAuthenticationToken.unauthenticated(new CachedBodyRequest(request)),
				ErrorCode.DIGEST_MISMATCH);
	}

	@Test
	void authenticateWhenBodyElsewhereAndDigestNotCoveredThenComponentMissing() throws Exception {
		// signed as if there were no body, but the original request announces one
		SignatureHeaders headers = this.signer.signatureHeaders(post(), null);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/checkout");
		request.setServerName("shop.example");
		request.setScheme("https");
		request.setServerPort(443);
		request.addHeader("Content-Length", "17");
		request.addHeader("Signature-Input", headers.signatureInput());
		request.addHeader("Signature", headers.signature());
		assertRefused(AgentSignatureAuthenticationToken.unauthenticatedBodyElsewhere(new CachedBodyRequest(request)),
				ErrorCode.COMPONENT_MISSING);
	}

	// a request with the original headers but no body, as an auth_request subrequest carries it
	private MockHttpServletRequest headersOnly(byte[] body) throws Exception {
		SignatureHeaders headers = this.signer.signatureHeaders(post(), body);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/checkout");
		request.setServerName("shop.example");
		request.setScheme("https");
		request.setServerPort(443);
		request.addHeader("Content-Type", "application/json");
		request.addHeader("Content-Length", Integer.toString(body.length));
		request.addHeader("Content-Digest", headers.contentDigest());
		request.addHeader("Signature-Input", headers.signatureInput());
		request.addHeader("Signature", headers.signature());
		return request;
	}

	private static SimpleHttpRequest post() {
		return SimpleHttpRequest.builder()
			.method("POST")
			.uri("https://shop.example/api/checkout")
			.header("Content-Type", "application/json")
			.build();
	}

	private void assertRefused(AgentSignatureAuthenticationToken token, ErrorCode code) {
		assertThatExceptionOfType(AgentAuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(token))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(code));
	}

}
