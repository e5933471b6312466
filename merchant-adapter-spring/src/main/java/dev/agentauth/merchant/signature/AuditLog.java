package dev.agentauth.merchant.signature;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.RequestId;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.signature.VerificationOutcome;
import dev.agentauth.core.signature.VerificationProfile;
import dev.agentauth.merchant.risk.RiskAuditFields;

/**
 * The audit trail: one line per decision on the logger {@code agentauth.audit}. The message is the compact
 * {@code key=value} line; the same facts ride along as SLF4J key-value pairs named after the Elastic Common Schema
 * ({@code event.outcome}, {@code event.reason}, {@code http.request.method}, {@code url.path},
 * {@code http.request.id}, {@code source.ip}, {@code user_agent.original}; the agent under {@code agentauth.*}, since
 * ECS's own {@code agent.*} names the log shipper), so Spring Boot's structured logging
 * ({@code logging.structured.format.console=ecs}) writes them as ECS fields. Pattern layouts ({@code %m}) print the
 * message only.
 */
final class AuditLog {

	private static final Logger audit = LoggerFactory.getLogger("agentauth.audit");

	private AuditLog() {
	}

	static void accepted(HttpServletRequest request, AgentPrincipal agent) {
		if (!audit.isInfoEnabled()) {
			return;
		}
		String requestId = requestId(request);
		LoggingEventBuilder event = event(request, "success", null, requestId)
			.addKeyValue("agentauth.agent_id", agent.agentId())
			.addKeyValue("agentauth.keyid", agent.keyId())
			.addKeyValue("agentauth.operator", agent.operator());
		if (agent.registry() != null) {
			event.addKeyValue("agentauth.registry", agent.registry());
		}
		// with several trusted registries the line names the one that registered the key
		String registry = ((agent.registry() != null) ? " registry=" + agent.registry() : "") + profile(request, event);
		RiskDecision risk = agent.risk();
		if (risk != null) {
			risk(event, risk).log(
					"outcome=accepted agent={} keyid={} operator={}{} method={} path={} request_id={} client={} {}",
					agent.agentId(), agent.keyId(), agent.operator(), registry, request.getMethod(),
					request.getRequestURI(), requestId, request.getRemoteAddr(),
					RiskAuditFields.of(risk));
			return;
		}
		event.log("outcome=accepted agent={} keyid={} operator={}{} method={} path={} request_id={} client={}",
				agent.agentId(), agent.keyId(), agent.operator(), registry, request.getMethod(),
				request.getRequestURI(), requestId, request.getRemoteAddr());
	}

	static void refused(HttpServletRequest request, ErrorCode code, @Nullable String agentId, @Nullable String keyId) {
		refused(request, code, agentId, keyId, null);
	}

	/** A refusal; by the risk layer when {@code risk} is given (its fields end the line). */
	static void refused(HttpServletRequest request, ErrorCode code, @Nullable String agentId, @Nullable String keyId,
			@Nullable RiskDecision risk) {
		if (!audit.isInfoEnabled()) {
			return;
		}
		String requestId = requestId(request);
		LoggingEventBuilder event = event(request, "failure", code, requestId);
		String profile = profile(request, event);
		if (risk != null) {
			risk(event.addKeyValue("agentauth.agent_id", agentId).addKeyValue("agentauth.keyid", keyId), risk).log(
					"outcome=refused reason={} agent={} keyid={}{} method={} path={} request_id={} client={} {}",
					code.code(), agentId, keyId, profile, request.getMethod(), request.getRequestURI(), requestId,
					request.getRemoteAddr(), RiskAuditFields.of(risk));
		}
		else if (keyId != null) {
			// the key was resolved before the refusal: name the registered agent and key
			event.addKeyValue("agentauth.agent_id", agentId)
				.addKeyValue("agentauth.keyid", keyId)
				.log("outcome=refused reason={} agent={} keyid={}{} method={} path={} request_id={} client={}",
						code.code(), agentId, keyId, profile, request.getMethod(), request.getRequestURI(), requestId,
						request.getRemoteAddr());
		}
		else {
			event.log("outcome=refused reason={} method={} path={} request_id={} client={}", code.code(),
					request.getMethod(), request.getRequestURI(), requestId, request.getRemoteAddr());
		}
	}

	// the verification profile and its outcome (verified, invalid, unverified), as key-value pairs whenever known
	// and on the line for the profiles other than agent-auth (brokered keys, simple headers)
	private static String profile(HttpServletRequest request, LoggingEventBuilder event) {
		Object profile = request.getAttribute(AgentSignatureAuthenticationProvider.PROFILE_ATTRIBUTE);
		Object outcome = request.getAttribute(AgentSignatureAuthenticationProvider.OUTCOME_ATTRIBUTE);
		String verification = (outcome instanceof VerificationOutcome.Status status)
				? status.name().toLowerCase(Locale.ROOT) : null;
		if (profile != null) {
			event.addKeyValue("agentauth.profile", profile.toString());
		}
		if (verification != null) {
			event.addKeyValue("agentauth.verification", verification);
		}
		if (profile == null || VerificationProfile.AGENT_AUTH.equals(profile)) {
			return "";
		}
		return " profile=" + profile + ((verification != null) ? " verification=" + verification : "");
	}

	// the X-Request-Id header for the audit line (dev.agentauth.core.RequestId: so it cannot forge fields)
	private static String requestId(HttpServletRequest request) {
		return RequestId.sanitize(request.getHeader(RequestId.HEADER));
	}

	// the risk decision as key-value pairs too (structured logging)
	private static LoggingEventBuilder risk(LoggingEventBuilder event, RiskDecision risk) {
		return event.addKeyValue("agentauth.risk.decision_id", risk.decisionId())
			.addKeyValue("agentauth.risk.score", risk.score())
			.addKeyValue("agentauth.risk.action", risk.wouldBe().value())
			.addKeyValue("agentauth.risk.enforced", risk.enforced())
			.addKeyValue("agentauth.risk.mode", risk.mode().value())
			.addKeyValue("agentauth.risk.degraded", risk.degraded())
			.addKeyValue("agentauth.risk.rules", risk.rulesSummary());
	}

	private static LoggingEventBuilder event(HttpServletRequest request, String outcome, @Nullable ErrorCode code,
			String requestId) {
		LoggingEventBuilder event = audit.atInfo()
			.addKeyValue("event.kind", "event")
			.addKeyValue("event.category", "authentication")
			.addKeyValue("event.action", "agent-request")
			.addKeyValue("event.outcome", outcome);
		if (code != null) {
			event.addKeyValue("event.reason", code.code());
		}
		event.addKeyValue("http.request.method", request.getMethod())
			.addKeyValue("url.path", request.getRequestURI())
			.addKeyValue("source.ip", request.getRemoteAddr());
		if (!"-".equals(requestId)) {
			event.addKeyValue("http.request.id", requestId);
		}
		String userAgent = request.getHeader("User-Agent");
		if (userAgent != null) {
			event.addKeyValue("user_agent.original", userAgent);
		}
		return event;
	}

}
