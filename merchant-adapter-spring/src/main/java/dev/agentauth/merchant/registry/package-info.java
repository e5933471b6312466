/**
 * Several trusted agent key registries ({@code agentauth.registries[n]}): one key lookup, delegation verifier,
 * revocation set and feed per registry, routed by the registry that registered the signing key.
 */
@NullMarked
package dev.agentauth.merchant.registry;

import org.jspecify.annotations.NullMarked;
