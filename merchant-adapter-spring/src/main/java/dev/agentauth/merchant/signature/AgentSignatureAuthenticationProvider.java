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
import dev.agentauth.core.signature.SignatureProfileSelector;
import dev.agentauth.core.signature.SimpleHeaderProfile;
import dev.agentauth.core.signature.SimpleHeaderVerifier;
import dev.agentauth.core.signature.VerificationOutcome;
import dev.agentauth.core.signature.profile.ProviderProfiles;
import dev.agentauth.merchant.delegation.DelegationGuard;
import dev.agentauth.merchant.risk.RiskEvaluator;

/**
 * Verifies an {@link AgentSignatureAuthenticationToken} with the core {@link RequestSignatureVerifier}: headers,
 * key lookup (the key decides the profile, so it is looked up before the profile's parameter, time window and
 * component checks; the lookup is cached, unknown keyids too), key usability, signature; only then the body is read
 * (bounded) and the Content-Digest and nonce are checked, so unsigned junk can neither make us read a body nor burn
 * nonces.
 * <p>
 * How a request is verified is a profile, chosen once per request and applied whole: an RFC 9421 signature is
 * verified under the profile of its key's agent provider ({@link #setProfiles}: {@code agent-auth} for a key
 * registered in the registry itself, {@code web-bot-auth} or {@code visa-tap} for a brokered one); the article's
 * simple headers, when enabled, under the {@code simple-header} profile. The chosen profile and the outcome
 * ({@code verified}, {@code invalid}, {@code unverified}) are recorded on the request ({@link #PROFILE_ATTRIBUTE},
 * {@link #OUTCOME_ATTRIBUTE}) for the audit line.
 *
 * @since 0.1.0
 */
public final class AgentSignatureAuthenticationProvider implements AuthenticationProvider {

	/** Default largest body read for digest verification: 1 MiB. */
	public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

	/**
	 * Request attribute: the name of the profile the request was verified under (e.g. {@code web-bot-auth}), once
	 * it was chosen.
	 * @since 0.1.0
	 */
	public static final String PROFILE_ATTRIBUTE = AgentSignatureAuthenticationProvider.class.getName() + ".profile";

	/**
	 * Request attribute: the {@link VerificationOutcome.Status} of the request's signature verification (layer 1).
	 * @since 0.1.0
	 */
	public static final String OUTCOME_ATTRIBUTE = AgentSignatureAuthenticationProvider.class.getName() + ".outcome";

	private final RequestSignatureVerifier verifier;

	private SignatureRequestVerification signatures;

	private @Nullable SimpleHeaderRequestVerification simpleHeaders;

	private long maxBodySize = DEFAULT_MAX_BODY_SIZE;

	private DelegationGuard delegationGuard = new DelegationGuard(null, null, null);

	// by registry name, with several trusted registries
	private Map<String, DelegationGuard> registryGuards = Map.of();

	// normalized
	private @Nullable URI publicBaseUri;

	private @Nullable RiskEvaluator riskEvaluator;

	/**
	 * A provider whose RFC 9421 profiles are {@link ProviderProfiles#of ProviderProfiles.of(verifier.policy())}:
	 * {@code agent-auth} with the verifier's policy for registered keys, the provider's profile for brokered keys.
	 */
	public AgentSignatureAuthenticationProvider(RequestSignatureVerifier verifier) {
		this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
		this.signatures = new SignatureRequestVerification(verifier, ProviderProfiles.of(verifier.policy()));
	}

	/**
	 * How the profile of an RFC 9421 request is chosen from its signing key. Default:
	 * {@link ProviderProfiles#of ProviderProfiles.of(verifier.policy())}.
	 * @since 0.1.0
	 */
	public void setProfiles(SignatureProfileSelector profiles) {
		this.signatures = new SignatureRequestVerification(this.verifier,
				Objects.requireNonNull(profiles, "profiles cannot be null"));
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
	 * The article's {@code Agent-ID}/{@code Timestamp}/{@code Signature} scheme (the {@code simple-header}
	 * profile), accepted on requests without {@code Signature-Input} ({@code agentauth.compat.simple-headers.enabled}).
	 * Default: none, such requests are refused like any unsigned one.
	 * @see SimpleHeaderVerifier
	 */
	public void setSimpleHeaders(@Nullable SimpleHeaderVerifier simpleHeaders) {
		this.simpleHeaders = (simpleHeaders != null)
				? new SimpleHeaderRequestVerification(new SimpleHeaderProfile(simpleHeaders),
						this.verifier.policy().isTestKeysAllowed())
				: null;
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
			RequestVerification verification = verification(view);
			RequestVerification.Verified verified = verification.verify(new RequestVerification.Request(request, view,
					hasBody, token.bodyElsewhere(), this.maxBodySize), this::guard);
			RegisteredKey key = verified.key();
			AgentPrincipal principal = new AgentPrincipal(key.agentId(), key.keyId(), key.operator(),
					verified.delegation(), null, key.registry());
			if (this.riskEvaluator != null) {
				RiskDecision risk = this.riskEvaluator.evaluate(request, key.agentId(), key.keyId(),
						key.allowedNetworks(), verified.delegation());
				principal = principal.withRisk(risk);
				refuseIfRisky(risk, key.agentId(), key.keyId());
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

	// the profile's strategy, chosen once: simple headers when enabled and the request has their shape (no
	// Signature-Input), else RFC 9421 (which refuses a request without a signature)
	private RequestVerification verification(ServletRequestView view) {
		SimpleHeaderRequestVerification simple = this.simpleHeaders;
		return (simple != null && simple.applies(view)) ? simple : this.signatures;
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
