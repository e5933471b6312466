package dev.agentauth.keycloak.revocation;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@code agent-security-event-store}: where the revocation feed lives (JPA implementation {@code jpa}).
 *
 * @since 0.1.0
 */
public final class SecurityEventStoreSpi implements Spi {

	@Override
	public boolean isInternal() {
		return false;
	}

	@Override
	public String getName() {
		return "agent-security-event-store";
	}

	@Override
	public Class<? extends Provider> getProviderClass() {
		return SecurityEventStore.class;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Class<? extends ProviderFactory> getProviderFactoryClass() {
		return SecurityEventStoreFactory.class;
	}

}
