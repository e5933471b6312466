/**
 * Agent Auth for Spring's HTTP clients: {@link dev.agentauth.client.spring.AgentSigningInterceptor} for
 * {@code RestClient} and {@code RestTemplate}, {@link dev.agentauth.client.spring.AgentSigningExchangeFilter} for
 * {@code WebClient}. Needs {@code spring-web} (and {@code spring-webflux} for the filter) on the class path; the
 * rest of the library does not.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentauth.client.spring;

import org.jspecify.annotations.NullMarked;
