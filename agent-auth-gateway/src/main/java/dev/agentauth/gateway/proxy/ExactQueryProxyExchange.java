package dev.agentauth.gateway.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Forwards the query string exactly as the client sent it. Spring Cloud Gateway MVC rebuilds the upstream query
 * from the decoded request parameters, which reorders them, re-encodes them and, for form posts, adds the form
 * fields; an upstream that checks the agent's signature itself (over {@code @target-uri} or {@code @query}) would
 * then fail, and the request would not be the one the gateway verified.
 *
 * @since 0.1.0
 */
public final class ExactQueryProxyExchange implements ProxyExchange {

	private final ProxyExchange delegate;

	public ExactQueryProxyExchange(ProxyExchange delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
	}

	@Override
	public org.springframework.web.servlet.function.ServerResponse exchange(Request request) {
		URI exact = withQuery(request.getUri(), request.getServerRequest().servletRequest().getQueryString());
		return this.delegate.exchange((exact != null) ? new ExactQueryRequest(request, exact) : request);
	}

	/** The URI with {@code rawQuery} as its query, or null when that is no valid URI (then the gateway's stays). */
	static @Nullable URI withQuery(URI uri, @Nullable String rawQuery) {
		String text = uri.toString();
		int query = text.indexOf('?');
		int fragment = text.indexOf('#');
		String base = text.substring(0, (query >= 0) ? query : (fragment >= 0) ? fragment : text.length());
		try {
			return new URI((rawQuery != null) ? base + "?" + rawQuery : base);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private record ExactQueryRequest(Request request, URI uri) implements Request {

		@Override
		public HttpMethod getMethod() {
			return this.request.getMethod();
		}

		@Override
		public URI getUri() {
			return this.uri;
		}

		@Override
		public ServerRequest getServerRequest() {
			return this.request.getServerRequest();
		}

		@Override
		public Collection<ResponseConsumer> getResponseConsumers() {
			return this.request.getResponseConsumers();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.request.getHeaders();
		}

	}

}
