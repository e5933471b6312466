package dev.agentauth.core.signature.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.signature.CoveredComponent;
import dev.agentauth.core.signature.HttpRequestView;
import dev.agentauth.core.signature.SignatureParameters;
import dev.agentauth.core.structured.StructuredFieldException;
import dev.agentauth.core.structured.StructuredFieldParser;
import dev.agentauth.core.structured.StructuredItem;
import dev.agentauth.core.structured.StructuredMember;

/**
 * The Web Bot Auth {@code Signature-Agent} field: where the signer's key directory is
 * (draft-meunier-webbotauth-httpsig-protocol, "Signature-Agent"; introduced by
 * draft-meunier-http-message-signatures-directory). Two forms exist on the wire:
 * <ul>
 * <li>the dictionary form (RFC 8941 §3.2), {@code Signature-Agent: sig1="https://agent.example"}, covered as
 * {@code "signature-agent";key="sig1"} (RFC 9421 §2.1.2);</li>
 * <li>the earlier string form, {@code Signature-Agent: "https://agent.example"}, covered as
 * {@code "signature-agent"}; a String Item begins with a double quote, a dictionary member key does not.</li>
 * </ul>
 * Each value must be an {@code https} URI; {@code http} only for {@code localhost} and literal loopback addresses,
 * the same exception the registry makes for an agent provider's URL (tests and development), so that a directory
 * the registry can broker can also be named.
 *
 * @since 0.1.0
 */
public final class SignatureAgent {

	/** The field name (lower case, as a covered component). */
	public static final String FIELD = "signature-agent";

	private SignatureAgent() {
	}

	/**
	 * The {@code Signature-Agent} the signature covers, if the request has one: checks the field is covered, is
	 * of one of the two forms, and that the covered value is an {@code https} URI.
	 * @return the directory URI the signature covers, empty when the request has no {@code Signature-Agent}
	 * @throws AgentAuthException {@code component_missing} if the field is present and not covered (or the covered
	 * member is absent), {@code signature_malformed} if it is of neither form or not an {@code https} URI
	 */
	public static Optional<URI> covered(SignatureParameters parameters, HttpRequestView request)
			throws AgentAuthException {
		List<String> lines = request.headerValues(FIELD);
		if (lines.isEmpty()) {
			return Optional.empty();
		}
		CoveredComponent component = null;
		for (CoveredComponent candidate : parameters.components()) {
			if (candidate.name().equals(FIELD)) {
				component = candidate;
				break;
			}
		}
		if (component == null) {
			throw new AgentAuthException(ErrorCode.COMPONENT_MISSING, "The signature must cover Signature-Agent");
		}
		String value = String.join(", ", lines).strip();
		String key = component.stringParameter("key");
		try {
			if (value.startsWith("\"")) {
				if (key != null) {
					throw malformed("Signature-Agent is a string, not a dictionary with member '" + key + "'");
				}
				return Optional.of(https(StructuredFieldParser.parseItem(value)));
			}
			Map<String, StructuredMember> members = StructuredFieldParser.parseDictionary(value);
			if (key == null) {
				// the whole field is covered: every member is signed, all must be URIs
				URI first = null;
				for (StructuredMember member : members.values()) {
					URI uri = https(member);
					first = (first != null) ? first : uri;
				}
				return Optional.ofNullable(first);
			}
			StructuredMember member = members.get(key);
			if (member == null) {
				throw new AgentAuthException(ErrorCode.COMPONENT_MISSING,
						"Covered Signature-Agent member '" + key + "' is absent");
			}
			return Optional.of(https(member));
		}
		catch (StructuredFieldException ex) {
			throw malformed("Signature-Agent is neither an RFC 8941 string nor a dictionary");
		}
	}

	private static URI https(@Nullable StructuredMember member) throws AgentAuthException {
		if (!(member instanceof StructuredItem item) || !(item.value() instanceof String text)) {
			throw malformed("A Signature-Agent value must be a string");
		}
		try {
			URI uri = new URI(text);
			boolean https = "https".equalsIgnoreCase(uri.getScheme());
			boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
					&& isLoopback(uri.getHost());
			if (uri.getHost() == null || !(https || loopbackHttp)) {
				throw malformed("A Signature-Agent value must be an https URI (http only for localhost / loopback)");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw malformed("A Signature-Agent value must be an https URI");
		}
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, message);
	}

	/**
	 * Whether {@code host} (a URI host) is {@code localhost} or a literal loopback address; never a DNS lookup.
	 */
	static boolean isLoopback(String host) {
		String h = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		h = h.toLowerCase(java.util.Locale.ROOT);
		if (h.equals("localhost") || h.endsWith(".localhost")) {
			return true;
		}
		return h.matches("127(\\.[0-9]{1,3}){3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
	}

}
