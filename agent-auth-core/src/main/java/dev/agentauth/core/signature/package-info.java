/**
 * RFC 9421 HTTP message signatures: signature bases, signing, and the staged request verifier.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.core.signature;

import org.jspecify.annotations.NullMarked;
