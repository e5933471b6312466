package dev.agentauth.core.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.agentauth.core.conformance.ConformanceVectorGenerator.NOW;
import static dev.agentauth.core.conformance.ConformanceVectorGenerator.TAP_JWKS;
import static dev.agentauth.core.conformance.ConformanceVectorGenerator.TAP_KEY;
import static dev.agentauth.core.conformance.ConformanceVectorGenerator.TAP_KID;

// visa-tap vectors: Visa Trusted Agent Protocol's public rules over RFC 9421 (no code of theirs)
final class VisaTapVectors {

	private static final String PROFILE = "visa-tap";

	private static final String TAP = "Visa Trusted Agent Protocol (public specification), signature rules";

	private static final String URI = "https://merchant.example/products/42?color=red";

	private static final String AUTHORITY = "\"@authority\": merchant.example";

	private static final String PATH = "\"@path\": /products/42";

	private static final String COVERED = "\"@authority\" \"@path\"";

	private VisaTapVectors() {
	}

	static List<Map<String, Object>> all() {
		List<Map<String, Object>> vectors = new ArrayList<>();
		List<String> base = List.of(AUTHORITY, PATH);
		vectors.add(get("tap-browser-verified", "A browsing agent's signature: @authority and @path, 8-minute window",
				TAP, base, COVERED, params(NOW - 5, NOW - 5 + 480, TAP_KID, "1", "agent-browser-auth"), false,
				"verified", null));
		String body = "{\"cart\":\"c-1\",\"amount\":\"19.99\"}";
		String digest = ConformanceVectorGenerator.contentDigest(body);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("Content-Digest", digest);
		headers.putAll(ConformanceVectorGenerator.sign(TAP_KEY, "sig1",
				List.of(AUTHORITY, "\"@path\": /checkout", "\"content-digest\": " + digest),
				COVERED + " \"content-digest\"", params(NOW - 5, NOW + 60, TAP_KID, "2", "agent-payer-auth")));
		vectors.add(vector("tap-payer-verified",
				"A paying agent's POST: @authority, @path and the body's Content-Digest (RFC 9530) covered",
				TAP + "; RFC 9530 Section 2", ConformanceVectorGenerator.request("POST",
						"https://merchant.example/checkout", headers, body), false, "verified", null));
		vectors.add(get("tap-window-9-minutes", "created and expires 9 minutes apart (at most 8 are allowed)", TAP,
				base, COVERED, params(NOW - 5, NOW - 5 + 540, TAP_KID, "3", "agent-browser-auth"), false, "invalid",
				"signature_lifetime_too_long"));
		vectors.add(get("tap-nonce-replayed", "The same signed request twice: the nonce is remembered for the window",
				TAP + "; RFC 9421 Section 7.2.2", base, COVERED,
				params(NOW - 5, NOW + 60, TAP_KID, "4", "agent-browser-auth"), true, "invalid", "nonce_replayed"));
		vectors.add(get("tap-nonce-missing", "No nonce (a GET, which other profiles would accept without one)", TAP,
				base, COVERED, params(NOW - 5, NOW + 60, TAP_KID, null, "agent-browser-auth"), false, "invalid",
				"nonce_required"));
		vectors.add(get("tap-path-not-covered", "@path not covered", TAP, List.of(AUTHORITY), "\"@authority\"",
				params(NOW - 5, NOW + 60, TAP_KID, "6", "agent-browser-auth"), false, "invalid", "component_missing"));
		vectors.add(get("tap-wrong-tag", "Tagged web-bot-auth, not agent-browser-auth or agent-payer-auth", TAP, base,
				COVERED, params(NOW - 5, NOW + 60, TAP_KID, "7", "web-bot-auth"), false, "invalid",
				"signature_tag_not_allowed"));
		vectors.add(get("tap-unknown-kid", "A kid the scheme's JWKS does not list: the verifier cannot decide",
				TAP + "; draft-meunier-webbotauth-httpsig-protocol, Verifier Outcomes", base, COVERED,
				params(NOW - 5, NOW + 60, "tap-key-2025-12", "8", "agent-browser-auth"), false, "unverified",
				"unknown_key"));
		return vectors;
	}

	private static String params(long created, long expires, String kid, String nonce, String tag) {
		return ";created=" + created + ";expires=" + expires + ";keyid=\"" + kid + "\";alg=\"ed25519\""
				+ ((nonce != null) ? ";nonce=\"" + ConformanceVectorGenerator.nonce("visa-tap " + nonce) + "\"" : "")
				+ ";tag=\"" + tag + "\"";
	}

	private static Map<String, Object> get(String id, String description, String spec, List<String> base,
			String covered, String parameters, boolean replay, String outcome, String code) {
		Map<String, String> headers = ConformanceVectorGenerator.sign(TAP_KEY, "sig1", base, covered, parameters);
		Map<String, Object> vector = vector(id, description, spec,
				ConformanceVectorGenerator.request("GET", URI, headers, null), replay, outcome, code);
		return vector;
	}

	private static Map<String, Object> vector(String id, String description, String spec, Map<String, Object> request,
			boolean replay, String outcome, String code) {
		return ConformanceVectorGenerator.vector(id, PROFILE, description, spec, true, request,
				ConformanceVectorGenerator.keys("jwks", TAP_JWKS, ConformanceVectorGenerator.jwk(TAP_KEY, TAP_KID)),
				replay, outcome, code);
	}

}
