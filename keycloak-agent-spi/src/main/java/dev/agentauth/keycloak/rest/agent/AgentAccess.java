package dev.agentauth.keycloak.rest.agent;

import org.jspecify.annotations.Nullable;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.rest.RestError;

/**
 * Who calls the agent API and what it may do: an admin ({@link AdminAccess}, at
 * {@code /admin/realms/{realm}/agents}) or an agent operator's service account ({@link OperatorAccess}, at
 * {@code /realms/{realm}/agents}: create agents it operates and manage their keys, with proof of possession).
 *
 * @since 0.1.0
 */
public sealed interface AgentAccess permits AdminAccess, OperatorAccess {

	/** Where the caller's changes are recorded as admin events. */
	AdminEventBuilder adminEvent();

	/** May read the registry (list, one agent, standing, signals, retired keys in use). */
	boolean canView();

	/** May create agents and add, retire and revoke keys (of agents it operates). */
	boolean canManage();

	/** May change or delete agents and their status, and read and revoke grants: admins only. */
	boolean canAdminister();

	/** Acts on this agent: admins on every agent, an operator on the agents it operates. */
	boolean operates(AgentModel agent);

	/** The operator of an agent this caller creates: an admin names it, an operator is always itself. */
	@Nullable String operatorOf(@Nullable String requested);

	/** Whether keys may be given when the agent is created (operators add them one by one, with proof). */
	boolean mayRegisterKeysOnCreate();

	/** Whether every added key needs a proof of possession (else only when one is given). */
	boolean requiresProof();

	/** Why a refused call was refused. */
	String denial();

	default void requireView() {
		if (!canView()) {
			throw RestError.forbidden(denial());
		}
	}

	default void requireManage() {
		if (!canManage()) {
			throw RestError.forbidden(denial());
		}
	}

	default void requireAdminister() {
		if (!canAdminister()) {
			throw RestError.forbidden(denial());
		}
	}

	default void requireOperates(AgentModel agent) {
		if (!operates(agent)) {
			throw RestError.forbidden("This client does not operate that agent");
		}
	}

}
