package dev.agentauth.keycloak.registry.rest;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/**
 * Mounts {@link AgentAdminResource} at {@code /admin/realms/{realm}/agents}.
 *
 * @since 0.1.0
 */
public final class AgentAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

	public static final String ID = "agents";

	@Override
	public AdminRealmResourceProvider create(KeycloakSession session) {
		return new AdminRealmResourceProvider() {
			@Override
			public Object getResource(KeycloakSession s, org.keycloak.models.RealmModel realm,
					org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator auth,
					org.keycloak.services.resources.admin.AdminEventBuilder adminEvent) {
				return new AgentAdminResource(s, realm, auth, adminEvent);
			}

			@Override
			public void close() {
			}
		};
	}

	@Override
	public void init(Config.Scope config) {
	}

	@Override
	public void postInit(KeycloakSessionFactory factory) {
		KeycloakModelUtils.runJobInTransaction(factory,
				(session) -> session.realms().getRealmsStream().forEach(AgentAdminRoles::ensure));
		factory.register((event) -> {
			if (event instanceof RealmModel.RealmPostCreateEvent created) {
				AgentAdminRoles.ensure(created.getCreatedRealm());
			}
		});
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return ID;
	}

}
