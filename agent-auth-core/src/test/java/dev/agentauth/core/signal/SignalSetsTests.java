package dev.agentauth.core.signal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pushed SETs (RFC 8417 over RFC 8935): CAEP 1.0 {@code risk-level-change} with principal AGENT, RISC
 * {@code credential-compromise}, our key usage, unknown types ignored (RFC 8935 §2.2), RFC 8935 §2.4 error codes.
 */
class SignalSetsTests {

	private static final String MERCHANT = "merchant-a";

	private static final String REALM = "https://id.example/realms/shop";

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final String KID = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

	private static final String AGENT = "4f2c8d0e-1111-2222-3333-444455556666";

	@Test
	void parseWhenRiskLevelChangeWrittenByTheTransmitterThenReadsAgentLevelReasonAndKid() throws Exception {
		String set = SignalSets.riskLevelChange(MERCHANT, REALM, NOW, AGENT, KID, RiskLevel.HIGH, "velocity.burst");
		SignalSet parsed = SignalSets.parse(set, MERCHANT, REALM, NOW.plusSeconds(5), Duration.ofHours(1));
		assertThat(parsed.issuer()).isEqualTo(MERCHANT);
		assertThat(parsed.events()).containsExactly(new MerchantSignal.RiskLevelChange(AGENT, KID, RiskLevel.HIGH,
				null, "velocity.burst", NOW));
	}

	@Test
	void parseWhenSubjectInsideTheEventAsOlderCaepDraftsThenAccepted() throws Exception {
		String set = unsecured(Map.of("iss", MERCHANT, "aud", java.util.List.of(REALM), "iat", NOW.getEpochSecond(),
				"jti", "1", "events", Map.of(SignalSets.RISK_LEVEL_CHANGE, Map.of("principal", "AGENT",
						"current_level", "MEDIUM", "previous_level", "LOW", "subject",
						Map.of("format", "opaque", "id", AGENT)))));
		assertThat(SignalSets.parse(set, MERCHANT, REALM, NOW, Duration.ofHours(1)).events()).singleElement()
			.isEqualTo(new MerchantSignal.RiskLevelChange(AGENT, null, RiskLevel.MEDIUM, RiskLevel.LOW, null, null));
	}

	@Test
	void parseWhenCredentialCompromiseThenReadsKid() throws Exception {
		String set = SignalSets.credentialCompromise(MERCHANT, REALM, NOW, AGENT, KID, "key seen in a paste");
		assertThat(SignalSets.parse(set, MERCHANT, REALM, NOW, Duration.ofHours(1)).events()).singleElement()
			.isEqualTo(new MerchantSignal.CredentialCompromise(KID, AGENT, "agent-key", "key seen in a paste"));
	}

	@Test
	void parseWhenKeyUsageThenReadsTimes() throws Exception {
		String set = SignalSets.keyUsage(MERCHANT, REALM, NOW, Map.of(KID, NOW.minusSeconds(30)));
		assertThat(SignalSets.parse(set, MERCHANT, REALM, NOW, Duration.ofHours(1)).events()).singleElement()
			.isEqualTo(new MerchantSignal.KeyUsage(Map.of(KID, NOW.minusSeconds(30))));
	}

	@Test
	void parseWhenUnknownTypeOrOtherPrincipalThenUnrecognizedNotRefused() throws Exception {
		String set = unsecured(Map.of("iss", MERCHANT, "aud", REALM, "iat", NOW.getEpochSecond(), "jti", "2",
				"events", Map.of("https://schemas.openid.net/secevent/caep/event-type/session-revoked", Map.of(),
						SignalSets.RISK_LEVEL_CHANGE, Map.of("principal", "USER", "current_level", "HIGH"))));
		assertThat(SignalSets.parse(set, MERCHANT, REALM, NOW, Duration.ofHours(1)).events())
			.allMatch((event) -> event instanceof MerchantSignal.Unrecognized).hasSize(2);
	}

	@Test
	void parseWhenIssuerIsAnotherClientThenInvalidIssuer() {
		String set = SignalSets.riskLevelChange("merchant-b", REALM, NOW, AGENT, KID, RiskLevel.HIGH, null);
		assertErr(set, SignalSetException.INVALID_ISSUER);
	}

	@Test
	void parseWhenAudienceIsAnotherRealmThenInvalidAudience() {
		String set = SignalSets.riskLevelChange(MERCHANT, "https://id.example/realms/other", NOW, AGENT, KID,
				RiskLevel.HIGH, null);
		assertErr(set, SignalSetException.INVALID_AUDIENCE);
	}

	@Test
	void parseWhenSignedOrMalformedOrStaleThenInvalidRequest() {
		String good = SignalSets.riskLevelChange(MERCHANT, REALM, NOW, AGENT, KID, RiskLevel.HIGH, null);
		String[] parts = good.split("\\.", -1);
		String signedHeader = Base64URL.encode("{\"alg\":\"HS256\",\"typ\":\"secevent+jwt\"}").toString();
		assertErr(signedHeader + "." + parts[1] + ".c2ln", SignalSetException.INVALID_REQUEST);
		assertErr(parts[0] + "." + parts[1] + ".c2ln", SignalSetException.INVALID_REQUEST);
		assertErr(Base64URL.encode("{\"alg\":\"none\"}") + "." + parts[1] + ".", SignalSetException.INVALID_REQUEST);
		assertErr("not a jwt", SignalSetException.INVALID_REQUEST);
		assertErr("", SignalSetException.INVALID_REQUEST);
		String stale = SignalSets.riskLevelChange(MERCHANT, REALM, NOW.minus(Duration.ofHours(2)), AGENT, KID,
				RiskLevel.HIGH, null);
		assertErr(stale, SignalSetException.INVALID_REQUEST);
		String future = SignalSets.riskLevelChange(MERCHANT, REALM, NOW.plusSeconds(120), AGENT, KID, RiskLevel.HIGH,
				null);
		assertErr(future, SignalSetException.INVALID_REQUEST);
	}

	@Test
	void parseWhenEventPayloadIsWrongThenInvalidRequest() {
		assertErr(riskEvent(Map.of("principal", "AGENT", "current_level", "SEVERE")), SignalSetException.INVALID_REQUEST);
		assertErr(riskEvent(Map.of("principal", "AGENT")), SignalSetException.INVALID_REQUEST);
		assertErr(riskEvent(Map.of("principal", "AGENT", "current_level", "HIGH", "kid", "short")),
				SignalSetException.INVALID_REQUEST);
		String noSubject = unsecured(Map.of("iss", MERCHANT, "aud", REALM, "iat", NOW.getEpochSecond(), "jti", "3",
				"events", Map.of(SignalSets.RISK_LEVEL_CHANGE, Map.of("principal", "AGENT", "current_level", "HIGH"))));
		assertErr(noSubject, SignalSetException.INVALID_REQUEST);
		String compromiseWithoutKid = unsecured(Map.of("iss", MERCHANT, "aud", REALM, "iat", NOW.getEpochSecond(),
				"jti", "4", "events", Map.of(SignalSets.CREDENTIAL_COMPROMISE, Map.of("credential_type", "agent-key"))));
		assertErr(compromiseWithoutKid, SignalSetException.INVALID_REQUEST);
	}

	@Test
	void parseWhenATimeIsOutOfRangeNegativeOrNotFiniteThenInvalidRequest() {
		for (Object iat : new Object[] { 1e300, -1L, -1.5, 9.3e15, "1733054400" }) {
			assertErr(unsecured(Map.of("iss", MERCHANT, "aud", REALM, "iat", iat, "jti", "6", "events",
					Map.of(SignalSets.KEY_USAGE, Map.of("keys", Map.of())))), SignalSetException.INVALID_REQUEST);
		}
		for (Object time : new Object[] { 9.3e15, 1e300, -1L, -0.5, "yesterday" }) {
			assertErr(keyUsage(time), SignalSetException.INVALID_REQUEST);
			assertErr(riskEvent(Map.of("principal", "AGENT", "current_level", "HIGH", "event_timestamp", time)),
					SignalSetException.INVALID_REQUEST);
		}
	}

	@Test
	void parseWhenAnEventTimeIsBeyondTheAllowedSkewThenInvalidRequest() throws Exception {
		// one report dated 2100 would otherwise hold a key's last_used in the future for ever
		Instant future = Instant.parse("2100-01-01T00:00:00Z");
		assertErr(keyUsage(future.getEpochSecond()), SignalSetException.INVALID_REQUEST);
		assertErr(riskEvent(Map.of("principal", "AGENT", "current_level", "HIGH", "event_timestamp",
				NOW.plusSeconds(61).getEpochSecond())), SignalSetException.INVALID_REQUEST);
		assertThat(SignalSets.parse(keyUsage(NOW.plus(SignalSets.ALLOWED_SKEW).getEpochSecond()), MERCHANT, REALM, NOW,
				Duration.ofHours(1)).events()).singleElement()
			.isEqualTo(new MerchantSignal.KeyUsage(Map.of(KID, NOW.plus(SignalSets.ALLOWED_SKEW))));
	}

	private static String keyUsage(Object time) {
		return unsecured(Map.of("iss", MERCHANT, "aud", REALM, "iat", NOW.getEpochSecond(), "jti", "7", "events",
				Map.of(SignalSets.KEY_USAGE, Map.of("keys", Map.of(KID, time)))));
	}

	private static String riskEvent(Map<String, Object> event) {
		return unsecured(Map.of("iss", MERCHANT, "aud", REALM, "iat", NOW.getEpochSecond(), "jti", "5", "sub_id",
				Map.of("format", "opaque", "id", AGENT), "events", Map.of(SignalSets.RISK_LEVEL_CHANGE, event)));
	}

	private static void assertErr(String set, String err) {
		assertThatExceptionOfType(SignalSetException.class)
			.isThrownBy(() -> SignalSets.parse(set, MERCHANT, REALM, NOW, Duration.ofHours(1)))
			.satisfies((ex) -> assertThat(ex.err()).isEqualTo(err));
	}

	static String unsecured(Map<String, Object> claims) {
		return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"secevent+jwt\"}") + "."
				+ Base64URL.encode(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims)
					.getBytes(StandardCharsets.UTF_8)) + ".";
	}

}
