/**
 * Nonce stores that refuse replayed request signatures.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.core.replay;

import org.jspecify.annotations.NullMarked;
