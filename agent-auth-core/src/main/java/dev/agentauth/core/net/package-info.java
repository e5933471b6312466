/**
 * IP address literals and CIDR blocks, parsed once and never resolved through DNS:
 * {@link dev.agentauth.core.net.Cidr} (one strict parser, used to validate declared networks) and
 * {@link dev.agentauth.core.net.Networks} (a client's network and membership in declared networks).
 */
@NullMarked
package dev.agentauth.core.net;

import org.jspecify.annotations.NullMarked;
