package dev.agentauth.merchant.signature;

import java.io.Serial;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

/**
 * A decision on an agent request, published to the application context: {@link AgentRequestAcceptedEvent} or
 * {@link AgentRequestRefusedEvent}. The starter's audit log, metrics and risk layer listen to them; so can the
 * application. Listeners run on the request's thread (unless the application makes its event multicaster
 * asynchronous), must be fast and must not throw.
 *
 * @since 0.1.0
 */
public abstract sealed class AgentRequestEvent extends ApplicationEvent
		permits AgentRequestAcceptedEvent, AgentRequestRefusedEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient @Nullable Duration elapsed;

	AgentRequestEvent(HttpServletRequest request) {
		super(request);
		this.elapsed = VerificationOutcomeListener.elapsed(request);
	}

	/** The request decided on. */
	public HttpServletRequest request() {
		return (HttpServletRequest) getSource();
	}

	/** Time spent verifying, if verification started. */
	public @Nullable Duration elapsed() {
		return this.elapsed;
	}

}
