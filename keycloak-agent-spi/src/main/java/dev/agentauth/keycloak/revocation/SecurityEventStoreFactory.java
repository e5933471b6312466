package dev.agentauth.keycloak.revocation;

import org.keycloak.provider.ProviderFactory;

/**
 * Factory of the {@link SecurityEventStore}.
 *
 * @since 0.1.0
 */
public interface SecurityEventStoreFactory extends ProviderFactory<SecurityEventStore> {

}
