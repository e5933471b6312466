package dev.agentauth.core.structured;

import java.io.Serial;
import java.util.LinkedHashMap;

/**
 * Parameters as {@link StructuredFieldParser} builds them: every key and bare item already checked, and the map
 * referenced by nothing else, so {@link StructuredItem} and {@link StructuredInnerList} take it without checking
 * and copying it again. Package-private: no other code can hand in a map of this type.
 */
final class ParsedParameters extends LinkedHashMap<String, Object> {

	@Serial
	private static final long serialVersionUID = 1L;

	ParsedParameters() {
		super(8);
	}

}
