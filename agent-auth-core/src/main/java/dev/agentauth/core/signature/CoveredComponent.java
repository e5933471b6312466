package dev.agentauth.core.signature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.structured.StructuredFieldWriter;
import dev.agentauth.core.structured.StructuredItem;

/**
 * One covered component of an RFC 9421 signature (§2): a derived component such as {@code @method} or an HTTP
 * field name, with its parameters ({@code sf}, {@code key}, {@code bs}, {@code req}, {@code name}). Immutable;
 * equality is name plus parameters, as RFC 9421 §2 defines component identity.
 *
 * @since 0.1.0
 */
public final class CoveredComponent {

	/** {@code @method} (RFC 9421 §2.2.1). */
	public static final CoveredComponent METHOD = new CoveredComponent("@method", Map.of());

	/** {@code @target-uri} (RFC 9421 §2.2.2). */
	public static final CoveredComponent TARGET_URI = new CoveredComponent("@target-uri", Map.of());

	/** {@code @authority} (RFC 9421 §2.2.3). */
	public static final CoveredComponent AUTHORITY = new CoveredComponent("@authority", Map.of());

	/** {@code @scheme} (RFC 9421 §2.2.4). */
	public static final CoveredComponent SCHEME = new CoveredComponent("@scheme", Map.of());

	/** {@code @request-target} (RFC 9421 §2.2.5). */
	public static final CoveredComponent REQUEST_TARGET = new CoveredComponent("@request-target", Map.of());

	/** {@code @path} (RFC 9421 §2.2.6). */
	public static final CoveredComponent PATH = new CoveredComponent("@path", Map.of());

	/** {@code @query} (RFC 9421 §2.2.7). */
	public static final CoveredComponent QUERY = new CoveredComponent("@query", Map.of());

	/** {@code @status} (RFC 9421 §2.2.9), responses only. */
	public static final CoveredComponent STATUS = new CoveredComponent("@status", Map.of());

	/** The {@code content-digest} field (RFC 9530). */
	public static final CoveredComponent CONTENT_DIGEST = new CoveredComponent("content-digest", Map.of());

	/** The {@code authorization} field, which carries the delegation token. */
	public static final CoveredComponent AUTHORIZATION = new CoveredComponent("authorization", Map.of());

	private static final Set<String> DERIVED = Set.of("@method", "@target-uri", "@authority",
			"@scheme", "@request-target", "@path", "@query", "@query-param", "@status");

	// parameterless components that nearly every signature covers; parsing returns these instances
	private static final Map<String, CoveredComponent> COMMON = Map.of("@method", METHOD, "@target-uri", TARGET_URI,
			"@authority", AUTHORITY, "@scheme", SCHEME, "@path", PATH, "@query", QUERY, "content-digest",
			CONTENT_DIGEST, "authorization", AUTHORIZATION);

	private final String name;

	private final Map<String, Object> parameters;

	private final String serialized;

	private CoveredComponent(String name, Map<String, Object> parameters) {
		this.name = name;
		this.parameters = parameters;
		this.serialized = StructuredFieldWriter.serialize(new StructuredItem(name, parameters));
	}

	/**
	 * A derived component or a field without parameters. Field names are lower-cased (RFC 9421 §2.1).
	 * @param name e.g. {@code @method} or {@code content-type}
	 */
	public static CoveredComponent of(String name) {
		return of(name, Map.of());
	}

	/**
	 * A component with parameters, e.g. {@code of("example-dict", Map.of("key", "a"))}.
	 * @throws IllegalArgumentException if the name or a parameter is not valid for RFC 9421
	 */
	public static CoveredComponent of(String name, Map<String, Object> parameters) {
		Objects.requireNonNull(name, "name cannot be null");
		Objects.requireNonNull(parameters, "parameters cannot be null");
		try {
			return validated(name.startsWith("@") ? name : name.toLowerCase(Locale.ROOT), parameters);
		}
		catch (AgentAuthException ex) {
			throw new IllegalArgumentException(ex.getMessage());
		}
	}

	/** {@code "@query-param";name="..."} (RFC 9421 §2.2.8); {@code name} is given already percent-encoded. */
	public static CoveredComponent queryParam(String name) {
		return of("@query-param", Map.of("name", Objects.requireNonNull(name, "name cannot be null")));
	}

	/** {@code "field";key="member"}: one member of a dictionary field (RFC 9421 §2.1.2). */
	public static CoveredComponent dictionaryMember(String field, String key) {
		return of(field, Map.of("key", Objects.requireNonNull(key, "key cannot be null")));
	}

	/** {@code "field";sf}: a structured field, re-serialized (RFC 9421 §2.1.1). */
	public static CoveredComponent structuredField(String field) {
		return of(field, Map.of("sf", Boolean.TRUE));
	}

	/**
	 * Reads a component identifier from a {@code Signature-Input} inner list member.
	 * @throws AgentAuthException {@code signature_malformed} if it is not a valid RFC 9421 component identifier
	 */
	public static CoveredComponent from(StructuredItem item) throws AgentAuthException {
		if (!(item.value() instanceof String name)) {
			throw malformed("A covered component must be a string");
		}
		if (item.parameters().isEmpty()) {
			CoveredComponent common = COMMON.get(name);
			if (common != null) {
				return common;
			}
		}
		return validated(name, item.parameters());
	}

	/** An RFC 9110 §5.6.2 {@code tchar}: a character of a token (field names, methods). */
	static boolean isTchar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

	private static CoveredComponent validated(String name, Map<String, Object> parameters) throws AgentAuthException {
		if (name.isEmpty()) {
			throw malformed("Empty component name");
		}
		if (name.startsWith("@")) {
			if (!DERIVED.contains(name)) {
				throw malformed("Unknown derived component");
			}
		}
		else {
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (!isTchar(c) || (c >= 'A' && c <= 'Z')) {
					throw malformed("A covered field name must be a lower-case token");
				}
			}
		}
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			Object value = parameter.getValue();
			switch (parameter.getKey()) {
				case "sf", "bs", "req", "tr" -> {
					if (!Boolean.TRUE.equals(value)) {
						throw malformed("Component parameter '" + parameter.getKey() + "' must be a boolean flag");
					}
				}
				case "key", "name" -> {
					if (!(value instanceof String)) {
						throw malformed("Component parameter '" + parameter.getKey() + "' must be a string");
					}
				}
				default -> throw malformed("Unknown component parameter");
			}
		}
		boolean derived = name.startsWith("@");
		if (derived && (parameters.containsKey("sf") || parameters.containsKey("key") || parameters.containsKey("bs")
				|| parameters.containsKey("tr"))) {
			throw malformed("Field parameters on a derived component");
		}
		if (parameters.containsKey("name") != name.equals("@query-param")) {
			throw malformed("'name' goes with @query-param and nothing else");
		}
		if (parameters.containsKey("bs") && (parameters.containsKey("sf") || parameters.containsKey("key"))) {
			throw malformed("'bs' cannot be combined with 'sf' or 'key'");
		}
		return new CoveredComponent(name, Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, message);
	}

	/** The component name: {@code @method}, {@code content-digest}, ... */
	public String name() {
		return this.name;
	}

	/** The parameters in order (unmodifiable). */
	public Map<String, Object> parameters() {
		return this.parameters;
	}

	/** Whether this is a derived component ({@code @...}) rather than an HTTP field. */
	public boolean isDerived() {
		return this.name.startsWith("@");
	}

	/** Whether the component has the boolean flag parameter {@code flag} ({@code sf}, {@code bs}, {@code req}). */
	public boolean hasFlag(String flag) {
		return Boolean.TRUE.equals(this.parameters.get(flag));
	}

	/** The value of a string parameter ({@code key} or {@code name}), or {@code null}. */
	public @Nullable String stringParameter(String parameter) {
		return (this.parameters.get(parameter) instanceof String value) ? value : null;
	}

	StructuredItem toItem() {
		return new StructuredItem(this.name, this.parameters);
	}

	/** The RFC 9421 component identifier, e.g. {@code "@query-param";name="Pet"}. */
	public String serialize() {
		return this.serialized;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof CoveredComponent component) && this.serialized.equals(component.serialized);
	}

	@Override
	public int hashCode() {
		return this.serialized.hashCode();
	}

	@Override
	public String toString() {
		return this.serialized;
	}

}
