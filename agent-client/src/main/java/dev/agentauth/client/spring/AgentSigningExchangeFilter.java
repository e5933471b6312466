package dev.agentauth.client.spring;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agentauth.client.AgentRequestSigner;
import dev.agentauth.client.DelegationRevokedException;
import dev.agentauth.client.DelegationTokenManager;
import dev.agentauth.client.StepUpChallenge;
import dev.agentauth.core.AgentAuthException;

/**
 * Signs {@code WebClient} requests as an agent, like {@link AgentSigningInterceptor} does for {@code RestClient}:
 * the body is signed when it is written (its bytes are buffered once to compute {@code Content-Digest}), so every
 * attempt, including a retry, gets its own signature and nonce. {@code Authorization: Agent <token>} is attached
 * for an {@link AgentDelegation} (attribute {@link AgentDelegation#ATTRIBUTE} or {@link #withDelegation}); the
 * token is obtained off the event loop (the {@link DelegationTokenManager} blocks while it renews).
 * <p>
 * Retries once on 401 {@code nonce_replayed} / {@code signature_expired} (fresh signature), once on
 * {@code token_expired} (renewed token), {@code fresh_delegation_required} (a token issued within the challenge's
 * {@code max_age}); {@code grant_revoked} ends the grant and fails the exchange with
 * {@link DelegationRevokedException}.
 *
 * <pre>
 * WebClient client = WebClient.builder().baseUrl("https://shop.example")
 *     .filter(new AgentSigningExchangeFilter(signer, tokens)).build();
 * </pre>
 *
 * @since 0.1.0
 */
public final class AgentSigningExchangeFilter implements ExchangeFilterFunction {

	private final AgentRequestSigner signer;

	private final @Nullable DelegationTokenManager tokens;

	private final @Nullable AgentDelegation delegation;

	/** Signs only (the agent acting on its own). */
	public AgentSigningExchangeFilter(AgentRequestSigner signer) {
		this(signer, null, null);
	}

	/** Signs, and attaches delegation tokens from {@code tokens} to requests that name an {@link AgentDelegation}. */
	public AgentSigningExchangeFilter(AgentRequestSigner signer, @Nullable DelegationTokenManager tokens) {
		this(signer, tokens, null);
	}

	private AgentSigningExchangeFilter(AgentRequestSigner signer, @Nullable DelegationTokenManager tokens,
			@Nullable AgentDelegation delegation) {
		this.signer = Objects.requireNonNull(signer, "signer cannot be null");
		this.tokens = tokens;
		this.delegation = delegation;
	}

	/** The same filter attaching {@code delegation} to every request that does not name another. */
	public AgentSigningExchangeFilter withDelegation(AgentDelegation delegation) {
		Objects.requireNonNull(delegation, "delegation cannot be null");
		if (this.tokens == null) {
			throw new IllegalStateException("No DelegationTokenManager: this filter signs only");
		}
		return new AgentSigningExchangeFilter(this.signer, this.tokens, delegation);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		AgentDelegation delegation = request.attribute(AgentDelegation.ATTRIBUTE)
			.filter(AgentDelegation.class::isInstance)
			.map(AgentDelegation.class::cast)
			.orElse(this.delegation);
		if (delegation == null) {
			return exchange(request, null, next).flatMap((response) -> {
				String code = refusal(response);
				if (code != null && AgentRefusals.RETRY_WITH_FRESH_SIGNATURE.contains(code)) {
					return response.releaseBody().then(exchange(request, null, next));
				}
				return Mono.just(response);
			});
		}
		return token(delegation)
			.flatMap((token) -> exchange(request, token, next).flatMap((response) -> {
				String code = refusal(response);
				if (code != null && AgentRefusals.RETRY_WITH_FRESH_SIGNATURE.contains(code)) {
					return response.releaseBody().then(exchange(request, token, next));
				}
				if (AgentRefusals.TOKEN_EXPIRED.equals(code)) {
					tokens().invalidate(delegation.grantId(), delegation.audience(), delegation.scope());
					return response.releaseBody()
						.then(token(delegation))
						.flatMap((renewed) -> exchange(request, renewed, next));
				}
				if (StepUpChallenge.ERROR.equals(code)) {
					StepUpChallenge stepUp = StepUpChallenge
						.from(response.headers().header(HttpHeaders.WWW_AUTHENTICATE));
					return response.releaseBody()
						.then(freshToken(delegation, stepUp))
						.flatMap((fresh) -> exchange(request, fresh, next));
				}
				return Mono.just(response);
			}))
			.flatMap((response) -> {
				if (AgentRefusals.GRANT_REVOKED.equals(refusal(response))) {
					DelegationRevokedException revoked = SpringSigning.revoked(tokens(), delegation,
							request.url().getAuthority());
					return response.releaseBody().then(Mono.error(revoked));
				}
				return Mono.just(response);
			});
	}

	private Mono<String> token(AgentDelegation delegation) {
		DelegationTokenManager tokens = tokens();
		return Mono.fromCallable(() -> tokens.token(delegation.grantId(), delegation.audience(), delegation.scope()))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<String> freshToken(AgentDelegation delegation, @Nullable StepUpChallenge stepUp) {
		DelegationTokenManager tokens = tokens();
		return Mono
			.fromCallable(() -> tokens.freshToken(delegation.grantId(), delegation.audience(), delegation.scope(),
					(stepUp != null) ? stepUp.maxAge() : StepUpChallenge.DEFAULT_MAX_AGE))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<ClientResponse> exchange(ClientRequest request, @Nullable String token, ExchangeFunction next) {
		ClientRequest signed = ClientRequest.from(request)
			.headers((headers) -> SpringSigning.prepare(headers, token))
			.body((message, context) -> request.body().insert(new SigningRequest(message), context))
			.build();
		return next.exchange(signed);
	}

	private static @Nullable String refusal(ClientResponse response) {
		if (response.statusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return null;
		}
		return AgentRefusals.code(response.headers().header(HttpHeaders.WWW_AUTHENTICATE));
	}

	private DelegationTokenManager tokens() {
		if (this.tokens == null) {
			throw new IllegalStateException("The request names a delegation but this filter has no "
					+ "DelegationTokenManager");
		}
		return this.tokens;
	}

	// adds the signature fields when the body is written: the headers are still open until the request commits
	private final class SigningRequest extends ClientHttpRequestDecorator {

		SigningRequest(ClientHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			// Mono<Void> completes empty, so "no body" is decided on the joined buffer, before writing
			return DataBufferUtils.join(body).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((joined) -> {
				if (joined.isEmpty()) {
					sign(null);
					return super.setComplete();
				}
				DataBuffer buffer = joined.get();
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				sign(bytes);
				return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
			});
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return writeWith(Flux.from(body).flatMap((part) -> part));
		}

		@Override
		public Mono<Void> setComplete() {
			sign(null);
			return super.setComplete();
		}

		private void sign(byte @Nullable [] body) {
			try {
				SpringSigning.sign(AgentSigningExchangeFilter.this.signer, getMethod().name(), getURI(), getHeaders(),
						body);
			}
			catch (AgentAuthException ex) {
				throw new IllegalStateException("The request cannot be signed: " + ex.getMessage(), ex);
			}
		}

	}

}
