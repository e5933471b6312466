package dev.agentauth.keycloak.rest.provider;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.agentauth.keycloak.rest.agent.AdminAccess;

/**
 * Mounts {@link AgentProvidersResource}, for admins ({@link AdminAccess}), at
 * {@code /admin/realms/{realm}/agent-providers}.
 *
 * @since 0.1.0
 */
public final class AgentProviderAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

	public static final String ID = "agent-providers";

	@Override
	public AdminRealmResourceProvider create(KeycloakSession session) {
		return new AdminRealmResourceProvider() {
			@Override
			public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
					AdminEventBuilder adminEvent) {
				return new AgentProvidersResource(s, realm, AdminAccess.of(auth, adminEvent));
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
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return ID;
	}

}
