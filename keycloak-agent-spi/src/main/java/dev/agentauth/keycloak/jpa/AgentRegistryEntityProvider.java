package dev.agentauth.keycloak.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

import dev.agentauth.keycloak.grant.jpa.AgentGrantEntity;
import dev.agentauth.keycloak.provider.jpa.AgentProviderEntity;
import dev.agentauth.keycloak.registry.jpa.AgentEntity;
import dev.agentauth.keycloak.registry.jpa.AgentKeyEntity;
import dev.agentauth.keycloak.revocation.jpa.SecurityEventAckEntity;
import dev.agentauth.keycloak.revocation.jpa.SecurityEventEntity;
import dev.agentauth.keycloak.signal.jpa.AgentStandingEntity;

/** The JPA entities and the Liquibase changelog of every store of the extension (one changelog, ordered). */
final class AgentRegistryEntityProvider implements JpaEntityProvider {

	@Override
	public List<Class<?>> getEntities() {
		return List.of(AgentEntity.class, AgentKeyEntity.class, AgentGrantEntity.class, SecurityEventEntity.class,
				SecurityEventAckEntity.class, AgentStandingEntity.class, AgentProviderEntity.class);
	}

	@Override
	public String getChangelogLocation() {
		return "META-INF/agentauth/changelog-20261128-agent-registry.xml";
	}

	@Override
	public String getFactoryId() {
		return AgentRegistryEntityProviderFactory.ID;
	}

	@Override
	public void close() {
	}

}
