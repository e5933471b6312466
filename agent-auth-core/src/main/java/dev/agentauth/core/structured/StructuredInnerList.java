package dev.agentauth.core.structured;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 8941 §3.1.1 inner list: items in parentheses, with parameters.
 *
 * @param items the items, in order (unmodifiable)
 * @param parameters the parameters, in order (unmodifiable)
 * @since 0.1.0
 */
public record StructuredInnerList(List<StructuredItem> items, Map<String, Object> parameters)
		implements StructuredMember {

	public StructuredInnerList {
		Objects.requireNonNull(items, "items cannot be null");
		Objects.requireNonNull(parameters, "parameters cannot be null");
		items = List.copyOf(items);
		parameters = StructuredItem.checkedParameters(parameters);
	}

	@Override
	public String toString() {
		return StructuredFieldWriter.serialize(this);
	}

}
