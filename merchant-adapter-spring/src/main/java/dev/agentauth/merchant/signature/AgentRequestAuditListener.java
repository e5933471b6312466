package dev.agentauth.merchant.signature;

import org.springframework.context.ApplicationListener;

/**
 * Writes the audit line of each decision on the logger {@code agentauth.audit} (see {@code AuditLog}): accepted
 * requests, and refusals naming the registered agent and keyid when the refusal came after the key was resolved
 * (e.g. {@code agent_suspended}, {@code signature_invalid}, {@code digest_mismatch}, {@code nonce_replayed}) and
 * the risk decision when the risk layer refused.
 *
 * @since 0.1.0
 */
public final class AgentRequestAuditListener implements ApplicationListener<AgentRequestEvent> {

	@Override
	public void onApplicationEvent(AgentRequestEvent event) {
		switch (event) {
			case AgentRequestAcceptedEvent accepted -> AuditLog.accepted(accepted.request(), accepted.agent());
			case AgentRequestRefusedEvent refused -> AuditLog.refused(refused.request(), refused.error().code(),
					refused.agentId(), refused.keyId(), refused.risk());
		}
	}

}
