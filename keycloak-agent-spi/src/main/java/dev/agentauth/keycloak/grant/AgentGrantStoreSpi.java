package dev.agentauth.keycloak.grant;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@code agent-grant-store}: where consumers' grants to agents live (JPA implementation {@code jpa}).
 *
 * @since 0.1.0
 */
public final class AgentGrantStoreSpi implements Spi {

	@Override
	public boolean isInternal() {
		return false;
	}

	@Override
	public String getName() {
		return "agent-grant-store";
	}

	@Override
	public Class<? extends Provider> getProviderClass() {
		return AgentGrantStore.class;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Class<? extends ProviderFactory> getProviderFactoryClass() {
		return AgentGrantStoreFactory.class;
	}

}
