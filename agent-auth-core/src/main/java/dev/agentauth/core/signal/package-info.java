/**
 * Signals from merchants back to the realm: RFC 8417 Security Event Tokens pushed per RFC 8935 (CAEP
 * {@code risk-level-change} about an agent, RISC {@code credential-compromise} of an agent key, key usage), their
 * strict parsing and the pure rules the receiver applies (auto-suspension, rate limit).
 */
@NullMarked
package dev.agentauth.core.signal;

import org.jspecify.annotations.NullMarked;
