/**
 * Key resolution from the Agent Auth registry, with caching.
 */
@NullMarked
package dev.agentauth.merchant.key;

import org.jspecify.annotations.NullMarked;
