package dev.agentauth.merchant.signature;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Turns a request carrying {@code Signature} or {@code Signature-Input} into an unauthenticated
 * {@link AgentSignatureAuthenticationToken}; returns {@code null} for requests without either (on a protected
 * path those are then refused by the entry point with {@code signature_missing}). The request must have been
 * wrapped by {@link RequestBodyCachingFilter}.
 *
 * @since 0.1.0
 */
public final class AgentSignatureAuthenticationConverter implements AuthenticationConverter {

	/** Request attribute holding {@link System#nanoTime()} when verification started. */
	public static final String START_ATTRIBUTE = AgentSignatureAuthenticationConverter.class.getName() + ".start";

	@Override
	public @Nullable AgentSignatureAuthenticationToken convert(HttpServletRequest request) {
		if (!RequestBodyCachingFilter.isSigned(request)) {
			return null;
		}
		request.setAttribute(START_ATTRIBUTE, System.nanoTime());
		CachedBodyRequest cached = RequestBodyCachingFilter.cachedBodyRequest(request);
		if (cached == null) {
			throw new IllegalStateException("RequestBodyCachingFilter must run before the agent authentication filter");
		}
		return AgentSignatureAuthenticationToken.unauthenticated(cached);
	}

}
