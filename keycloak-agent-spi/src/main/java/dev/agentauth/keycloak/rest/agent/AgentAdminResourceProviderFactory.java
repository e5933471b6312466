package dev.agentauth.keycloak.rest.agent;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

import dev.agentauth.keycloak.EveryRealm;

/**
 * Mounts {@link AgentsResource}, for admins ({@link AdminAccess}), at {@code /admin/realms/{realm}/agents}.
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
				return new AgentsResource(s, realm, AdminAccess.of(auth, adminEvent));
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
		EveryRealm.apply(factory, AgentAdminRoles::ensure);
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return ID;
	}

}
