package dev.agentauth.core.signature;

import java.util.Objects;

import dev.agentauth.core.AgentAuthException;

/** The {@code agent-auth} profile: a {@link VerificationPolicy} and its component rules, unchanged. */
final class AgentAuthProfile implements SignatureProfile {

	private final VerificationPolicy policy;

	AgentAuthProfile(VerificationPolicy policy) {
		this.policy = Objects.requireNonNull(policy, "policy cannot be null");
	}

	@Override
	public String name() {
		return AGENT_AUTH;
	}

	@Override
	public VerificationPolicy policy() {
		return this.policy;
	}

	@Override
	public void checkComponents(SignatureParameters parameters, HttpRequestView request, boolean hasBody)
			throws AgentAuthException {
		this.policy.checkComponents(parameters, request, hasBody);
	}

	@Override
	public String toString() {
		return "SignatureProfile[agent-auth, " + this.policy + "]";
	}

}
