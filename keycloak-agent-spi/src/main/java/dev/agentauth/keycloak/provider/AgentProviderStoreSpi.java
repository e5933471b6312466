package dev.agentauth.keycloak.provider;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The agent provider SPI ({@code agent-provider}); its JPA implementation has the id {@code jpa}, so its settings
 * are {@code spi-agent-provider--jpa--*} (see {@code JpaAgentProviderStoreFactory}).
 *
 * @since 0.1.0
 */
public final class AgentProviderStoreSpi implements Spi {

	public static final String NAME = "agent-provider";

	@Override
	public boolean isInternal() {
		return false;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public Class<? extends Provider> getProviderClass() {
		return AgentProviderStore.class;
	}

	@Override
	public Class<? extends ProviderFactory> getProviderFactoryClass() {
		return AgentProviderStoreFactory.class;
	}

}
