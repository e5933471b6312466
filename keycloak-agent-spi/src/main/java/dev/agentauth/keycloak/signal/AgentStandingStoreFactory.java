package dev.agentauth.keycloak.signal;

import org.keycloak.provider.ProviderFactory;

/**
 * Factory of the {@link AgentStandingStore}.
 *
 * @since 0.1.0
 */
public interface AgentStandingStoreFactory extends ProviderFactory<AgentStandingStore> {

}
