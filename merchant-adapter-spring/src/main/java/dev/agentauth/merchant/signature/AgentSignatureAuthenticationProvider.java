package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.net.URI;
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

	// normalized
	private @Nullable URI publicBaseUri;

	private @Nullable RiskEvaluator riskEvaluator;

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
				delegation = this.delegationGuard.check(view.firstHeaderValue("Authorization"), verified);
			}
			catch (AgentAuthException ex) {
				// layer-2 refusals come after the signature verified: the audit names the agent and key
				throw new AgentAuthenticationException(ex.errorCode(), ex.getMessage(), verified.agentId(),
						verified.keyId());
			}
			AgentPrincipal principal = new AgentPrincipal(verified.agentId(), verified.keyId(), key.operator(),
					delegation);
			if (this.riskEvaluator != null) {
				RiskDecision risk = this.riskEvaluator.evaluate(request, verified.agentId(), verified.keyId(),
						key.allowedNetworks(), delegation);
				principal = principal.withRisk(risk);
				refuseIfRisky(risk, verified);
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

	private static void refuseIfRisky(@Nullable RiskDecision risk, VerifiedSignature verified) {
		if (risk == null) {
			return;
		}
		switch (risk.action()) {
			case ALLOW -> {
			}
			case THROTTLE -> throw new AgentAuthenticationException(ErrorCode.RATE_LIMITED,
					"Too many requests from this agent; retry later", verified.agentId(), verified.keyId(), risk);
			case STEP_UP -> throw new AgentAuthenticationException(ErrorCode.FRESH_DELEGATION_REQUIRED,
					"This request needs a recently issued delegation token", verified.agentId(), verified.keyId(),
					risk);
			case DENY -> throw new AgentAuthenticationException(ErrorCode.RISK_TOO_HIGH,
					"The request was refused by the merchant's risk checks", verified.agentId(), verified.keyId(),
					risk);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return AgentSignatureAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
