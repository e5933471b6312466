package dev.agentauth.core.structured;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Serializes RFC 8941 values (RFC 8941 §4.1). The output is the canonical form, so parsing then writing a
 * value re-serializes it as RFC 9421 §2.1.1 requires for {@code ;sf} components.
 *
 * @since 0.1.0
 */
public final class StructuredFieldWriter {

	private static final long MAX_INTEGER = 999_999_999_999_999L;

	private StructuredFieldWriter() {
	}

	/** Serializes a dictionary (RFC 8941 §4.1.2). */
	public static String serializeDictionary(Map<String, ? extends StructuredMember> dictionary) {
		StringBuilder out = new StringBuilder();
		for (Map.Entry<String, ? extends StructuredMember> entry : dictionary.entrySet()) {
			if (!out.isEmpty()) {
				out.append(", ");
			}
			checkKey(entry.getKey());
			out.append(entry.getKey());
			StructuredMember member = entry.getValue();
			if (member instanceof StructuredItem item && Boolean.TRUE.equals(item.value())) {
				appendParameters(out, item.parameters());
			}
			else {
				out.append('=');
				appendMember(out, member);
			}
		}
		return out.toString();
	}

	/** Serializes a list (RFC 8941 §4.1.1). */
	public static String serializeList(List<? extends StructuredMember> list) {
		StringBuilder out = new StringBuilder();
		for (StructuredMember member : list) {
			if (!out.isEmpty()) {
				out.append(", ");
			}
			appendMember(out, member);
		}
		return out.toString();
	}

	/** Serializes one item or inner list with its parameters. */
	public static String serialize(StructuredMember member) {
		StringBuilder out = new StringBuilder();
		appendMember(out, member);
		return out.toString();
	}

	/** Serializes parameters (RFC 8941 §4.1.1.2), e.g. {@code ;created=1;keyid="k"}; empty for none. */
	public static String serializeParameters(Map<String, Object> parameters) {
		StringBuilder out = new StringBuilder();
		appendParameters(out, parameters);
		return out.toString();
	}

	/** Serializes a bare item without parameters (RFC 8941 §4.1.3.1). */
	public static String serializeBareItem(Object value) {
		StringBuilder out = new StringBuilder();
		appendBareItem(out, value);
		return out.toString();
	}

	static void appendMember(StringBuilder out, StructuredMember member) {
		if (member instanceof StructuredInnerList list) {
			out.append('(');
			boolean first = true;
			for (StructuredItem item : list.items()) {
				if (!first) {
					out.append(' ');
				}
				first = false;
				appendBareItem(out, item.value());
				appendParameters(out, item.parameters());
			}
			out.append(')');
			appendParameters(out, list.parameters());
		}
		else {
			StructuredItem item = (StructuredItem) member;
			appendBareItem(out, item.value());
			appendParameters(out, item.parameters());
		}
	}

	static void appendParameters(StringBuilder out, Map<String, Object> parameters) {
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			out.append(';').append(parameter.getKey());
			if (!Boolean.TRUE.equals(parameter.getValue())) {
				out.append('=');
				appendBareItem(out, parameter.getValue());
			}
		}
	}

	static void appendBareItem(StringBuilder out, Object value) {
		switch (value) {
			case Long integer -> {
				checkBareItem(integer);
				out.append(integer.longValue());
			}
			case Integer integer -> out.append(integer.intValue());
			case BigDecimal decimal -> out.append(decimal(decimal));
			case String string -> appendString(out, string);
			case Token token -> out.append(token.value());
			case ByteSequence bytes -> out.append(':')
				.append(Base64.getEncoder().encodeToString(bytes.unsafeBytes()))
				.append(':');
			case Boolean bool -> out.append(bool ? "?1" : "?0");
			default -> throw new IllegalArgumentException("Not a bare item: " + value.getClass().getName());
		}
	}

	private static String decimal(BigDecimal value) {
		BigDecimal rounded = value.setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
		if (rounded.abs().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) >= 0) {
			throw new IllegalArgumentException("Decimal out of range");
		}
		String text = rounded.toPlainString();
		return text.contains(".") ? text : text + ".0";
	}

	private static void appendString(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				throw new IllegalArgumentException("String contains a character outside printable ASCII");
			}
			if (c == '"' || c == '\\') {
				out.append('\\');
			}
			out.append(c);
		}
		out.append('"');
	}

	static void checkKey(String key) {
		if (key == null || key.isEmpty()) {
			throw new IllegalArgumentException("Empty key");
		}
		char first = key.charAt(0);
		if (!(StructuredFieldParser.isLowerAlpha(first) || first == '*')) {
			throw new IllegalArgumentException("Invalid key: " + key);
		}
		for (int i = 1; i < key.length(); i++) {
			char c = key.charAt(i);
			if (!(StructuredFieldParser.isLowerAlpha(c) || StructuredFieldParser.isDigit(c) || c == '_' || c == '-'
					|| c == '.' || c == '*')) {
				throw new IllegalArgumentException("Invalid key: " + key);
			}
		}
	}

	static void checkBareItem(Object value) {
		switch (value) {
			case Long integer -> {
				if (integer > MAX_INTEGER || integer < -MAX_INTEGER) {
					throw new IllegalArgumentException("Integer out of range");
				}
			}
			case Integer integer -> {
			}
			case BigDecimal decimal -> {
			}
			case String string -> {
				for (int i = 0; i < string.length(); i++) {
					char c = string.charAt(i);
					if (c < 0x20 || c > 0x7E) {
						throw new IllegalArgumentException("String contains a character outside printable ASCII");
					}
				}
			}
			case Token token -> {
			}
			case ByteSequence bytes -> {
			}
			case Boolean bool -> {
			}
			default -> throw new IllegalArgumentException("Not a bare item: " + value.getClass().getName());
		}
	}

}
