package dev.agentauth.merchant.signature;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import dev.agentauth.core.signature.HttpRequestView;

/**
 * A servlet request seen as an RFC 9421 {@link HttpRequestView}. The target URI is rebuilt from the request line
 * and {@code Host}; behind a proxy, enable Spring's forwarded-header handling so it matches what the agent signed.
 *
 * @since 0.1.0
 */
public final class ServletRequestView implements HttpRequestView {

	private final HttpServletRequest request;

	public ServletRequestView(HttpServletRequest request) {
		this.request = Objects.requireNonNull(request, "request cannot be null");
	}

	@Override
	public String method() {
		return this.request.getMethod();
	}

	@Override
	public URI targetUri() {
		StringBuilder uri = new StringBuilder(this.request.getRequestURL());
		String query = this.request.getQueryString();
		if (query != null) {
			uri.append('?').append(query);
		}
		return URI.create(uri.toString());
	}

	@Override
	public List<String> headerValues(String name) {
		return Collections.list(this.request.getHeaders(name));
	}

}
