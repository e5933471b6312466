package dev.agentauth.gateway.proxy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a failed upstream call as RFC 9457 problem+json, in the same shape as the starter's refusals: 502
 * {@code upstream_unavailable} (connection refused, unknown host, I/O error) or 504 {@code upstream_timeout}.
 * The cause is logged, never sent to the client. When the request may have reached the upstream (anything but a
 * failure to connect), the request attribute {@link #OUTCOME_UNKNOWN} is set: the upstream may have acted on it.
 *
 * @since 0.1.0
 */
public final class UpstreamErrorResolver implements HandlerExceptionResolver, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(UpstreamErrorResolver.class);

	/** Request attribute ({@code Boolean.TRUE}) set when an upstream call failed after the request may have been sent. */
	public static final String OUTCOME_UNKNOWN = UpstreamErrorResolver.class.getName() + ".OUTCOME_UNKNOWN";

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!(ex instanceof ResourceAccessException) && !(ex instanceof IOException)) {
			return null;
		}
		boolean timeout = isTimeout(ex);
		if (!isConnectFailure(ex)) {
			request.setAttribute(OUTCOME_UNKNOWN, Boolean.TRUE);
		}
		logger.warn("Upstream call failed for {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		if (response.isCommitted()) {
			// the upstream failed half-way through its answer; nothing sensible can be added now
			return new ModelAndView();
		}
		try {
			response.reset();
			write(response, timeout ? 504 : 502, timeout ? "upstream_timeout" : "upstream_unavailable",
					timeout ? "Gateway Timeout" : "Bad Gateway",
					timeout ? "The upstream service did not answer in time" : "The upstream service cannot be reached");
		}
		catch (IOException io) {
			logger.debug("Could not write the upstream error", io);
		}
		return new ModelAndView();
	}

	private static boolean isTimeout(Throwable ex) {
		if (isConnectFailure(ex)) {
			return false;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException
					|| cause instanceof InterruptedIOException) {
				return true;
			}
		}
		return false;
	}

	// the request never left the gateway: no connection to the upstream
	private static boolean isConnectFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof HttpConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/** Writes a problem+json body {@code {type, title, status, detail, code}}. */
	public static void write(HttpServletResponse response, int status, String code, String title, String detail)
			throws IOException {
		String body = "{\"type\":\"urn:agentauth:error:" + code + "\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
