/**
 * Spring Boot auto-configuration for agent applications ({@code agentauth.agent.*}).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.client.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
