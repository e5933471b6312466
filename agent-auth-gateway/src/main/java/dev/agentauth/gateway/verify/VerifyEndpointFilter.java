package dev.agentauth.gateway.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.gateway.identity.IdentityHeaders;
import dev.agentauth.gateway.proxy.UpstreamErrorResolver;
import dev.agentauth.merchant.signature.AgentAuthenticationException;
import dev.agentauth.merchant.signature.AgentPrincipal;
import dev.agentauth.merchant.signature.AgentRequestEvents;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationConverter;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationToken;
import dev.agentauth.merchant.signature.CachedBodyRequest;

/**
 * The verify endpoint for proxies that decide themselves whether to forward a request, with the starter's checks
 * (layers 1 to 3) and refusals:
 * <ul>
 * <li><b>nginx {@code auth_request}</b>: a subrequest to exactly {@code path} with {@code X-Original-Method},
 * {@code X-Original-URI} and the original header fields, without the body. A request with a body must have a
 * signature over its {@code Content-Digest}, whose match with the body is NOT checked here
 * ({@code Agent-Auth-Body-Digest: unverified}). nginx only tells 2xx from 401/403, so every refusal is answered
 * 401 with the real status in {@code Agent-Auth-Status} and the problem+json in {@code Agent-Auth-Problem}, for
 * the configuration's {@code error_page} location to return.</li>
 * <li><b>Envoy {@code ext_authz}</b> (HTTP service): the original method, path and query behind {@code path}
 * as a prefix, the original header fields and, with {@code with_request_body}, the body, whose digest is then
 * checked. Refusals carry their real status and problem+json, which Envoy returns to the client.</li>
 * </ul>
 * Accepted: 200 with the identity headers ({@link IdentityHeaders#of}) for the proxy to forward upstream.
 *
 * @since 0.1.0
 */
public final class VerifyEndpointFilter extends OncePerRequestFilter {

	/** On an nginx refusal: the status the client should get. */
	public static final String STATUS_HEADER = "Agent-Auth-Status";

	/** On an nginx refusal: the problem+json body the client should get (non-ASCII escaped). */
	public static final String PROBLEM_HEADER = "Agent-Auth-Problem";

	private final AgentSignatureAuthenticationProvider provider;

	private final AuthenticationEntryPoint entryPoint;

	private final AgentRequestEvents events;

	private final String path;

	/**
	 * @param entryPoint writes refusals (the starter's entry point)
	 * @param events where accepted and refused requests are published (audit, metrics, risk)
	 */
	public VerifyEndpointFilter(AgentSignatureAuthenticationProvider provider, AuthenticationEntryPoint entryPoint,
			AgentRequestEvents events, String path) {
		this.provider = Objects.requireNonNull(provider, "provider cannot be null");
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.entryPoint = events.publishingEntryPoint(Objects.requireNonNull(entryPoint, "entryPoint cannot be null"));
		Objects.requireNonNull(path, "path cannot be null");
		if (!path.startsWith("/") || path.endsWith("/")) {
			throw new IllegalArgumentException("The verify path must start and not end with '/'");
		}
		this.path = path;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		boolean nginx = uri.equals(this.path);
		if (!nginx && !uri.startsWith(this.path + "/")) {
			chain.doFilter(request, response);
			return;
		}
		OriginalRequest original = nginx ? OriginalRequest.fromNginx(request)
				: OriginalRequest.fromEnvoy(request, this.path);
		if (original == null) {
			UpstreamErrorResolver.write(response, 400, "verify_request_malformed", "Bad Request",
					"The check request must carry X-Original-Method and X-Original-URI");
			return;
		}
		original.setAttribute(AgentSignatureAuthenticationConverter.START_ATTRIBUTE, System.nanoTime());
		try {
			if ("true".equalsIgnoreCase(request.getHeader("x-envoy-auth-partial-body"))) {
				throw new AgentAuthenticationException(ErrorCode.BODY_TOO_LARGE,
						"The request body is too large to be verified");
			}
			CachedBodyRequest cached = new CachedBodyRequest(original);
			Authentication authentication = this.provider
				.authenticate(original.bodyElsewhere() ? AgentSignatureAuthenticationToken.unauthenticatedBodyElsewhere(cached)
						: AgentSignatureAuthenticationToken.unauthenticated(cached));
			AgentPrincipal agent = (AgentPrincipal) authentication.getPrincipal();
			this.events.accepted(original, agent);
			response.setStatus(HttpServletResponse.SC_OK);
			IdentityHeaders.of(agent).forEach(response::setHeader);
			if (original.hasBody()) {
				response.setHeader(IdentityHeaders.BODY_DIGEST, original.bodyElsewhere() ? "unverified" : "verified");
			}
			response.setContentLength(0);
		}
		catch (AuthenticationException ex) {
			if (!nginx) {
				this.entryPoint.commence(original, response, ex);
				return;
			}
			ContentCachingResponseWrapper refusal = new ContentCachingResponseWrapper(response);
			this.entryPoint.commence(original, refusal, ex);
			refusal.setHeader(STATUS_HEADER, Integer.toString(refusal.getStatus()));
			refusal.setHeader(PROBLEM_HEADER, asciiJson(refusal.getContentAsByteArray()));
			refusal.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			refusal.copyBodyToResponse();
		}
	}

	// the problem JSON on one header line: non-ASCII and control characters as \\u escapes (valid JSON)
	private static String asciiJson(byte[] json) {
		String text = new String(json, StandardCharsets.UTF_8);
		StringBuilder ascii = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				ascii.append(String.format("\\u%04x", (int) c));
			}
			else {
				ascii.append(c);
			}
		}
		return ascii.toString();
	}

}
