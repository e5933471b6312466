/**
 * Signals back to Keycloak: risk reports (CAEP {@code risk-level-change}) and key usage, pushed as RFC 8417
 * Security Event Tokens (RFC 8935) to the realm's signal receiver, off the request path.
 */
@NullMarked
package dev.agentauth.merchant.signals;

import org.jspecify.annotations.NullMarked;
