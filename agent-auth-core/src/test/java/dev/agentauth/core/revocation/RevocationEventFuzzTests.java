package dev.agentauth.core.revocation;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.fuzz.Refusals;

import static dev.agentauth.core.fuzz.Refusals.require;

/**
 * Fuzz target of RFC 8417 security event tokens from the revocation feed (their claims, after the signature
 * check): read or refused with {@link AgentAuthException}; a read event writes claims that read back the same.
 */
class RevocationEventFuzzTests {

	@FuzzTest(maxDuration = "30s")
	void setClaimsAreReadOrRefusedAndRoundTrip(byte[] input) {
		String json = new String(input, StandardCharsets.UTF_8);
		Map<String, Object> claims;
		try {
			claims = JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			return; // the JWT library refuses it before us
		}
		RevocationEvent event;
		try {
			event = RevocationEvent.fromSetClaims(claims);
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
			return;
		}
		try {
			RevocationEvent again = RevocationEvent
				.fromSetClaims(JSONObjectUtils.parse(JSONObjectUtils.toJSONString(event.toSetClaims())));
			require(again.equals(event), "A revocation event changed in a round trip: " + again + " vs " + event);
		}
		catch (AgentAuthException | ParseException ex) {
			throw new AssertionError("The claims of a read event do not read back", ex);
		}
	}

}
