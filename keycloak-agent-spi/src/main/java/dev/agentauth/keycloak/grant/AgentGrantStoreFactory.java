package dev.agentauth.keycloak.grant;

import org.keycloak.provider.ProviderFactory;

/**
 * Factory of the {@link AgentGrantStore}.
 *
 * @since 0.1.0
 */
public interface AgentGrantStoreFactory extends ProviderFactory<AgentGrantStore> {

}
