package dev.agentauth.gateway.identity;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.agentauth.merchant.signature.AgentPrincipal;

/**
 * Runs after Spring Security, on every request the gateway forwards: removes the {@code Agent-Auth-*} fields a
 * client sent and, when the starter verified the request, adds the agent's identity headers
 * ({@link IdentityHeaders#of}). The upstream can then trust these headers as long as it is reachable only through
 * the gateway.
 *
 * @since 0.1.0
 */
public final class TrustedIdentityHeadersFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Map<String, String> identity = (authentication != null && authentication.isAuthenticated()
				&& authentication.getPrincipal() instanceof AgentPrincipal agent) ? IdentityHeaders.of(agent) : Map.of();
		chain.doFilter(new IdentityHeadersRequest(request, identity), response);
	}

}
