package dev.agentauth.core.revocation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * One revocation event, as carried by a Security Event Token (RFC 8417): claims {@code iss}, {@code iat},
 * {@code jti}, {@code aud} and {@code events} = {@code {"urn:agentauth:secevent:<type>": {"subject": id,
 * "agent_id": id?}}}.
 *
 * @param id the SET's {@code jti} (what the poll acknowledges)
 * @param type what happened
 * @param subject the grant id, agent id or key thumbprint
 * @param agentId the agent concerned, when the subject is a grant or key
 * @param issuedAt when it happened ({@code iat})
 * @since 0.1.0
 */
public record RevocationEvent(String id, RevocationEventType type, String subject, @Nullable String agentId,
		Instant issuedAt) {

	public RevocationEvent {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(type, "type cannot be null");
		Objects.requireNonNull(subject, "subject cannot be null");
		Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
	}

	/** The SET claims (without {@code iss} and {@code aud}, which the issuer adds). */
	public Map<String, Object> toSetClaims() {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("subject", this.subject);
		if (this.agentId != null) {
			event.put("agent_id", this.agentId);
		}
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("jti", this.id);
		claims.put("iat", this.issuedAt.getEpochSecond());
		claims.put("events", Map.of(this.type.uri(), event));
		return claims;
	}

	/**
	 * Reads the (already verified) claims of a SET; {@code iat} may be a number, an {@link Instant} or a
	 * {@link java.util.Date}, as JWT libraries return it.
	 * @throws AgentAuthException {@code revocation_event_invalid} if it is not one of our events
	 */
	public static RevocationEvent fromSetClaims(Map<String, Object> claims) throws AgentAuthException {
		Object iatClaim = claims.get("iat");
		Long iat = (iatClaim instanceof Number number) ? Long.valueOf(number.longValue())
				: (iatClaim instanceof java.util.Date date) ? Long.valueOf(date.getTime() / 1000)
						: (iatClaim instanceof Instant instant) ? Long.valueOf(instant.getEpochSecond()) : null;
		if (!(claims.get("jti") instanceof String jti) || iat == null) {
			throw invalid("A security event token needs 'jti' and 'iat'");
		}
		if (!(claims.get("events") instanceof Map<?, ?> events) || events.size() != 1) {
			throw invalid("A security event token must carry exactly one event");
		}
		Map.Entry<?, ?> entry = events.entrySet().iterator().next();
		RevocationEventType type = RevocationEventType.fromUri(String.valueOf(entry.getKey()));
		if (type == null) {
			throw invalid("Unknown event type " + entry.getKey());
		}
		if (!(entry.getValue() instanceof Map<?, ?> event) || !(event.get("subject") instanceof String subject)) {
			throw invalid("The event has no 'subject'");
		}
		Object agentId = event.get("agent_id");
		if (iat < Instant.MIN.getEpochSecond() || iat > Instant.MAX.getEpochSecond()) {
			throw invalid("'iat' is out of range");
		}
		return new RevocationEvent(jti, type, subject, (agentId instanceof String value) ? value : null,
				Instant.ofEpochSecond(iat));
	}

	private static AgentAuthException invalid(String message) {
		return new AgentAuthException(ErrorCode.REVOCATION_EVENT_INVALID, message);
	}

}
