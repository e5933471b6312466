package dev.agentauth.keycloak.registry;

import org.keycloak.provider.ProviderFactory;

/**
 * @since 0.1.0
 */
public interface AgentRegistryFactory extends ProviderFactory<AgentRegistry> {

}
