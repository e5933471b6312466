package dev.agentauth.keycloak.provider;

import org.keycloak.provider.ProviderFactory;

/**
 * @since 0.1.0
 */
public interface AgentProviderStoreFactory extends ProviderFactory<AgentProviderStore> {

}
