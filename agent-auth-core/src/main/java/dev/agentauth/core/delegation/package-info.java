/**
 * Layer 2, delegation: the actor token an agent signs for the token exchange, the {@code agent_delegation}
 * {@code authorization_details} (RFC 9396) a consumer grants, and the claim names of a delegation token.
 */
@NullMarked
package dev.agentauth.core.delegation;

import org.jspecify.annotations.NullMarked;
