/**
 * Spring Security authentication of RFC 9421 agent request signatures.
 */
@NullMarked
package dev.agentauth.merchant.signature;

import org.jspecify.annotations.NullMarked;
