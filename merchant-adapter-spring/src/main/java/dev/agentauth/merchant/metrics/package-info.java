/**
 * Micrometer metrics of agent request verification.
 */
@NullMarked
package dev.agentauth.merchant.metrics;

import org.jspecify.annotations.NullMarked;
