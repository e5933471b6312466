package dev.agentauth.merchant.signature;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit line's key=value message and the ECS-named key-value pairs that structured logging writes.
 */
class AuditLogTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger("agentauth.audit");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void attach() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void detach() {
		this.logger.detachAppender(this.appender);
	}

	@Test
	void acceptedThenMessageUnchangedAndEcsPairsNameOutcomeRequestAndAgent() {
		MockHttpServletRequest request = request();
		AuditLog.accepted(request, new AgentPrincipal("agent-1", "kid-1", "operator-1"));

		ILoggingEvent event = this.appender.list.get(0);
		assertThat(event.getFormattedMessage()).isEqualTo("outcome=accepted agent=agent-1 keyid=kid-1 "
				+ "operator=operator-1 method=POST path=/api/cart request_id=req-7 client=192.0.2.10");
		assertThat(pairs(event)).containsEntry("event.outcome", "success")
			.containsEntry("event.category", "authentication")
			.containsEntry("http.request.method", "POST")
			.containsEntry("url.path", "/api/cart")
			.containsEntry("http.request.id", "req-7")
			.containsEntry("source.ip", "192.0.2.10")
			.containsEntry("user_agent.original", "shopping-agent/1.0")
			.containsEntry("agentauth.agent_id", "agent-1")
			.containsEntry("agentauth.keyid", "kid-1")
			.containsEntry("agentauth.operator", "operator-1")
			.doesNotContainKey("event.reason");
	}

	@Test
	void refusedBeforeTheKeyWasResolvedThenReasonWithoutAgent() {
		MockHttpServletRequest request = request();
		request.removeHeader("X-Request-Id");
		request.removeHeader("User-Agent");
		AuditLog.refused(request, ErrorCode.SIGNATURE_MISSING, null, null);

		ILoggingEvent event = this.appender.list.get(0);
		assertThat(event.getFormattedMessage()).isEqualTo(
				"outcome=refused reason=signature_missing method=POST path=/api/cart request_id=- client=192.0.2.10");
		assertThat(pairs(event)).containsEntry("event.outcome", "failure")
			.containsEntry("event.reason", "signature_missing")
			.doesNotContainKeys("http.request.id", "user_agent.original", "agentauth.agent_id", "agentauth.keyid");
	}

	@Test
	void refusedAfterTheKeyWasResolvedThenAgentAndKeyid() {
		AuditLog.refused(request(), ErrorCode.NONCE_REPLAYED, "agent-1", "kid-1");

		ILoggingEvent event = this.appender.list.get(0);
		assertThat(event.getFormattedMessage()).startsWith("outcome=refused reason=nonce_replayed agent=agent-1 keyid=kid-1 ");
		assertThat(pairs(event)).containsEntry("event.reason", "nonce_replayed")
			.containsEntry("agentauth.agent_id", "agent-1")
			.containsEntry("agentauth.keyid", "kid-1");
	}

	@Test
	void listenerWhenRefusedByTheRiskLayerThenLineEndsWithTheDecision() {
		new AgentRequestAuditListener().onApplicationEvent(new AgentRequestRefusedEvent(request(),
				AgentAuthError.of(ErrorCode.RISK_TOO_HIGH, "refused"), "agent-1", "kid-1",
				AgentAuthErrorsTests.decision(dev.agentauth.core.risk.RiskAction.DENY), null));

		ILoggingEvent event = this.appender.list.get(0);
		assertThat(event.getFormattedMessage()).isEqualTo("outcome=refused reason=risk_too_high agent=agent-1 "
				+ "keyid=kid-1 method=POST path=/api/cart request_id=req-7 client=192.0.2.10 decision_id=d-1 score=80 "
				+ "action=deny enforced=true mode=enforce rules=[]");
		assertThat(pairs(event)).containsEntry("agentauth.risk.decision_id", "d-1");
	}

	@Test
	void listenerWhenAcceptedThenAcceptedLine() {
		new AgentRequestAuditListener().onApplicationEvent(
				new AgentRequestAcceptedEvent(request(), new AgentPrincipal("agent-1", "kid-1", "operator-1")));

		assertThat(this.appender.list.get(0).getFormattedMessage()).startsWith("outcome=accepted agent=agent-1 ");
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cart");
		request.setRemoteAddr("192.0.2.10");
		request.addHeader("X-Request-Id", "req-7");
		request.addHeader("User-Agent", "shopping-agent/1.0");
		return request;
	}

	private static Map<String, Object> pairs(ILoggingEvent event) {
		Map<String, Object> pairs = new LinkedHashMap<>();
		event.getKeyValuePairs().forEach((pair) -> pairs.put(pair.key, pair.value));
		return pairs;
	}

}
