/**
 * Revocation feed (layer 2): the events Keycloak publishes as RFC 8417 Security Event Tokens over RFC 8936 poll
 * delivery, and the revocation set a merchant keeps from them.
 */
@NullMarked
package dev.agentauth.core.revocation;

import org.jspecify.annotations.NullMarked;
