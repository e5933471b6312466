package dev.agentauth.core.structured;

import java.util.Map;

/**
 * A member of an RFC 8941 list or dictionary: an {@link StructuredItem item} or an
 * {@link StructuredInnerList inner list}, each with parameters.
 *
 * @since 0.1.0
 */
public sealed interface StructuredMember permits StructuredItem, StructuredInnerList {

	/**
	 * The parameters, in order. Values are bare items: {@link Long}, {@link java.math.BigDecimal},
	 * {@link String}, {@link Token}, {@link ByteSequence} or {@link Boolean}.
	 */
	Map<String, Object> parameters();

}
