package dev.agentauth.core.signature;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable {@link HttpRequestView} built in code, for clients and tests.
 *
 * <pre>
 * HttpRequestView request = SimpleHttpRequest.builder()
 *     .method("POST")
 *     .uri("https://shop.example/orders")
 *     .header("Content-Type", "application/json")
 *     .build();
 * </pre>
 *
 * @since 0.1.0
 */
public final class SimpleHttpRequest implements HttpRequestView {

	private final String method;

	private final URI targetUri;

	// lower-case field name -> field lines in order
	private final Map<String, List<String>> headers;

	private SimpleHttpRequest(String method, URI targetUri, Map<String, List<String>> headers) {
		this.method = method;
		this.targetUri = targetUri;
		this.headers = headers;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder that starts with a copy of this request. */
	public Builder toBuilder() {
		Builder builder = new Builder().method(this.method).uri(this.targetUri);
		this.headers.forEach((name, values) -> builder.headers.put(name, new ArrayList<>(values)));
		return builder;
	}

	@Override
	public String method() {
		return this.method;
	}

	@Override
	public URI targetUri() {
		return this.targetUri;
	}

	@Override
	public List<String> headerValues(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null) ? values : List.of();
	}

	/** All fields: lower-case name to field lines, in insertion order. */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	@Override
	public String toString() {
		return "SimpleHttpRequest[" + this.method + " " + this.targetUri + "]";
	}

	/**
	 * Builds a {@link SimpleHttpRequest}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private String method = "GET";

		private URI uri;

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder method(String method) {
			this.method = Objects.requireNonNull(method, "method cannot be null");
			return this;
		}

		public Builder uri(URI uri) {
			Objects.requireNonNull(uri, "uri cannot be null");
			if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
				throw new IllegalArgumentException("uri must be absolute with an authority");
			}
			this.uri = uri;
			return this;
		}

		public Builder uri(String uri) {
			return uri(URI.create(Objects.requireNonNull(uri, "uri cannot be null")));
		}

		/** Adds one field line (repeated calls for the same name add more lines). */
		public Builder header(String name, String value) {
			Objects.requireNonNull(name, "name cannot be null");
			Objects.requireNonNull(value, "value cannot be null");
			this.headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), (key) -> new ArrayList<>()).add(value);
			return this;
		}

		/** Replaces all lines of a field with one line. */
		public Builder setHeader(String name, String value) {
			removeHeader(name);
			return header(name, value);
		}

		public Builder removeHeader(String name) {
			this.headers.remove(Objects.requireNonNull(name, "name cannot be null").toLowerCase(Locale.ROOT));
			return this;
		}

		public SimpleHttpRequest build() {
			if (this.uri == null) {
				throw new IllegalStateException("uri is required");
			}
			Map<String, List<String>> copy = new LinkedHashMap<>();
			this.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
			return new SimpleHttpRequest(this.method, this.uri, Collections.unmodifiableMap(copy));
		}

	}

}
