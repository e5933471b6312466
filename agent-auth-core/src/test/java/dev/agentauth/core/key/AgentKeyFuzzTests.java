package dev.agentauth.core.key;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.fuzz.Refusals;

import static dev.agentauth.core.fuzz.Refusals.require;

/**
 * Fuzz targets of JWK parsing (registration, key lookup answers) and RFC 7638 thumbprints: any JSON text, and any
 * combination of JWK members, is a key or is refused with {@link AgentAuthException}; an accepted key is public,
 * its thumbprint is 43 base64url characters, and its JSON parses back to the same key and thumbprint (also with
 * {@code kid} set to the thumbprint).
 */
class AgentKeyFuzzTests {

	private static final List<String> KTY = List.of("OKP", "EC", "RSA", "oct", "");

	private static final List<String> CRV = List.of("Ed25519", "X25519", "P-256", "P-384", "secp256k1", "Ed448");

	@FuzzTest(maxDuration = "30s")
	void jwkTextIsAKeyOrIsRefused(byte[] input) {
		String json = new String(input, StandardCharsets.UTF_8);
		AgentKey key;
		try {
			key = AgentKey.parse(json);
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
			return;
		}
		checkAccepted(key);
	}

	@FuzzTest(maxDuration = "30s")
	void jwkMembersAreAKeyOrAreRefused(FuzzedDataProvider data) {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("kty", data.pickValue(KTY));
		if (data.consumeBoolean()) {
			members.put("crv", data.pickValue(CRV));
		}
		for (String name : List.of("x", "y", "n", "e", "kid", "alg", "use", "d")) {
			if (data.consumeBoolean()) {
				members.put(name, data.consumeString(400));
			}
		}
		AgentKey key;
		try {
			key = AgentKey.from(members);
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
			return;
		}
		checkAccepted(key);
	}

	private static void checkAccepted(AgentKey key) {
		require(!key.jwk().isPrivate(), "Accepted a private key");
		String thumbprint = key.thumbprint();
		require(thumbprint.matches("[A-Za-z0-9_-]{43}"), "Not a SHA-256 base64url thumbprint: " + thumbprint);
		try {
			AgentKey again = AgentKey.parse(JSONObjectUtils.toJSONString(key.toJsonObject()));
			require(again.equals(key) && again.thumbprint().equals(thumbprint), "A key changed in a round trip");
			Map<String, Object> withKid = new LinkedHashMap<>(key.toJsonObject());
			withKid.put("kid", thumbprint);
			require(AgentKey.from(withKid).thumbprint().equals(thumbprint), "kid = thumbprint changed the thumbprint");
		}
		catch (AgentAuthException ex) {
			throw new AssertionError("An accepted key does not parse back: " + ex.getMessage(), ex);
		}
	}

}
