package dev.agentauth.merchant.signature;

import java.io.Serial;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A verified agent request.
 *
 * @since 0.1.0
 */
public final class AgentRequestAcceptedEvent extends AgentRequestEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final AgentPrincipal agent;

	public AgentRequestAcceptedEvent(HttpServletRequest request, AgentPrincipal agent) {
		super(request);
		this.agent = Objects.requireNonNull(agent, "agent cannot be null");
	}

	/** The agent that signed the request. */
	public AgentPrincipal agent() {
		return this.agent;
	}

}
