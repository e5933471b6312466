/**
 * Agent Auth protocol core: error codes and exceptions shared by all modules.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.core;

import org.jspecify.annotations.NullMarked;
