package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.signature.RequestSignatureVerifier;
import dev.agentauth.core.signature.SimpleHeaderVerifier;
import dev.agentauth.core.signature.VerifiedSignature;
import dev.agentauth.merchant.delegation.Delegation;
import dev.agentauth.merchant.delegation.DelegationGuard;
import dev.agentauth.merchant.risk.RiskEvaluator;

/**
 * Verifies an {@link AgentSignatureAuthenticationToken} with the core {@link RequestSignatureVerifier}, cheapest
 * refusal first: headers, time window, key lookup and usability, signature; only then the body is read (bounded)
 * and the Content-Digest and nonce are checked, so unsigned junk can neither make us read a body nor burn nonces.
 *
 * @since 0.1.0
 */
public final class AgentSignatureAuthenticationProvider implements AuthenticationProvider {

	/** Default largest body read for digest verification: 1 MiB. */
	public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

	private final RequestSignatureVerifier verifier;

	private long maxBodySize = DEFAULT_MAX_BODY_SIZE;

	private DelegationGuard delegationGuard = new DelegationGuard(null, null, null);

	// by registry name, with several trusted registries
	private Map<String, DelegationGuard> registryGuards = Map.of();

	// normalized
	private @Nullable URI publicBaseUri;

	private @Nullable RiskEvaluator riskEvaluator;

	private @Nullable SimpleHeaderVerifier simpleHeaders;

	public AgentSignatureAuthenticationProvider(RequestSignatureVerifier verifier) {
		this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
	}

	/**
	 * Layer 2: delegation tokens and the revocation set. Default: no delegation accepted (a request with
	 * {@code Authorization: Agent} is refused), no revocation feed.
	 */
	public void setDelegationGuard(DelegationGuard delegationGuard) {
		this.delegationGuard = Objects.requireNonNull(delegationGuard, "delegationGuard cannot be null");
	}

	/**
	 * Layer 2 with several trusted registries: the guard of the registry that registered the signing key
	 * ({@link RegisteredKey#registry()}), so its delegation tokens, revocation set and feed apply, and no other
	 * registry's. A key of no named registry gets the {@link #setDelegationGuard default guard}; a key of a
	 * registry without a guard here is refused ({@code registry_unavailable}).
	 * @since 0.1.0
	 */
	public void setRegistryDelegationGuards(Map<String, DelegationGuard> registryGuards) {
		this.registryGuards = Map.copyOf(Objects.requireNonNull(registryGuards, "registryGuards cannot be null"));
	}

	private DelegationGuard guard(RegisteredKey key) throws AgentAuthException {
		if (key.registry() == null) {
			return this.delegationGuard;
		}
		DelegationGuard guard = this.registryGuards.get(key.registry());
		if (guard == null) {
			throw new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE, "The signing key's registry is not configured");
		}
		return guard;
	}

	/** The largest body read; a longer one is refused with {@code body_too_large}. */
	public void setMaxBodySize(long maxBodySize) {
		if (maxBodySize < 0) {
			throw new IllegalArgumentException("maxBodySize cannot be negative");
		}
		this.maxBodySize = maxBodySize;
	}

	/**
	 * The scheme and authority agents address, e.g. {@code https://shop.example.com}, used for
	 * {@code @target-uri}, {@code @authority} and {@code @scheme} instead of the request's own; set it when
	 * several instances serve one public URL. {@code null} (the default): the request's scheme and {@code Host}.
	 * @throws IllegalArgumentException if it is not {@code http(s)://host[:port]}
	 * @see ServletRequestView#publicBaseUri(URI)
	 */
	public void setPublicBaseUri(@Nullable URI publicBaseUri) {
		this.publicBaseUri = (publicBaseUri != null) ? ServletRequestView.publicBaseUri(publicBaseUri) : null;
	}

	/**
	 * Layer 3: scores each request that passed layers 1 and 2, and refuses it when the decision says so (enforce
	 * mode). Default: none.
	 */
	public void setRiskEvaluator(@Nullable RiskEvaluator riskEvaluator) {
		this.riskEvaluator = riskEvaluator;
	}

	/**
	 * The article's {@code Agent-ID}/{@code Timestamp}/{@code Signature} scheme, accepted on requests without
	 * {@code Signature-Input} ({@code agentauth.compat.simple-headers.enabled}). Default: none, such requests are
	 * refused like any unsigned one.
	 * @see SimpleHeaderVerifier
	 */
	public void setSimpleHeaders(@Nullable SimpleHeaderVerifier simpleHeaders) {
		this.simpleHeaders = simpleHeaders;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		AgentSignatureAuthenticationToken token = (AgentSignatureAuthenticationToken) authentication;
		CachedBodyRequest request = token.request();
		if (request == null) {
			return token;
		}
		try {
			ServletRequestView view = ServletRequestView.withNormalizedBase(request, this.publicBaseUri);
			boolean hasBody = request.getContentLengthLong() > 0 || view.hasHeader("Transfer-Encoding");
			if (this.simpleHeaders != null && SimpleHeaderVerifier.applies(view)) {
				return authenticateSimpleHeaders(this.simpleHeaders, request, view, hasBody);
			}
			VerifiedSignature verified = this.verifier.verifySignature(view, hasBody);
			if (token.bodyElsewhere()) {
				this.verifier.verifyDigestFieldAndConsumeNonce(verified);
			}
			else {
				verifyBody(request, verified, hasBody);
			}
			RegisteredKey key = verified.key();
			Delegation delegation;
			try {
				delegation = guard(key).check(view.firstHeaderValue("Authorization"), verified);
			}
			catch (AgentAuthException ex) {
				// layer-2 refusals come after the signature verified: the audit names the agent and key
				throw new AgentAuthenticationException(ex.errorCode(), ex.getMessage(), verified.agentId(),
						verified.keyId());
			}
			AgentPrincipal principal = new AgentPrincipal(verified.agentId(), verified.keyId(), key.operator(),
					delegation, null, key.registry());
			if (this.riskEvaluator != null) {
				RiskDecision risk = this.riskEvaluator.evaluate(request, verified.agentId(), verified.keyId(),
						key.allowedNetworks(), delegation);
				principal = principal.withRisk(risk);
				refuseIfRisky(risk, verified.agentId(), verified.keyId());
			}
			return AgentSignatureAuthenticationToken.authenticated(principal);
		}
		catch (AgentAuthException ex) {
			throw new AgentAuthenticationException(ex);
		}
		catch (IOException ex) {
			throw new AgentAuthenticationException(ErrorCode.SIGNATURE_MALFORMED, "The request body cannot be read");
		}
	}

	private void verifyBody(CachedBodyRequest request, VerifiedSignature verified, boolean hasBody)
			throws IOException, AgentAuthException {
		byte[] body;
		try {
			body = hasBody ? request.body(this.maxBodySize) : null;
		}
		catch (AgentAuthenticationException ex) {
			throw new AgentAuthenticationException(ex.errorCode(), ex.getMessage(), verified.agentId(),
					verified.keyId());
		}
		if (body != null && body.length == 0) {
			body = null;
		}
		this.verifier.verifyBodyAndConsumeNonce(verified, body);
	}

	// the compatibility profile: what the article's scheme can check, nothing more (see SimpleHeaderVerifier)
	private Authentication authenticateSimpleHeaders(SimpleHeaderVerifier simple, CachedBodyRequest request,
			ServletRequestView view, boolean hasBody) throws AgentAuthException, IOException {
		if (view.hasHeader("Authorization")) {
			// nothing would bind the token to this request: the scheme signs no header
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "A delegation token needs an RFC 9421 "
					+ "signature covering Authorization; the simple header scheme cannot carry one");
		}
		byte[] body = hasBody ? request.body(this.maxBodySize) : null;
		RegisteredKey key = simple.verify(view.firstHeaderValue(SimpleHeaderVerifier.AGENT_ID),
				view.firstHeaderValue(SimpleHeaderVerifier.TIMESTAMP),
				view.firstHeaderValue(SimpleHeaderVerifier.SIGNATURE), body);
		try {
			guard(key).checkAgent(key.agentId(), key.keyId());
		}
		catch (AgentAuthException ex) {
			throw new AgentAuthenticationException(ex.errorCode(), ex.getMessage(), key.agentId(), key.keyId());
		}
		AgentPrincipal principal = new AgentPrincipal(key.agentId(), key.keyId(), key.operator(), null, null,
				key.registry());
		if (this.riskEvaluator != null) {
			RiskDecision risk = this.riskEvaluator.evaluate(request, key.agentId(), key.keyId(), key.allowedNetworks(),
					null);
			principal = principal.withRisk(risk);
			refuseIfRisky(risk, key.agentId(), key.keyId());
		}
		return AgentSignatureAuthenticationToken.authenticated(principal);
	}

	private static void refuseIfRisky(@Nullable RiskDecision risk, String agentId, String keyId) {
		if (risk == null) {
			return;
		}
		switch (risk.action()) {
			case ALLOW -> {
			}
			case THROTTLE -> throw new AgentAuthenticationException(ErrorCode.RATE_LIMITED,
					"Too many requests from this agent; retry later", agentId, keyId, risk);
			case STEP_UP -> throw new AgentAuthenticationException(ErrorCode.FRESH_DELEGATION_REQUIRED,
					"This request needs a recently issued delegation token", agentId, keyId, risk);
			case DENY -> throw new AgentAuthenticationException(ErrorCode.RISK_TOO_HIGH,
					"The request was refused by the merchant's risk checks", agentId, keyId, risk);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return AgentSignatureAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
