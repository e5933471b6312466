package dev.agentauth.keycloak.registry;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The agent key registry SPI ({@code agent-registry}); its JPA implementation has the id {@code jpa}, so its
 * settings are {@code spi-agent-registry--jpa--*}.
 *
 * @since 0.1.0
 */
public final class AgentRegistrySpi implements Spi {

	public static final String NAME = "agent-registry";

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
		return AgentRegistry.class;
	}

	@Override
	public Class<? extends ProviderFactory> getProviderFactoryClass() {
		return AgentRegistryFactory.class;
	}

}
