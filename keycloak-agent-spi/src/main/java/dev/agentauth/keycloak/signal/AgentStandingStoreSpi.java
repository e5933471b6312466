package dev.agentauth.keycloak.signal;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@code agent-standing-store}: where merchants' reports about agents live (JPA implementation {@code jpa}).
 *
 * @since 0.1.0
 */
public final class AgentStandingStoreSpi implements Spi {

	@Override
	public boolean isInternal() {
		return false;
	}

	@Override
	public String getName() {
		return "agent-standing-store";
	}

	@Override
	public Class<? extends Provider> getProviderClass() {
		return AgentStandingStore.class;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Class<? extends ProviderFactory> getProviderFactoryClass() {
		return AgentStandingStoreFactory.class;
	}

}
