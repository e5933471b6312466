package dev.agentauth.keycloak.rest.agent;

import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * Makes sure a realm's {@code realm-management} client has the {@code view-agents} and {@code manage-agents}
 * roles, both included in {@code realm-admin} ({@code manage-agents} also includes {@code view-agents}).
 */
final class AgentAdminRoles {

	private AgentAdminRoles() {
	}

	static void ensure(RealmModel realm) {
		ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
		if (management == null) {
			// the master realm manages itself through "master-realm"; our fallback there is manage-realm
			return;
		}
		RoleModel view = role(management, AdminAccess.VIEW_AGENTS, "View the agent key registry");
		RoleModel manage = role(management, AdminAccess.MANAGE_AGENTS, "Manage the agent key registry");
		if (!manage.hasRole(view)) {
			manage.addCompositeRole(view);
		}
		RoleModel realmAdmin = management.getRole(AdminRoles.REALM_ADMIN);
		if (realmAdmin != null && !realmAdmin.hasRole(manage)) {
			realmAdmin.addCompositeRole(manage);
		}
	}

	private static RoleModel role(ClientModel client, String name, String description) {
		RoleModel role = client.getRole(name);
		if (role == null) {
			role = client.addRole(name);
			role.setDescription(description);
		}
		return role;
	}

}
