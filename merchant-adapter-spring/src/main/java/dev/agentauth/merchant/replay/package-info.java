/**
 * Nonce stores shared by merchant instances.
 */
@NullMarked
package dev.agentauth.merchant.replay;

import org.jspecify.annotations.NullMarked;
