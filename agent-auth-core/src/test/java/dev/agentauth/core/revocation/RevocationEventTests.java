package dev.agentauth.core.revocation;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RevocationEventTests {

	@Test
	void setClaimsRoundTripWithOneEventPerToken() throws Exception {
		// RFC 8417 §2.2: "events" maps an event type URI to its payload
		RevocationEvent event = new RevocationEvent("e-1", RevocationEventType.GRANT_REVOKED, "g-1", "a-1",
				Instant.ofEpochSecond(1_800_000_000L));
		Map<String, Object> claims = event.toSetClaims();
		assertThat(claims).containsEntry("jti", "e-1").containsEntry("iat", 1_800_000_000L);
		assertThat(claims.get("events")).isEqualTo(
				Map.of("urn:agentauth:secevent:grant-revoked", Map.of("subject", "g-1", "agent_id", "a-1")));
		assertThat(RevocationEvent.fromSetClaims(claims)).isEqualTo(event);
	}

	@Test
	void fromSetClaimsWhenIatIsBeyondInstantThenInvalid() {
		Map<String, Object> claims = new HashMap<>(new RevocationEvent("e-3", RevocationEventType.AGENT_SUSPENDED, "a-1",
				null, Instant.ofEpochSecond(1_800_000_000L)).toSetClaims());
		claims.put("iat", Long.MIN_VALUE);
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> RevocationEvent.fromSetClaims(claims))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.REVOCATION_EVENT_INVALID));
	}

	@Test
	void fromSetClaimsAcceptsADateOrInstantIat() throws Exception {
		Map<String, Object> claims = new HashMap<>(new RevocationEvent("e-2", RevocationEventType.AGENT_SUSPENDED, "a-1",
				null, Instant.ofEpochSecond(1_800_000_000L)).toSetClaims());
		claims.put("iat", new Date(1_800_000_000_000L));
		assertThat(RevocationEvent.fromSetClaims(claims).issuedAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
		claims.put("iat", Instant.ofEpochSecond(1_800_000_000L));
		assertThat(RevocationEvent.fromSetClaims(claims).issuedAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
	}

	@Test
	void fromSetClaimsRefusesForeignOrMalformedEvents() {
		for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of("iat", 1),
				Map.of("jti", "x", "iat", 1, "events", Map.of()),
				Map.of("jti", "x", "iat", 1, "events", Map.of("https://schemas.openid.net/secevent/risc", Map.of())),
				Map.of("jti", "x", "iat", 1, "events", Map.of("urn:agentauth:secevent:key-revoked", Map.of())))) {
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> RevocationEvent.fromSetClaims(bad))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.REVOCATION_EVENT_INVALID));
		}
	}

}
