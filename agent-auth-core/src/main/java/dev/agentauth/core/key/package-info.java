/**
 * Agent keys (public JWKs, RFC 7638 thumbprints) and their registry records.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.core.key;

import org.jspecify.annotations.NullMarked;
