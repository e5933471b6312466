package dev.agentauth.keycloak.rest.agent;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.agentauth.keycloak.registry.AgentModel;

/**
 * An admin of the realm: {@code realm-management} {@code view-agents} to read, {@code manage-agents} to change
 * (or the realm-wide {@code view-realm} / {@code manage-realm}).
 *
 * @since 0.1.0
 */
public final class AdminAccess implements AgentAccess {

	/** {@code realm-management} client role that may read the registry. */
	public static final String VIEW_AGENTS = "view-agents";

	/** {@code realm-management} client role that may change the registry. */
	public static final String MANAGE_AGENTS = "manage-agents";

	private final BooleanSupplier view;

	private final BooleanSupplier manage;

	private final @Nullable AdminPermissionEvaluator auth;

	private final AdminEventBuilder adminEvent;

	AdminAccess(BooleanSupplier view, BooleanSupplier manage, @Nullable AdminPermissionEvaluator auth,
			AdminEventBuilder adminEvent) {
		this.view = view;
		this.manage = manage;
		this.auth = auth;
		this.adminEvent = adminEvent;
	}

	/** The admin Keycloak authenticated for the admin API. */
	public static AdminAccess of(AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
		return new AdminAccess(
				() -> auth.hasOneAdminRole(VIEW_AGENTS, MANAGE_AGENTS) || auth.realm().canViewRealm(),
				() -> auth.hasOneAdminRole(MANAGE_AGENTS) || auth.realm().canManageRealm(), auth, adminEvent);
	}

	/** The admin's user id, for the record of who revoked a grant. */
	public String userId() {
		return (this.auth != null) ? this.auth.adminAuth().getUser().getId() : "unknown";
	}

	@Override
	public AdminEventBuilder adminEvent() {
		return this.adminEvent;
	}

	@Override
	public boolean canView() {
		return this.view.getAsBoolean() || this.manage.getAsBoolean();
	}

	@Override
	public boolean canManage() {
		return this.manage.getAsBoolean();
	}

	@Override
	public boolean canAdminister() {
		return this.manage.getAsBoolean();
	}

	@Override
	public boolean operates(AgentModel agent) {
		return true;
	}

	@Override
	public @Nullable String operatorOf(@Nullable String requested) {
		return requested;
	}

	@Override
	public boolean mayRegisterKeysOnCreate() {
		return true;
	}

	@Override
	public boolean requiresProof() {
		return false;
	}

	@Override
	public String denial() {
		return "Needs the realm-management role " + VIEW_AGENTS + " (to read) or " + MANAGE_AGENTS
				+ " (to change)";
	}

}
