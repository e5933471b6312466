package dev.agentauth.core.conformance;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

// JSON with two-space indentation, as the vector files are written (the same layout as Python's json.dumps(indent=2))
final class Json {

	private Json() {
	}

	static String pretty(Object value) {
		StringBuilder out = new StringBuilder();
		write(out, value, "");
		return out.toString();
	}

	private static void write(StringBuilder out, Object value, String indent) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String text) {
			string(out, text);
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append("{\n");
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<?, ?> entry = entries.next();
				out.append(indent).append("  ");
				string(out, (String) entry.getKey());
				out.append(": ");
				write(out, entry.getValue(), indent + "  ");
				out.append(entries.hasNext() ? ",\n" : "\n");
			}
			out.append(indent).append('}');
		}
		else if (value instanceof List<?> list) {
			out.append("[\n");
			for (int i = 0; i < list.size(); i++) {
				out.append(indent).append("  ");
				write(out, list.get(i), indent + "  ");
				out.append((i < list.size() - 1) ? ",\n" : "\n");
			}
			out.append(indent).append(']');
		}
		else {
			throw new IllegalArgumentException("Not JSON: " + value);
		}
	}

	private static void string(StringBuilder out, String text) {
		out.append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
