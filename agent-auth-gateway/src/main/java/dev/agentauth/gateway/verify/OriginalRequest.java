package dev.agentauth.gateway.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * The request a proxy asks about, rebuilt from the check request it sends to the verify endpoint: its method,
 * path and query, its client address and, when the proxy sends no body (nginx), whether it has one. Header fields
 * are the check request's own (both proxies pass the original ones through).
 */
final class OriginalRequest extends HttpServletRequestWrapper {

	static final String ORIGINAL_METHOD = "X-Original-Method";

	static final String ORIGINAL_URI = "X-Original-URI";

	static final String ORIGINAL_CONTENT_LENGTH = "X-Original-Content-Length";

	static final String ORIGINAL_TRANSFER_ENCODING = "X-Original-Transfer-Encoding";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final String method;

	private final String path;

	private final @Nullable String query;

	private final boolean bodyElsewhere;

	// the original request's body length (bodyElsewhere), -1 when unknown
	private final long contentLength;

	// whether the original request's body is chunked or of unknown length (bodyElsewhere)
	private final boolean transferEncoding;

	private OriginalRequest(HttpServletRequest check, String method, String path, @Nullable String query,
			boolean bodyElsewhere, long contentLength, boolean transferEncoding) {
		super(check);
		this.method = method;
		this.path = path;
		this.query = query;
		this.bodyElsewhere = bodyElsewhere;
		this.contentLength = contentLength;
		this.transferEncoding = transferEncoding;
	}

	/**
	 * nginx {@code auth_request}: {@code X-Original-Method}, {@code X-Original-URI} (path and query as the client
	 * sent them) and no body. Whether the original request has a body comes from {@code X-Original-Content-Length}
	 * or {@code X-Original-Transfer-Encoding}; without either, an unsafe method is taken to have one (so its
	 * signature must cover a Content-Digest: fail closed).
	 * @return null when the check request lacks the two fields or they are malformed
	 */
	static @Nullable OriginalRequest fromNginx(HttpServletRequest check) {
		String method = check.getHeader(ORIGINAL_METHOD);
		String uri = check.getHeader(ORIGINAL_URI);
		if (method == null || uri == null || !method.matches("[A-Z]{1,16}") || !uri.startsWith("/")) {
			return null;
		}
		int question = uri.indexOf('?');
		String path = (question >= 0) ? uri.substring(0, question) : uri;
		String query = (question >= 0) ? uri.substring(question + 1) : null;
		long length = -1;
		String declared = check.getHeader(ORIGINAL_CONTENT_LENGTH);
		if (declared != null && !declared.isEmpty()) {
			try {
				length = Long.parseLong(declared);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		String transferEncoding = check.getHeader(ORIGINAL_TRANSFER_ENCODING);
		boolean chunked = transferEncoding != null && !transferEncoding.isEmpty();
		if (length < 0 && !chunked && !SAFE_METHODS.contains(method)) {
			// nginx could not tell (e.g. HTTP/2 without content-length): assume a body
			chunked = true;
		}
		return new OriginalRequest(check, method, path, query, true, length, chunked);
	}

	/**
	 * Envoy {@code ext_authz} (HTTP service): the check request has the original method, the original path and
	 * query behind {@code prefix}, and the body when {@code with_request_body} is set.
	 * @return null when the path does not start with {@code prefix + "/"}
	 */
	static @Nullable OriginalRequest fromEnvoy(HttpServletRequest check, String prefix) {
		String uri = check.getRequestURI();
		if (!uri.startsWith(prefix + "/")) {
			return null;
		}
		return new OriginalRequest(check, check.getMethod(), uri.substring(prefix.length()), check.getQueryString(),
				false, check.getContentLengthLong(), false);
	}

	/** Whether the body is not here (nginx): its digest is then left to the upstream. */
	boolean bodyElsewhere() {
		return this.bodyElsewhere;
	}

	/** Whether the original request has a body, as far as the check request tells. */
	boolean hasBody() {
		return getContentLengthLong() > 0 || getHeader("Transfer-Encoding") != null;
	}

	@Override
	public String getMethod() {
		return this.method;
	}

	@Override
	public String getRequestURI() {
		return this.path;
	}

	@Override
	public String getServletPath() {
		return this.path;
	}

	@Override
	public @Nullable String getPathInfo() {
		return null;
	}

	@Override
	public @Nullable String getQueryString() {
		return this.query;
	}

	@Override
	public StringBuffer getRequestURL() {
		StringBuffer url = new StringBuffer();
		url.append(getScheme()).append("://").append(getServerName()).append(':').append(getServerPort())
			.append(this.path);
		return url;
	}

	/** The client's address as the proxy saw it ({@code X-Real-IP}), for the audit line and the risk rules. */
	@Override
	public String getRemoteAddr() {
		String realIp = super.getHeader("X-Real-IP");
		return (realIp != null && realIp.matches("[0-9A-Fa-f.:]{2,45}")) ? realIp : super.getRemoteAddr();
	}

	@Override
	public long getContentLengthLong() {
		return this.bodyElsewhere ? this.contentLength : super.getContentLengthLong();
	}

	@Override
	public int getContentLength() {
		long length = getContentLengthLong();
		return (length > Integer.MAX_VALUE) ? -1 : (int) length;
	}

	@Override
	public @Nullable String getHeader(String name) {
		List<String> values = bodyFieldValues(name);
		if (values != null) {
			return values.isEmpty() ? null : values.get(0);
		}
		return super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		List<String> values = bodyFieldValues(name);
		return (values != null) ? Collections.enumeration(values) : super.getHeaders(name);
	}

	// Content-Length and Transfer-Encoding of the original request, when its body is elsewhere; else null
	private @Nullable List<String> bodyFieldValues(String name) {
		if (!this.bodyElsewhere) {
			return null;
		}
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.equals("content-length")) {
			return (this.contentLength >= 0) ? List.of(Long.toString(this.contentLength)) : List.of();
		}
		if (lower.equals("transfer-encoding")) {
			return this.transferEncoding ? List.of("chunked") : List.of();
		}
		return null;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (!this.bodyElsewhere) {
			return super.getInputStream();
		}
		ByteArrayInputStream empty = new ByteArrayInputStream(new byte[0]);
		return new ServletInputStream() {

			@Override
			public int read() {
				return empty.read();
			}

			@Override
			public boolean isFinished() {
				return true;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException();
			}

		};
	}

}
