/**
 * RFC 9530 Content-Digest.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.core.digest;

import org.jspecify.annotations.NullMarked;
