/**
 * A strict RFC 8941 structured field values parser and serializer.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.core.structured;

import org.jspecify.annotations.NullMarked;
