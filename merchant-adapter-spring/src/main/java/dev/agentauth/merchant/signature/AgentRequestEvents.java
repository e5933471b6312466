package dev.agentauth.merchant.signature;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.merchant.risk.RiskRefusedException;

/**
 * Publishes {@link AgentRequestAcceptedEvent}s and {@link AgentRequestRefusedEvent}s, as Spring Security's
 * {@code AuthenticationEventPublisher} publishes authentication events; {@link AgentAuthConfigurer} calls it for
 * the filter chain's decisions, wrapping the entry point and the access-denied handler, and a verifier outside the
 * chain (e.g. a gateway's verify endpoint) calls it itself.
 *
 * @since 0.1.0
 */
public final class AgentRequestEvents {

	private final ApplicationEventPublisher publisher;

	private final AgentAuthErrors errors;

	public AgentRequestEvents(ApplicationEventPublisher publisher, AgentAuthErrors errors) {
		this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
		this.errors = Objects.requireNonNull(errors, "errors cannot be null");
	}

	/** A verified agent request. */
	public void accepted(HttpServletRequest request, AgentPrincipal agent) {
		this.publisher.publishEvent(new AgentRequestAcceptedEvent(request, agent));
	}

	/**
	 * A refusal.
	 * @param agentId the registered agent the request was signed for, if known
	 * @param keyId the registered keyid it was signed with, if known
	 * @param risk the risk layer's decision, when the risk layer refused the request
	 */
	public void refused(HttpServletRequest request, AgentAuthError error, @Nullable String agentId,
			@Nullable String keyId, @Nullable RiskDecision risk) {
		AgentPrincipal current = principal();
		this.publisher.publishEvent(new AgentRequestRefusedEvent(request, error, agentId, keyId, risk,
				(current != null) ? current.delegation() : null));
	}

	/** A failed authentication, with the agent and keyid of an {@link AgentAuthenticationException}. */
	public void refused(HttpServletRequest request, AuthenticationException failure) {
		AgentAuthError error = this.errors.error(failure);
		if (failure instanceof AgentAuthenticationException agent) {
			refused(request, error, agent.agentId(), agent.keyId(), agent.risk());
		}
		else {
			refused(request, error, null, null, null);
		}
	}

	/** A denied authorization of the current authentication's agent. */
	public void refused(HttpServletRequest request, AccessDeniedException denied) {
		AgentAuthError error = this.errors.error(denied);
		AgentPrincipal agent = (denied instanceof CsrfException) ? null : principal();
		refused(request, error, (agent != null) ? agent.agentId() : null, (agent != null) ? agent.keyId() : null,
				(denied instanceof RiskRefusedException risk) ? risk.decision() : null);
	}

	/** {@code entryPoint}, after publishing the refusal. */
	public AuthenticationEntryPoint publishingEntryPoint(AuthenticationEntryPoint entryPoint) {
		Objects.requireNonNull(entryPoint, "entryPoint cannot be null");
		return (request, response, failure) -> {
			refused(request, failure);
			entryPoint.commence(request, response, failure);
		};
	}

	/** {@code handler}, after publishing the refusal. */
	public AccessDeniedHandler publishingAccessDeniedHandler(AccessDeniedHandler handler) {
		Objects.requireNonNull(handler, "handler cannot be null");
		return (request, response, denied) -> {
			refused(request, denied);
			handler.handle(request, response, denied);
		};
	}

	private static @Nullable AgentPrincipal principal() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof AgentPrincipal agent) ? agent
				: null;
	}

}
