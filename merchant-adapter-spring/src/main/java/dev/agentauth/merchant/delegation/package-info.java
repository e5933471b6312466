/**
 * Layer 2 at the merchant: delegation tokens ({@code Authorization: Agent <token>}) bound to the signing key,
 * scopes as authorities, spend limits, and the revocation feed.
 */
@NullMarked
package dev.agentauth.merchant.delegation;

import org.jspecify.annotations.NullMarked;
