/**
 * Agent-side library: key pairs and RFC 9421 request signing for java.net.http.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.client;

import org.jspecify.annotations.NullMarked;
