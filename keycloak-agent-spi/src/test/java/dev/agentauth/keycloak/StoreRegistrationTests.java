package dev.agentauth.keycloak;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

import dev.agentauth.keycloak.grant.AgentGrantStoreSpi;
import dev.agentauth.keycloak.registry.AgentRegistrySpi;
import dev.agentauth.keycloak.revocation.SecurityEventStoreSpi;
import dev.agentauth.keycloak.signal.AgentStandingStoreSpi;

import static org.assertj.core.api.Assertions.assertThat;

/** Keycloak finds each store's SPI and its JPA factory through META-INF/services, as it does at start-up. */
class StoreRegistrationTests {

	@Test
	void everyStoreSpiIsRegisteredWithItsJpaFactory() {
		assertThat(ServiceLoader.load(Spi.class).stream().map(ServiceLoader.Provider::type))
			.contains(AgentRegistrySpi.class, AgentGrantStoreSpi.class, AgentStandingStoreSpi.class,
					SecurityEventStoreSpi.class);
		for (Spi spi : new Spi[] { new AgentRegistrySpi(), new AgentGrantStoreSpi(), new AgentStandingStoreSpi(),
				new SecurityEventStoreSpi() }) {
			assertThat(spi.isInternal()).isFalse();
			assertThat(factories(spi.getProviderFactoryClass())).as(spi.getName()).containsExactly("jpa");
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static java.util.List<String> factories(Class<? extends ProviderFactory> type) {
		return ServiceLoader.load((Class<ProviderFactory>) type).stream()
			.map((provider) -> provider.get().getId())
			.toList();
	}

}
