/**
 * Helpers for tests and demos of the delegation flow; not for production use.
 */
@NullMarked
package dev.agentauth.client.testing;

import org.jspecify.annotations.NullMarked;
