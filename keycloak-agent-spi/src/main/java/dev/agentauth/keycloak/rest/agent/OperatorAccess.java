package dev.agentauth.keycloak.rest.agent;

import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.agentauth.keycloak.registry.AgentModel;

/**
 * An agent operator's service account (realm role {@code agent-operator}): it creates agents operated by itself
 * and adds, retires and revokes keys of the agents it operates, every added key with a proof of possession. It
 * reads nothing and cannot change agents or their status.
 *
 * @since 0.1.0
 */
public final class OperatorAccess implements AgentAccess {

	/** Realm role of agent operators' service accounts. */
	public static final String OPERATOR_ROLE = "agent-operator";

	private final String clientId;

	private final AdminEventBuilder adminEvent;

	/** The operator client {@code clientId} (the client id, not its internal id). */
	public OperatorAccess(String clientId, AdminEventBuilder adminEvent) {
		this.clientId = clientId;
		this.adminEvent = adminEvent;
	}

	public String clientId() {
		return this.clientId;
	}

	@Override
	public AdminEventBuilder adminEvent() {
		return this.adminEvent;
	}

	@Override
	public boolean canView() {
		return false;
	}

	@Override
	public boolean canManage() {
		return true;
	}

	@Override
	public boolean canAdminister() {
		return false;
	}

	@Override
	public boolean operates(AgentModel agent) {
		return this.clientId.equals(agent.operator());
	}

	@Override
	public String operatorOf(String requested) {
		return this.clientId;
	}

	@Override
	public boolean mayRegisterKeysOnCreate() {
		return false;
	}

	@Override
	public boolean requiresProof() {
		return true;
	}

	@Override
	public String denial() {
		return "Agent operators may only create agents and manage their keys";
	}

}
