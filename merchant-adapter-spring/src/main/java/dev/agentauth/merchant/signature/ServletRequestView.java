package dev.agentauth.merchant.signature;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.signature.HttpRequestView;
import dev.agentauth.core.signature.TargetUri;

/**
 * A servlet request seen as an RFC 9421 {@link HttpRequestView}. The target URI is the request line's path and
 * query under either a configured public base URI (scheme and authority the agents address, e.g.
 * {@code https://shop.example.com}, the same for every instance behind it) or, without one, the scheme and
 * {@code Host} the request arrived with; behind a proxy without a public base URI, enable Spring's
 * forwarded-header handling so it matches what the agent signed. The target URI is built once per view, and each
 * header field is read once per view. A view belongs to one request and is not thread-safe.
 *
 * @since 0.1.0
 */
public final class ServletRequestView implements HttpRequestView {

	private final HttpServletRequest request;

	// scheme and authority from a configured public base URI, or null for the request's own
	private final @Nullable URI publicBase;

	private @Nullable TargetUri targetUriParts;

	private @Nullable URI targetUri;

	// header values read so far (a view serves one request on one thread): names as asked, values as read
	@SuppressWarnings("unchecked")
	private List<String>[] cachedValues = new List[8];

	private String[] cachedNames = new String[8];

	private int cachedCount;

	public ServletRequestView(HttpServletRequest request) {
		this(null, request);
	}

	/**
	 * @param publicBaseUri scheme and authority to use instead of the request's own, e.g.
	 * {@code https://shop.example.com}; {@code null} for the request's own (see {@link #publicBaseUri(URI)})
	 */
	public ServletRequestView(HttpServletRequest request, @Nullable URI publicBaseUri) {
		this((publicBaseUri != null) ? publicBaseUri(publicBaseUri) : null, request);
	}

	// for a base already normalized by publicBaseUri(URI), once at configuration time
	static ServletRequestView withNormalizedBase(HttpServletRequest request, @Nullable URI normalizedBase) {
		return new ServletRequestView(normalizedBase, request);
	}

	private ServletRequestView(@Nullable URI normalizedBase, HttpServletRequest request) {
		this.request = Objects.requireNonNull(request, "request cannot be null");
		this.publicBase = normalizedBase;
	}

	/**
	 * Checks and normalizes a public base URI: absolute {@code http} or {@code https} with a host, without user
	 * info, path (other than {@code /}), query or fragment; returned without a trailing {@code /}.
	 * @throws IllegalArgumentException if it is not such a URI
	 */
	public static URI publicBaseUri(URI uri) {
		Objects.requireNonNull(uri, "uri cannot be null");
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		String path = uri.getRawPath();
		if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || uri.getRawUserInfo() != null
				|| (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			throw new IllegalArgumentException("The public base URI must be http(s)://host[:port] without a path, "
					+ "query or fragment, e.g. https://shop.example.com");
		}
		return URI.create(scheme + "://" + uri.getRawAuthority());
	}

	@Override
	public String method() {
		return this.request.getMethod();
	}

	@Override
	public URI targetUri() {
		URI uri = this.targetUri;
		if (uri == null) {
			uri = URI.create(targetUriParts().toString());
			this.targetUri = uri;
		}
		return uri;
	}

	/**
	 * The target URI's parts straight from the servlet request (scheme, server name and port, or those of the
	 * public base URI; request URI and query string as sent), without writing and parsing a URI text.
	 */
	@Override
	public TargetUri targetUriParts() {
		TargetUri parts = this.targetUriParts;
		if (parts == null) {
			if (this.publicBase != null) {
				parts = new TargetUri(this.publicBase.getScheme(), this.publicBase.getHost(), this.publicBase.getPort(),
						this.request.getRequestURI(), this.request.getQueryString());
			}
			else {
				parts = new TargetUri(this.request.getScheme(), this.request.getServerName(),
						this.request.getServerPort(), this.request.getRequestURI(), this.request.getQueryString());
			}
			this.targetUriParts = parts;
		}
		return parts;
	}

	/**
	 * The field's values, read from the request once per view and name (case-insensitive): behind Spring
	 * Security's {@code StrictHttpFirewall} every read checks the name and each value against its patterns again,
	 * and verification asks for some fields more than once.
	 */
	@Override
	public List<String> headerValues(String name) {
		for (int i = 0; i < this.cachedCount; i++) {
			if (this.cachedNames[i].equalsIgnoreCase(name)) {
				return this.cachedValues[i];
			}
		}
		List<String> values = readHeaderValues(name);
		if (this.cachedCount == this.cachedNames.length) {
			this.cachedNames = Arrays.copyOf(this.cachedNames, this.cachedCount * 2);
			this.cachedValues = Arrays.copyOf(this.cachedValues, this.cachedCount * 2);
		}
		this.cachedNames[this.cachedCount] = name;
		this.cachedValues[this.cachedCount] = values;
		this.cachedCount++;
		return values;
	}

	private List<String> readHeaderValues(String name) {
		Enumeration<String> values = this.request.getHeaders(name);
		if (values == null || !values.hasMoreElements()) {
			return List.of();
		}
		String first = values.nextElement();
		if (!values.hasMoreElements()) {
			return List.of(first);
		}
		List<String> all = new ArrayList<>(4);
		all.add(first);
		while (values.hasMoreElements()) {
			all.add(values.nextElement());
		}
		// cached and handed out again: nobody may change it
		return Collections.unmodifiableList(all);
	}

	/**
	 * The first value of the field, or {@code null}; from the same per-view cache as {@link #headerValues} (as is
	 * {@link #hasHeader}, the interface's default).
	 */
	public @Nullable String firstHeaderValue(String name) {
		List<String> values = headerValues(name);
		return values.isEmpty() ? null : values.get(0);
	}

}
