/**
 * Spring Boot auto-configuration of the Agent Auth merchant starter.
 */
@NullMarked
package dev.agentauth.merchant.autoconfigure;

import org.jspecify.annotations.NullMarked;
