package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps signed requests in a {@link CachedBodyRequest}, so the body read for the Content-Digest check is still
 * there for the controller. Nothing is read here; the body is read only after the signature verified.
 *
 * @since 0.1.0
 */
public final class RequestBodyCachingFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!isSigned(request)) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter((cachedBodyRequest(request) != null) ? request : new CachedBodyRequest(request), response);
	}

	// whether the request has a Signature-Input or Signature field; asks for presence only, so Spring Security's
	// firewall does not check the (long) values here as well as when they are parsed
	static boolean isSigned(HttpServletRequest request) {
		return hasField(request, "Signature-Input") || hasField(request, "Signature");
	}

	private static boolean hasField(HttpServletRequest request, String name) {
		Enumeration<String> values = request.getHeaders(name);
		return values != null && values.hasMoreElements();
	}

	static @Nullable CachedBodyRequest cachedBodyRequest(ServletRequest request) {
		ServletRequest current = request;
		while (true) {
			if (current instanceof CachedBodyRequest cached) {
				return cached;
			}
			if (!(current instanceof ServletRequestWrapper wrapper)) {
				return null;
			}
			current = wrapper.getRequest();
		}
	}

}
