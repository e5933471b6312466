package dev.agentauth.core.structured;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A strict RFC 8941 (Structured Field Values) parser, following the algorithms of RFC 8941 §4.2. Stricter
 * than the RFC in one respect: a key that occurs twice in a dictionary or a parameter list is an error instead
 * of "last one wins", because in signature and digest fields a silent overwrite would hide an attack.
 * Instances are not reused; use the static methods.
 *
 * @since 0.1.0
 */
public final class StructuredFieldParser {

	private final String input;

	private int position;

	private StructuredFieldParser(String input) {
		this.input = input;
	}

	/**
	 * Parses a dictionary field value (RFC 8941 §4.2.2). Several field lines must be joined with
	 * {@code ", "} first (RFC 8941 §4.2).
	 * @throws StructuredFieldException if the value is not a valid dictionary or repeats a key
	 */
	public static Map<String, StructuredMember> parseDictionary(String value) throws StructuredFieldException {
		Objects.requireNonNull(value, "value cannot be null");
		Map<String, StructuredMember> common = commonDictionary(value);
		return (common != null) ? common : strictDictionary(value);
	}

	// the RFC 8941 §4.2.2 algorithm, for every input
	static Map<String, StructuredMember> strictDictionary(String value) throws StructuredFieldException {
		StructuredFieldParser parser = new StructuredFieldParser(value);
		parser.skipSpaces();
		Map<String, StructuredMember> dictionary = parser.dictionary();
		parser.end();
		return dictionary;
	}

	/**
	 * Parses a list field value (RFC 8941 §4.2.1).
	 * @throws StructuredFieldException if the value is not a valid list
	 */
	public static List<StructuredMember> parseList(String value) throws StructuredFieldException {
		StructuredFieldParser parser = new StructuredFieldParser(Objects.requireNonNull(value, "value cannot be null"));
		parser.skipSpaces();
		List<StructuredMember> list = parser.list();
		parser.end();
		return list;
	}

	/**
	 * Parses an item field value (RFC 8941 §4.2.3).
	 * @throws StructuredFieldException if the value is not a valid item
	 */
	public static StructuredItem parseItem(String value) throws StructuredFieldException {
		StructuredFieldParser parser = new StructuredFieldParser(Objects.requireNonNull(value, "value cannot be null"));
		parser.skipSpaces();
		StructuredItem item = parser.item();
		parser.end();
		return item;
	}

	/*
	 * The fast path for the dictionaries our clients send, parsed in one pass without the strict parser's
	 * per-character work: exactly one member, either an inner list of plain strings (no escapes, no parameters on
	 * them, one space between them) with parameters that are integers or plain strings, as in Signature-Input
	 * (sig1=("@method" "@path");created=1;keyid="k"), or a byte sequence without parameters, as in Signature and
	 * Content-Digest (sig1=:base64:). No whitespace anywhere outside strings. It returns what strictDictionary
	 * returns for the same input, or null ("declined") at the first character outside this shape, leaving the
	 * input to strictDictionary (which then accepts or refuses it); it never refuses anything itself. The
	 * differential tests and fuzz target hold it to that.
	 */
	static @Nullable Map<String, StructuredMember> commonDictionary(String input) {
		int length = input.length();
		int position = keyEnd(input, 0);
		if (position < 0 || position >= length - 1 || input.charAt(position) != '=') {
			return null;
		}
		String key = input.substring(0, position);
		position++;
		StructuredMember member;
		char first = input.charAt(position);
		if (first == ':') {
			int start = position + 1;
			int end = start;
			while (end < length && isBase64Char(input.charAt(end))) {
				end++;
			}
			if (end != length - 1 || input.charAt(end) != ':') {
				return null;
			}
			byte[] bytes;
			try {
				bytes = Base64.getDecoder().decode(input.substring(start, end));
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			member = new StructuredItem(ByteSequence.wrap(bytes), Map.of());
		}
		else if (first == '(') {
			position++;
			List<StructuredItem> items = new ArrayList<>(8);
			while (position < length && input.charAt(position) != ')') {
				if (!items.isEmpty()) {
					if (input.charAt(position) != ' ') {
						return null;
					}
					position++;
				}
				int end = plainStringEnd(input, position);
				if (end < 0) {
					return null;
				}
				items.add(new StructuredItem(input.substring(position + 1, end), Map.of()));
				position = end + 1;
			}
			if (position >= length) {
				return null;
			}
			position++;
			Map<String, Object> parameters = Map.of();
			while (position < length) {
				if (input.charAt(position) != ';') {
					return null;
				}
				int keyStart = position + 1;
				position = keyEnd(input, keyStart);
				if (position < 0 || position >= length - 1 || input.charAt(position) != '=') {
					return null;
				}
				String parameter = input.substring(keyStart, position);
				position++;
				Object value;
				if (input.charAt(position) == '"') {
					int end = plainStringEnd(input, position);
					if (end < 0) {
						return null;
					}
					value = input.substring(position + 1, end);
					position = end + 1;
				}
				else {
					long integer = 0;
					int start = position;
					while (position < length && isDigit(input.charAt(position))) {
						integer = integer * 10 + (input.charAt(position) - '0');
						position++;
					}
					// no digit, a 16th digit, or a decimal or a token after the digits: the strict parser decides
					if (position == start || position - start > 15
							|| (position < length && input.charAt(position) != ';')) {
						return null;
					}
					value = integer;
				}
				if (parameters.isEmpty()) {
					parameters = new ParsedParameters();
				}
				if (parameters.putIfAbsent(parameter, value) != null) {
					return null;
				}
			}
			member = new StructuredInnerList(items, parameters);
		}
		else {
			return null;
		}
		Map<String, StructuredMember> dictionary = new LinkedHashMap<>(2);
		dictionary.put(key, member);
		return dictionary;
	}

	// the end of the key starting at start (RFC 8941 §4.2.3.3, lower-case first), or -1 if none starts there
	private static int keyEnd(String input, int start) {
		if (start >= input.length() || !isLowerAlpha(input.charAt(start))) {
			return -1;
		}
		int position = start + 1;
		while (position < input.length()) {
			char c = input.charAt(position);
			if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
				break;
			}
			position++;
		}
		return position;
	}

	// the position of the closing quote of the string opened at start, or -1 unless the string is printable
	// ASCII without escapes (RFC 8941 §4.2.5)
	private static int plainStringEnd(String input, int start) {
		if (start >= input.length() || input.charAt(start) != '"') {
			return -1;
		}
		for (int position = start + 1; position < input.length(); position++) {
			char c = input.charAt(position);
			if (c == '"') {
				return position;
			}
			if (c < 0x20 || c > 0x7E || c == '\\') {
				return -1;
			}
		}
		return -1;
	}

	private static boolean isBase64Char(char c) {
		return isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=';
	}

	private void end() throws StructuredFieldException {
		skipSpaces();
		if (this.position != this.input.length()) {
			throw fail("unexpected characters after the value");
		}
	}

	private Map<String, StructuredMember> dictionary() throws StructuredFieldException {
		Map<String, StructuredMember> dictionary = new LinkedHashMap<>();
		while (!atEnd()) {
			String key = key();
			StructuredMember member;
			if (peek() == '=') {
				this.position++;
				member = itemOrInnerList();
			}
			else {
				member = new StructuredItem(Boolean.TRUE, parameters());
			}
			if (dictionary.putIfAbsent(key, member) != null) {
				throw fail("duplicate dictionary key '" + key + "'");
			}
			if (!separator()) {
				break;
			}
		}
		return dictionary;
	}

	private List<StructuredMember> list() throws StructuredFieldException {
		List<StructuredMember> list = new ArrayList<>();
		while (!atEnd()) {
			list.add(itemOrInnerList());
			if (!separator()) {
				break;
			}
		}
		return list;
	}

	// RFC 8941 §4.2.1 steps after a member: OWS, end or comma, OWS, no trailing comma
	private boolean separator() throws StructuredFieldException {
		skipOptionalWhitespace();
		if (atEnd()) {
			return false;
		}
		if (this.input.charAt(this.position) != ',') {
			throw fail("expected ','");
		}
		this.position++;
		skipOptionalWhitespace();
		if (atEnd()) {
			throw fail("trailing ','");
		}
		return true;
	}

	private StructuredMember itemOrInnerList() throws StructuredFieldException {
		return (peek() == '(') ? innerList() : item();
	}

	private StructuredInnerList innerList() throws StructuredFieldException {
		this.position++;
		List<StructuredItem> items = new ArrayList<>();
		while (!atEnd()) {
			skipSpaces();
			if (peek() == ')') {
				this.position++;
				return new StructuredInnerList(items, parameters());
			}
			items.add(item());
			char next = peek();
			if (next != ' ' && next != ')') {
				throw fail("expected ' ' or ')' in inner list");
			}
		}
		throw fail("unterminated inner list");
	}

	private StructuredItem item() throws StructuredFieldException {
		Object value = bareItem();
		return new StructuredItem(value, parameters());
	}

	private Object bareItem() throws StructuredFieldException {
		char c = peek();
		if (c == '-' || isDigit(c)) {
			return number();
		}
		if (c == '"') {
			return string();
		}
		if (isTokenStart(c)) {
			return token();
		}
		if (c == ':') {
			return byteSequence();
		}
		if (c == '?') {
			return bool();
		}
		throw fail("unrecognised item");
	}

	private Map<String, Object> parameters() throws StructuredFieldException {
		if (peek() != ';') {
			return Map.of();
		}
		Map<String, Object> parameters = new ParsedParameters();
		while (peek() == ';') {
			this.position++;
			skipSpaces();
			String key = key();
			Object value = Boolean.TRUE;
			if (peek() == '=') {
				this.position++;
				value = bareItem();
			}
			if (parameters.putIfAbsent(key, value) != null) {
				throw fail("duplicate parameter '" + key + "'");
			}
		}
		return parameters;
	}

	private String key() throws StructuredFieldException {
		char first = peek();
		if (!(isLowerAlpha(first) || first == '*')) {
			throw fail("expected a key");
		}
		int start = this.position;
		this.position++;
		while (!atEnd()) {
			char c = this.input.charAt(this.position);
			if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
				break;
			}
			this.position++;
		}
		return this.input.substring(start, this.position);
	}

	private Object number() throws StructuredFieldException {
		boolean negative = false;
		if (peek() == '-') {
			negative = true;
			this.position++;
		}
		if (!isDigit(peek())) {
			throw fail("expected a digit");
		}
		int start = this.position;
		int dot = -1;
		while (!atEnd()) {
			char c = this.input.charAt(this.position);
			if (isDigit(c)) {
				this.position++;
			}
			else if (c == '.' && dot < 0) {
				if (this.position - start > 12) {
					throw fail("decimal has too many integer digits");
				}
				dot = this.position;
				this.position++;
			}
			else {
				break;
			}
			int length = this.position - start;
			if ((dot < 0 && length > 15) || (dot >= 0 && length > 16)) {
				throw fail("number too long");
			}
		}
		String digits = this.input.substring(start, this.position);
		if (dot < 0) {
			long value = Long.parseLong(digits);
			return negative ? -value : value;
		}
		int fraction = this.position - dot - 1;
		if (fraction == 0) {
			throw fail("decimal ends with '.'");
		}
		if (fraction > 3) {
			throw fail("decimal has too many fractional digits");
		}
		BigDecimal value = new BigDecimal(digits);
		return negative ? value.negate() : value;
	}

	private String string() throws StructuredFieldException {
		this.position++;
		StringBuilder value = new StringBuilder();
		while (!atEnd()) {
			char c = this.input.charAt(this.position++);
			if (c == '\\') {
				if (atEnd()) {
					throw fail("unterminated string escape");
				}
				char escaped = this.input.charAt(this.position++);
				if (escaped != '"' && escaped != '\\') {
					throw fail("invalid string escape");
				}
				value.append(escaped);
			}
			else if (c == '"') {
				return value.toString();
			}
			else if (c < 0x20 || c > 0x7E) {
				throw fail("invalid character in string");
			}
			else {
				value.append(c);
			}
		}
		throw fail("unterminated string");
	}

	private Token token() {
		int start = this.position;
		this.position++;
		while (!atEnd() && isTokenChar(this.input.charAt(this.position))) {
			this.position++;
		}
		return new Token(this.input.substring(start, this.position));
	}

	private ByteSequence byteSequence() throws StructuredFieldException {
		this.position++;
		int start = this.position;
		while (!atEnd() && this.input.charAt(this.position) != ':') {
			char c = this.input.charAt(this.position);
			if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
				throw fail("invalid character in byte sequence");
			}
			this.position++;
		}
		if (atEnd()) {
			throw fail("unterminated byte sequence");
		}
		String encoded = this.input.substring(start, this.position);
		this.position++;
		try {
			return ByteSequence.wrap(Base64.getDecoder().decode(encoded));
		}
		catch (IllegalArgumentException ex) {
			throw fail("invalid base64 in byte sequence");
		}
	}

	private Boolean bool() throws StructuredFieldException {
		this.position++;
		char c = peek();
		if (c == '1' || c == '0') {
			this.position++;
			return c == '1';
		}
		throw fail("invalid boolean");
	}

	private boolean atEnd() {
		return this.position >= this.input.length();
	}

	private char peek() {
		return atEnd() ? '\0' : this.input.charAt(this.position);
	}

	private void skipSpaces() {
		while (!atEnd() && this.input.charAt(this.position) == ' ') {
			this.position++;
		}
	}

	private void skipOptionalWhitespace() {
		while (!atEnd() && (this.input.charAt(this.position) == ' ' || this.input.charAt(this.position) == '\t')) {
			this.position++;
		}
	}

	private StructuredFieldException fail(String reason) {
		return new StructuredFieldException("Invalid structured field at offset " + this.position + ": " + reason);
	}

	static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	static boolean isLowerAlpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	static boolean isAlpha(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	static boolean isTokenStart(char c) {
		return isAlpha(c) || c == '*';
	}

	// RFC 9110 tchar, plus ':' and '/' (RFC 8941 §3.3.4)
	static boolean isTokenChar(char c) {
		if (isAlpha(c) || isDigit(c)) {
			return true;
		}
		return switch (c) {
			case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~', ':', '/' -> true;
			default -> false;
		};
	}

}
