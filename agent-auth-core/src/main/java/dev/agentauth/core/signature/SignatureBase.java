package dev.agentauth.core.signature;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.structured.StructuredFieldException;
import dev.agentauth.core.structured.StructuredFieldParser;
import dev.agentauth.core.structured.StructuredFieldWriter;
import dev.agentauth.core.structured.StructuredItem;
import dev.agentauth.core.structured.StructuredMember;

/**
 * The RFC 9421 §2.5 signature base: one line {@code "<component>": <value>} per covered component, in order,
 * then the {@code "@signature-params"} line; lines separated by LF, no trailing LF. Signer and verifier build
 * it the same way, so this class is the single place where components get their values.
 * <p>
 * Derived components (§2.2): {@code @method}, {@code @target-uri}, {@code @authority}, {@code @scheme},
 * {@code @request-target}, {@code @path}, {@code @query}, {@code @query-param;name=}, and {@code @status} for
 * responses. URI-derived values are normalized the same way on both sides: scheme and host lower case, default
 * port omitted, empty path as {@code /}, no fragment or user info. HTTP fields (§2.1): field lines trimmed,
 * obsolete line folding replaced by a space, lines joined with {@code ", "}; with {@code ;sf} re-serialized as a
 * known structured field, with {@code ;key} the named dictionary member, with {@code ;bs} each line as a byte
 * sequence. The text is encoded as ISO-8859-1, i.e. one byte per character as the field bytes arrived.
 *
 * @since 0.1.0
 */
public final class SignatureBase {

	// Fields whose RFC 8941 type is known, for ;sf and ;key (RFC 9421 §2.1.1: the verifier must know the type).
	private static final Map<String, Character> STRUCTURED_FIELD_TYPES = Map.ofEntries(
			Map.entry("signature-input", 'd'), Map.entry("signature", 'd'), Map.entry("accept-signature", 'd'),
			Map.entry("content-digest", 'd'), Map.entry("repr-digest", 'd'), Map.entry("want-content-digest", 'd'),
			Map.entry("want-repr-digest", 'd'), Map.entry("priority", 'd'), Map.entry("cdn-cache-control", 'd'),
			Map.entry("example-dict", 'd'), Map.entry("cache-status", 'l'), Map.entry("proxy-status", 'l'),
			Map.entry("accept-ch", 'l'), Map.entry("example-list", 'l'), Map.entry("example-item", 'i'));

	private final String text;

	private SignatureBase(String text) {
		this.text = text;
	}

	/**
	 * Builds the signature base of a request.
	 * @throws AgentAuthException {@code component_missing} if a covered field or query parameter is absent,
	 * {@code signature_malformed} if a component cannot apply to a request (e.g. {@code @status}, {@code ;req})
	 * or a structured field cannot be parsed
	 */
	public static SignatureBase of(HttpRequestView request, SignatureParameters parameters) throws AgentAuthException {
		Objects.requireNonNull(request, "request cannot be null");
		Objects.requireNonNull(parameters, "parameters cannot be null");
		StringBuilder base = new StringBuilder(256);
		@Nullable TargetUri targetUri = null;
		for (CoveredComponent component : parameters.components()) {
			if (component.hasFlag("req")) {
				throw malformed("';req' applies to response signatures only");
			}
			if (component.equals(CoveredComponent.STATUS)) {
				throw malformed("@status applies to responses only");
			}
			if (targetUri == null && usesTargetUri(component)) {
				targetUri = request.targetUriParts();
			}
			appendLine(base, component, targetUri, request.method(), request::headerValues);
		}
		return finish(base, parameters);
	}

	/**
	 * Builds the signature base of a response (RFC 9421 §2.2.9, §2.4). Components flagged {@code ;req} come from
	 * {@code request}.
	 * @throws AgentAuthException see {@link #of(HttpRequestView, SignatureParameters)}
	 */
	public static SignatureBase of(HttpResponseView response, @Nullable HttpRequestView request,
			SignatureParameters parameters) throws AgentAuthException {
		Objects.requireNonNull(response, "response cannot be null");
		Objects.requireNonNull(parameters, "parameters cannot be null");
		StringBuilder base = new StringBuilder(256);
		for (CoveredComponent component : parameters.components()) {
			if (component.hasFlag("req")) {
				if (request == null) {
					throw new AgentAuthException(ErrorCode.COMPONENT_MISSING,
							"Component " + component + " needs the request");
				}
				appendLine(base, component, request.targetUriParts(), request.method(), request::headerValues);
			}
			else if (component.equals(CoveredComponent.STATUS)) {
				appendIdentifier(base, component).append(String.format(Locale.ROOT, "%03d", response.status()))
					.append('\n');
			}
			else if (component.isDerived()) {
				throw malformed("Request component " + component.name() + " in a response signature without ';req'");
			}
			else {
				appendLine(base, component, null, null, response::headerValues);
			}
		}
		return finish(base, parameters);
	}

	// derived components other than @method are computed from the target URI, which is built once per base
	private static boolean usesTargetUri(CoveredComponent component) {
		return component.isDerived() && !component.equals(CoveredComponent.METHOD);
	}

	private static SignatureBase finish(StringBuilder base, SignatureParameters parameters) throws AgentAuthException {
		base.append("\"@signature-params\": ").append(parameters.serialize());
		requireBytes(base);
		return new SignatureBase(base.toString());
	}

	// The base is signed as ISO-8859-1 bytes (HTTP field values are bytes; servlet containers hand them over as
	// ISO-8859-1). A character above U+00FF has no such byte and would be signed as '?', so two different requests
	// would share one base (found by SignatureFuzzTests#mutatedSignedRequestIsNeverAccepted: "/orders\u7465coupon"
	// verified with the signature of "/orders?coupon"). Refuse it.
	private static void requireBytes(CharSequence text) throws AgentAuthException {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 0xFF) {
				throw malformed("A covered component contains a character that is not a single byte");
			}
		}
	}

	private static void appendLine(StringBuilder base, CoveredComponent component, @Nullable TargetUri uri,
			@Nullable String method, Function<String, List<String>> fields) throws AgentAuthException {
		if (component.isDerived()) {
			if (component.name().equals("@query-param")) {
				String name = Objects.requireNonNull(component.stringParameter("name"));
				List<String> values = queryParameter(Objects.requireNonNull(uri), name);
				if (values.isEmpty()) {
					throw new AgentAuthException(ErrorCode.COMPONENT_MISSING,
							"Covered query parameter '" + name + "' is absent");
				}
				// RFC 9421 §2.2.8: a parameter name that occurs more than once must not be covered by name (its
				// values could be reordered or split); such requests cover the whole query with @query instead
				if (values.size() > 1) {
					throw new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, "Query parameter '" + name
							+ "' occurs more than once and cannot be covered by name; cover @query instead");
				}
				appendIdentifier(base, component).append(values.get(0)).append('\n');
				return;
			}
			String value = component.equals(CoveredComponent.METHOD) ? requireToken(Objects.requireNonNull(method))
					: derived(component.name(), Objects.requireNonNull(uri), Objects.requireNonNull(method));
			appendIdentifier(base, component).append(value).append('\n');
			return;
		}
		if (component.hasFlag("tr")) {
			throw malformed("Trailer fields (';tr') are not supported");
		}
		List<String> lines = fields.apply(component.name());
		if (lines == null || lines.isEmpty()) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING,
					"Covered field '" + component.name() + "' is absent");
		}
		appendIdentifier(base, component).append(fieldValue(component, lines)).append('\n');
	}

	// RFC 9110 §9.1: a method is a token. HTTP/1.1 parsers refuse anything else, but the base must not rely on the
	// host: a line break in the method would add a line to the base (found by
	// SignatureFuzzTests#signatureBaseOfArbitraryComponentsIsBuiltOrRefused: "-as\t\t\t\n\t\t\t\n...").
	private static String requireToken(String method) throws AgentAuthException {
		if (method.isEmpty()) {
			throw malformed("The request method is empty");
		}
		for (int i = 0; i < method.length(); i++) {
			if (!CoveredComponent.isTchar(method.charAt(i))) {
				throw malformed("The request method is not an HTTP token (RFC 9110 §9.1)");
			}
		}
		return method;
	}

	private static StringBuilder appendIdentifier(StringBuilder base, CoveredComponent component) {
		return base.append(component.serialize()).append(": ");
	}

	private static String derived(String name, TargetUri uri, String method) throws AgentAuthException {
		return switch (name) {
			case "@method" -> method;
			case "@target-uri" -> {
				String scheme = scheme(uri);
				yield new StringBuilder(96).append(scheme)
					.append("://")
					.append(authority(uri, scheme))
					.append(path(uri))
					.append(queryPart(uri, false))
					.toString();
			}
			case "@authority" -> authority(uri, scheme(uri));
			case "@scheme" -> scheme(uri);
			case "@request-target" -> path(uri) + queryPart(uri, false);
			case "@path" -> path(uri);
			case "@query" -> queryPart(uri, true);
			default -> throw malformed("Component " + name + " cannot be computed for a request");
		};
	}

	private static String scheme(TargetUri uri) throws AgentAuthException {
		if (uri.scheme() == null) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "The target URI has no scheme");
		}
		return TargetUri.lowerCase(uri.scheme());
	}

	private static String authority(TargetUri uri, String scheme) throws AgentAuthException {
		String host = uri.host();
		if (host == null || host.isEmpty()) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "The target URI has no host");
		}
		host = TargetUri.lowerCase(host);
		int port = uri.port();
		boolean defaultPort = port == -1 || (port == 443 && scheme.equals("https")) || (port == 80 && scheme.equals("http"));
		return defaultPort ? host : host + ":" + port;
	}

	private static String path(TargetUri uri) {
		String path = uri.rawPath();
		return (path == null || path.isEmpty()) ? "/" : path;
	}

	private static String queryPart(TargetUri uri, boolean always) {
		String query = uri.rawQuery();
		if (query == null) {
			return always ? "?" : "";
		}
		return "?" + query;
	}

	private static List<String> queryParameter(TargetUri uri, String encodedName) throws AgentAuthException {
		String query = uri.rawQuery();
		List<String> values = new ArrayList<>(1);
		if (query == null || query.isEmpty()) {
			return values;
		}
		for (String pair : query.split("&", -1)) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			if (reencode(name).equals(encodedName)) {
				values.add(reencode(value));
			}
		}
		return values;
	}

	// RFC 9421 §2.2.8: decode as application/x-www-form-urlencoded, then percent-encode (spaces as %20)
	private static String reencode(String raw) throws AgentAuthException {
		try {
			String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
			return URLEncoder.encode(decoded, StandardCharsets.UTF_8).replace("+", "%20");
		}
		catch (IllegalArgumentException ex) {
			throw malformed("The query string has an invalid percent-encoding");
		}
	}

	private static String fieldValue(CoveredComponent component, List<String> lines) throws AgentAuthException {
		if (component.hasFlag("bs")) {
			StringBuilder value = new StringBuilder();
			for (String line : lines) {
				if (!value.isEmpty()) {
					value.append(", ");
				}
				value.append(':')
					.append(Base64.getEncoder().encodeToString(canonicalLine(line).getBytes(StandardCharsets.ISO_8859_1)))
					.append(':');
			}
			return value.toString();
		}
		String combined;
		if (lines.size() == 1) {
			combined = canonicalLine(lines.get(0));
		}
		else {
			StringBuilder value = new StringBuilder();
			for (String line : lines) {
				if (!value.isEmpty()) {
					value.append(", ");
				}
				value.append(canonicalLine(line));
			}
			combined = value.toString();
		}
		String key = component.stringParameter("key");
		if (key != null) {
			Map<String, StructuredMember> dictionary = dictionary(component.name(), combined);
			StructuredMember member = dictionary.get(key);
			if (member == null) {
				throw new AgentAuthException(ErrorCode.COMPONENT_MISSING,
						"Covered dictionary member '" + key + "' of '" + component.name() + "' is absent");
			}
			return StructuredFieldWriter.serialize(member);
		}
		if (component.hasFlag("sf")) {
			Character type = STRUCTURED_FIELD_TYPES.get(component.name());
			if (type == null) {
				throw malformed("Field '" + component.name() + "' is not a known structured field");
			}
			try {
				return switch (type) {
					case 'd' -> StructuredFieldWriter.serializeDictionary(StructuredFieldParser.parseDictionary(combined));
					case 'l' -> StructuredFieldWriter.serializeList(StructuredFieldParser.parseList(combined));
					default -> {
						StructuredItem item = StructuredFieldParser.parseItem(combined);
						yield StructuredFieldWriter.serialize(item);
					}
				};
			}
			catch (StructuredFieldException ex) {
				throw malformed("Covered structured field '" + component.name() + "' is malformed");
			}
		}
		return combined;
	}

	private static Map<String, StructuredMember> dictionary(String field, String value) throws AgentAuthException {
		Character type = STRUCTURED_FIELD_TYPES.get(field);
		if (type != null && type != 'd') {
			throw malformed("Field '" + field + "' is not a dictionary");
		}
		try {
			return StructuredFieldParser.parseDictionary(value);
		}
		catch (StructuredFieldException ex) {
			throw malformed("Covered field '" + field + "' is not a valid dictionary");
		}
	}

	// RFC 9421 §2.1: trim, and replace obsolete line folding by a single space
	private static String canonicalLine(String line) throws AgentAuthException {
		requireBytes(line);
		String value = line;
		if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
			value = value.replaceAll("\\r?\\n[ \\t]+", " ");
			if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
				throw malformed("A covered field contains a line break");
			}
		}
		int start = 0;
		int end = value.length();
		while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
			start++;
		}
		while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
			end--;
		}
		return (start == 0 && end == value.length()) ? value : value.substring(start, end);
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, message);
	}

	/** The signature base text. Never put it in logs or error messages shown to callers. */
	public String text() {
		return this.text;
	}

	/** The bytes that are signed: the text as ISO-8859-1. */
	public byte[] toBytes() {
		return this.text.getBytes(StandardCharsets.ISO_8859_1);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
