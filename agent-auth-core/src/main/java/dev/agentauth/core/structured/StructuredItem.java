package dev.agentauth.core.structured;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 8941 item: a bare item with parameters. The bare item is a {@link Long} (integer), a
 * {@link java.math.BigDecimal} (decimal), a {@link String}, a {@link Token}, a {@link ByteSequence} or a
 * {@link Boolean}.
 *
 * @param value the bare item
 * @param parameters the parameters, in order (unmodifiable)
 * @since 0.1.0
 */
public record StructuredItem(Object value, Map<String, Object> parameters) implements StructuredMember {

	public StructuredItem {
		Objects.requireNonNull(value, "value cannot be null");
		Objects.requireNonNull(parameters, "parameters cannot be null");
		StructuredFieldWriter.checkBareItem(value);
		parameters = checkedParameters(parameters);
	}

	// an unmodifiable view of checked parameters: the parser's own map as it is, any other map checked and copied
	static Map<String, Object> checkedParameters(Map<String, Object> parameters) {
		if (parameters.isEmpty()) {
			return Map.of();
		}
		if (parameters instanceof ParsedParameters parsed) {
			return Collections.unmodifiableMap(parsed);
		}
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			StructuredFieldWriter.checkKey(parameter.getKey());
			StructuredFieldWriter.checkBareItem(parameter.getValue());
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/** An item without parameters. */
	public static StructuredItem of(Object value) {
		return new StructuredItem(value, Map.of());
	}

	@Override
	public String toString() {
		return StructuredFieldWriter.serialize(this);
	}

}
