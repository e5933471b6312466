package dev.agentauth.keycloak.rest.agent;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.key.AgentStatus;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAccessTests {

	private static AdminAccess admin(boolean view, boolean manage) {
		return new AdminAccess(() -> view, () -> manage, null, null);
	}

	@Test
	void adminWhenViewOnlyThenReadsButChangesNothing() {
		AgentAccess viewer = admin(true, false);

		assertThat(viewer.canView()).isTrue();
		assertThat(viewer.canManage()).isFalse();
		assertThat(viewer.canAdminister()).isFalse();
	}

	@Test
	void adminWhenManageThenReadsAndChangesEveryAgent() {
		AgentAccess manager = admin(false, true);

		assertThat(manager.canView()).isTrue();
		assertThat(manager.canManage()).isTrue();
		assertThat(manager.canAdminister()).isTrue();
		assertThat(manager.operates(AgentRepresentationTests.agent(AgentStatus.ACTIVE, "someone"))).isTrue();
		assertThat(manager.operates(AgentRepresentationTests.agent(AgentStatus.ACTIVE, null))).isTrue();
	}

	@Test
	void adminWhenNoRoleThenNothing() {
		AgentAccess none = admin(false, false);

		assertThat(none.canView()).isFalse();
		assertThat(none.canManage()).isFalse();
		assertThat(none.canAdminister()).isFalse();
		assertThat(none.denial()).contains("view-agents", "manage-agents");
	}

	@Test
	void adminWhenCreatingThenNamesTheOperatorAndMayGiveKeysWithoutProof() {
		AgentAccess manager = admin(false, true);

		assertThat(manager.operatorOf("demo-operator")).isEqualTo("demo-operator");
		assertThat(manager.operatorOf(null)).isNull();
		assertThat(manager.mayRegisterKeysOnCreate()).isTrue();
		assertThat(manager.requiresProof()).isFalse();
	}

	@Test
	void operatorWhenCreatingThenIsAlwaysTheOperatorAndAddsKeysOnlyWithProof() {
		AgentAccess operator = new OperatorAccess("demo-operator", null);

		assertThat(operator.canManage()).isTrue();
		assertThat(operator.operatorOf("spoofed")).isEqualTo("demo-operator");
		assertThat(operator.operatorOf(null)).isEqualTo("demo-operator");
		assertThat(operator.mayRegisterKeysOnCreate()).isFalse();
		assertThat(operator.requiresProof()).isTrue();
	}

	@Test
	void operatorWhenAgentIsAnotherOperatorsThenDoesNotOperateIt() {
		AgentAccess operator = new OperatorAccess("demo-operator", null);

		assertThat(operator.operates(AgentRepresentationTests.agent(AgentStatus.ACTIVE, "demo-operator"))).isTrue();
		assertThat(operator.operates(AgentRepresentationTests.agent(AgentStatus.ACTIVE, "someone-else"))).isFalse();
		assertThat(operator.operates(AgentRepresentationTests.agent(AgentStatus.ACTIVE, null))).isFalse();
	}

	@Test
	void operatorWhenAdminOnlyOperationThenRefused() {
		AgentAccess operator = new OperatorAccess("demo-operator", null);

		assertThat(operator.canView()).isFalse();
		assertThat(operator.canAdminister()).isFalse();
		assertThat(operator.denial()).isEqualTo("Agent operators may only create agents and manage their keys");
	}

}
