package dev.agentauth.core.delegation;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.fuzz.Refusals;
import dev.agentauth.core.signature.CompactJws;
import dev.agentauth.core.signature.FuzzKeys;
import dev.agentauth.core.signature.SigningKey;

import static dev.agentauth.core.fuzz.Refusals.require;

/**
 * Fuzz targets of the delegation claims an attacker can shape: {@code authorization_details} (consent request,
 * token exchange, delegation token), the delegation token's claims ({@code act}, {@code cnf},
 * {@code authorization_details}, {@code aud}, {@code exp}), the actor token (its header, claims and signature),
 * and the consent request's plain parameters (grant lifetime, scope). Everything is read or refused with
 * {@link AgentAuthException}; {@code authorization_details} round-trip; a mutated valid actor token is never
 * accepted unless it is the same signed token.
 */
class DelegationFuzzTests {

	private static final String AUDIENCE = "https://id.example/realms/shop";

	private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

	private static final SigningKey KEY = FuzzKeys.rfc8037();

	private static final ActorTokenVerifier VERIFIER = new ActorTokenVerifier(AUDIENCE, Duration.ofSeconds(30),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private static final String ACTOR_TOKEN = actorToken();

	@FuzzTest(maxDuration = "30s")
	void authorizationDetailsAreReadOrRefusedAndRoundTrip(byte[] input) {
		String json = new String(input, StandardCharsets.UTF_8);
		DelegationDetails details;
		try {
			details = DelegationDetails.parse(json);
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
			return;
		}
		String serialized = details.toJson();
		try {
			DelegationDetails again = DelegationDetails.parse(serialized);
			require(again.equals(details), "authorization_details changed in a round trip: " + serialized);
			require(again.toJson().equals(serialized), "the serialization is not stable: " + serialized);
			for (String merchant : details.merchants()) {
				require(details.narrow(null, merchant).merchants().equals(List.of(merchant)),
						"narrowing to an allowed merchant kept others");
			}
		}
		catch (AgentAuthException ex) {
			throw new AssertionError("Serialized authorization_details do not parse: " + serialized, ex);
		}
	}

	@FuzzTest(maxDuration = "30s")
	void delegationTokenClaimsAreReadOrRefused(byte[] input) {
		String json = new String(input, StandardCharsets.UTF_8);
		Map<String, Object> claims;
		try {
			claims = JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			return; // the JWT library refuses it before us
		}
		DelegationToken token;
		try {
			token = DelegationToken.fromClaims(claims);
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
			return;
		}
		require(!token.agentId().isEmpty() && !token.keyThumbprint().isEmpty() && !token.subject().isEmpty(),
				"A delegation token without agent, key or subject was read");
		try {
			token.checkBinding(token.agentId(), token.keyThumbprint());
		}
		catch (AgentAuthException ex) {
			throw new AssertionError("A token is not bound to its own act.sub and cnf.jkt", ex);
		}
	}

	@FuzzTest(maxDuration = "30s")
	void actorTokenIsVerifiedOrRefused(FuzzedDataProvider data) {
		String token;
		if (data.consumeBoolean()) {
			token = data.consumeRemainingAsString();
		}
		else {
			// a well-signed token over fuzzed claims: the claim checks must hold on their own
			Map<String, Object> claims = new LinkedHashMap<>();
			for (String name : List.of("iss", "sub", "aud", "jti")) {
				if (data.consumeBoolean()) {
					claims.put(name, data.consumeBoolean() ? AUDIENCE : data.consumeString(40));
				}
			}
			for (String name : List.of("iat", "exp", "nbf")) {
				if (data.consumeBoolean()) {
					claims.put(name, data.consumeBoolean() ? data.consumeLong() : NOW.getEpochSecond()
							+ data.consumeInt(-120, 120));
				}
			}
			token = CompactJws.sign(KEY, "JWT", claims);
		}
		try {
			ActorTokenVerifier.keyId(token);
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
		}
		try {
			ActorTokenClaims claims = VERIFIER.verify(token, KEY.publicKey());
			require(!claims.agentId().isEmpty() && !claims.jti().isEmpty(), "Accepted without agent id or jti");
			require(claims.expires().isAfter(claims.issuedAt()), "Accepted exp <= iat");
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
		}
	}

	@FuzzTest(maxDuration = "30s")
	void mutatedActorTokenIsNeverAccepted(FuzzedDataProvider data) {
		StringBuilder token = new StringBuilder(ACTOR_TOKEN);
		int edits = data.consumeInt(1, 4);
		for (int i = 0; i < edits; i++) {
			int position = data.consumeInt(0, token.length() - 1);
			switch (data.consumeInt(0, 2)) {
				case 0 -> token.insert(position, data.consumeChar());
				case 1 -> token.deleteCharAt(position);
				default -> token.setCharAt(position, data.consumeChar());
			}
			if (token.isEmpty()) {
				return;
			}
		}
		String mutated = token.toString();
		try {
			VERIFIER.verify(mutated, KEY.publicKey());
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
			return;
		}
		// accepted: the signed part (header.payload) must be the original, and the signature decode to the same bytes
		String[] original = ACTOR_TOKEN.split("\\.");
		String[] parts = mutated.split("\\.", -1);
		require(parts.length == 3 && parts[0].equals(original[0]) && parts[1].equals(original[1]),
				"Accepted an actor token with another header or payload: " + mutated);
		require(Arrays.equals(new Base64URL(parts[2]).decode(), new Base64URL(original[2]).decode()),
				"Accepted an actor token with other signature bytes: " + mutated);
	}

	@FuzzTest(maxDuration = "30s")
	void consentParametersAreReadOrIgnored(FuzzedDataProvider data) {
		String lifetime = data.consumeString(60);
		String scope = data.consumeRemainingAsString();
		Duration duration = ConsentParameters.lifetime(lifetime);
		require(duration == null || (!duration.isNegative() && !duration.isZero()),
				"A non-positive grant lifetime was read: " + duration);
		List<String> names = ConsentParameters.scopeNames(scope);
		require(names.stream().distinct().count() == names.size(), "A scope name is repeated: " + names);
		// RFC 6749 §3.3: names are delimited by spaces; other characters are the client scope's business (a name
		// that no client scope has is ignored by the consent page)
		String delimiters = " \t\n\r\f\u000B";
		require(names.stream()
			.noneMatch((name) -> name.isEmpty() || name.chars().anyMatch((c) -> delimiters.indexOf(c) >= 0)),
				"A scope name is empty or holds a delimiter: " + names);
	}

	private static String actorToken() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", "agent-1");
		claims.put("sub", "agent-1");
		claims.put("aud", AUDIENCE);
		claims.put("iat", NOW.getEpochSecond());
		claims.put("exp", NOW.getEpochSecond() + 30);
		claims.put("jti", "jti-1");
		return CompactJws.sign(KEY, "JWT", claims);
	}

}
