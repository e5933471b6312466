package dev.agentauth.client.spring;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.client.StepUpChallenge;
import dev.agentauth.core.AgentAuthException;

/**
 * Signs {@code RestClient} and {@code RestTemplate} requests as an agent (RFC 9421, with the same
 * {@link AgentRequestSigner} as {@code java.net.http} clients): {@code Content-Digest} (RFC 9530) over the body,
 * {@code Signature-Input} and {@code Signature} with a fresh nonce every time, and, when the request carries an
 * {@link AgentDelegation} (attribute {@link AgentDelegation#ATTRIBUTE}, or bound with {@link #withDelegation}),
 * {@code Authorization: Agent <token>} from the {@link DelegationTokenManager}, covered by the signature.
 * <p>
 * Retries once, with a new signature and nonce (never the same one), when the merchant answers 401
 * {@code nonce_replayed} or {@code signature_expired}; once with a renewed token on {@code token_expired}; once
 * with a token issued within the challenge's {@code max_age} on a step-up ({@code fresh_delegation_required}). A
 * {@code grant_revoked} ends the grant in the manager and throws {@link dev.agentauth.client.DelegationRevokedException}; later
 * requests for that grant throw before anything is sent.
 *
 * <pre>
 * RestClient client = RestClient.builder().baseUrl("https://shop.example")
 *     .requestInterceptor(new AgentSigningInterceptor(signer, tokens)).build();
 * client.post().uri("/api/v1/checkout").attribute(AgentDelegation.ATTRIBUTE, AgentDelegation.of(grant, "shop"))
 *     .contentType(MediaType.APPLICATION_JSON).body(order).retrieve().toEntity(String.class);
 * </pre>
 *
 * @since 0.1.0
 */
public final class AgentSigningInterceptor implements ClientHttpRequestInterceptor {

	private final AgentRequestSigner signer;

	private final @Nullable DelegationTokenManager tokens;

	private final @Nullable AgentDelegation delegation;

	/** Signs only (the agent acting on its own); a request with an {@link AgentDelegation} is refused. */
	public AgentSigningInterceptor(AgentRequestSigner signer) {
		this(signer, null, null);
	}

	/** Signs, and attaches delegation tokens from {@code tokens} to requests that name an {@link AgentDelegation}. */
	public AgentSigningInterceptor(AgentRequestSigner signer, @Nullable DelegationTokenManager tokens) {
		this(signer, tokens, null);
	}

	private AgentSigningInterceptor(AgentRequestSigner signer, @Nullable DelegationTokenManager tokens,
			@Nullable AgentDelegation delegation) {
		this.signer = Objects.requireNonNull(signer, "signer cannot be null");
		this.tokens = tokens;
		this.delegation = delegation;
	}

	/** The same interceptor attaching {@code delegation} to every request that does not name another. */
	public AgentSigningInterceptor withDelegation(AgentDelegation delegation) {
		Objects.requireNonNull(delegation, "delegation cannot be null");
		if (this.tokens == null) {
			throw new IllegalStateException("No DelegationTokenManager: this interceptor signs only");
		}
		return new AgentSigningInterceptor(this.signer, this.tokens, delegation);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		AgentDelegation delegation = delegation(request);
		String token = (delegation != null) ? token(delegation) : null;
		ClientHttpResponse response = signAndExecute(request, body, token, execution);
		String code = refusal(response);
		if (code == null) {
			return response;
		}
		if (AgentRefusals.RETRY_WITH_FRESH_SIGNATURE.contains(code)) {
			response.close();
			response = signAndExecute(request, body, token, execution);
			code = refusal(response);
		}
		else if (AgentRefusals.TOKEN_EXPIRED.equals(code) && delegation != null) {
			response.close();
			tokens().invalidate(delegation.grantId(), delegation.audience(), delegation.scope());
			response = signAndExecute(request, body, token(delegation), execution);
			code = refusal(response);
		}
		else if (StepUpChallenge.ERROR.equals(code) && delegation != null) {
			StepUpChallenge stepUp = StepUpChallenge.from(response.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE));
			response.close();
			response = signAndExecute(request, body, freshToken(delegation, stepUp), execution);
			code = refusal(response);
		}
		if (AgentRefusals.GRANT_REVOKED.equals(code) && delegation != null) {
			response.close();
			throw SpringSigning.revoked(tokens(), delegation, request.getURI().getAuthority());
		}
		return response;
	}

	private ClientHttpResponse signAndExecute(HttpRequest request, byte[] body, @Nullable String token,
			ClientHttpRequestExecution execution) throws IOException {
		HttpHeaders headers = request.getHeaders();
		SpringSigning.prepare(headers, token);
		try {
			SpringSigning.sign(this.signer, request.getMethod().name(), request.getURI(), headers, body);
		}
		catch (AgentAuthException ex) {
			throw new IOException("The request cannot be signed: " + ex.getMessage(), ex);
		}
		return execution.execute(request, body);
	}

	private static @Nullable String refusal(ClientHttpResponse response) throws IOException {
		if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return null;
		}
		return AgentRefusals.code(response.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE));
	}

	private @Nullable AgentDelegation delegation(HttpRequest request) {
		Object attribute = request.getAttributes().get(AgentDelegation.ATTRIBUTE);
		if (attribute instanceof AgentDelegation named) {
			return named;
		}
		return this.delegation;
	}

	private String token(AgentDelegation delegation) throws IOException {
		try {
			return tokens().token(delegation.grantId(), delegation.audience(), delegation.scope());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while getting a delegation token");
		}
	}

	private String freshToken(AgentDelegation delegation, @Nullable StepUpChallenge stepUp) throws IOException {
		try {
			return tokens().freshToken(delegation.grantId(), delegation.audience(), delegation.scope(),
					(stepUp != null) ? stepUp.maxAge() : StepUpChallenge.DEFAULT_MAX_AGE);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while getting a fresh delegation token");
		}
	}

	private DelegationTokenManager tokens() {
		if (this.tokens == null) {
			throw new IllegalStateException("The request names a delegation but this interceptor has no "
					+ "DelegationTokenManager");
		}
		return this.tokens;
	}

}
