package dev.agentauth.gateway.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Forwards the request as the client sent it, where Spring Cloud Gateway MVC would change it:
 * <ul>
 * <li>the query string byte for byte (the gateway rebuilds it from the decoded parameters, which reorders and
 * re-encodes them and, for form posts, adds the form fields; an upstream that checks the agent's signature itself,
 * over {@code @target-uri} or {@code @query}, would then fail);</li>
 * <li>the body's framing: a request that came with {@code Content-Length} goes on with the same
 * {@code Content-Length} (the gateway drops it, and the body would then be sent chunked, which an upstream that
 * reads only {@code Content-Length}, such as Python's {@code http.server}, reads as empty);</li>
 * <li>no hop-by-hop field of the client's connection (RFC 9110 §7.6.1): {@code Connection} and every field it
 * names, {@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade},
 * {@code HTTP2-Settings} and {@code Proxy-*}.</li>
 * </ul>
 * The HTTP client itself speaks HTTP/1.1 to the upstream and never asks to upgrade (see the gateway's
 * configuration).
 *
 * @since 0.1.0
 */
public final class AsSentProxyExchange implements ProxyExchange {

	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer",
			"transfer-encoding", "upgrade", "http2-settings");

	private final ProxyExchange delegate;

	public AsSentProxyExchange(ProxyExchange delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
	}

	@Override
	public org.springframework.web.servlet.function.ServerResponse exchange(Request request) {
		HttpServletRequest servletRequest = request.getServerRequest().servletRequest();
		URI exact = withQuery(request.getUri(), servletRequest.getQueryString());
		return this.delegate.exchange(new AsSentRequest(request, (exact != null) ? exact : request.getUri(),
				headers(request.getHeaders(), servletRequest)));
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

	/** The gateway's upstream fields without any hop-by-hop field, with the client's Content-Length. */
	static HttpHeaders headers(HttpHeaders gateway, HttpServletRequest client) {
		Set<String> hopByHop = new HashSet<>(HOP_BY_HOP);
		Enumeration<String> connection = client.getHeaders(HttpHeaders.CONNECTION);
		while (connection != null && connection.hasMoreElements()) {
			for (String option : connection.nextElement().split(",")) {
				hopByHop.add(option.trim().toLowerCase(Locale.ROOT));
			}
		}
		HttpHeaders headers = new HttpHeaders();
		gateway.forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!hopByHop.contains(lower) && !lower.startsWith("proxy-") && !lower.equals("content-length")) {
				headers.addAll(name, values);
			}
		});
		long length = client.getContentLengthLong();
		if (length >= 0 && client.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
			headers.setContentLength(length);
		}
		return headers;
	}

	private record AsSentRequest(Request request, URI uri, HttpHeaders headers) implements Request {

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
			return this.headers;
		}

	}

}
