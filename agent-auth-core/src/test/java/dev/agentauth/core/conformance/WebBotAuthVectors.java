package dev.agentauth.core.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import static dev.agentauth.core.conformance.ConformanceVectorGenerator.NOW;
import static dev.agentauth.core.conformance.ConformanceVectorGenerator.WBA_AGENT;
import static dev.agentauth.core.conformance.ConformanceVectorGenerator.WBA_DIRECTORY;
import static dev.agentauth.core.conformance.ConformanceVectorGenerator.WBA_KEY;

// negative (and two positive) web-bot-auth vectors written from draft-meunier-webbotauth-httpsig-protocol
final class WebBotAuthVectors {

	private static final String PROFILE = "web-bot-auth";

	private static final String URI = "https://merchant.example/products?page=2";

	private static final String AUTHORITY = "\"@authority\": merchant.example";

	private static final String GENERATING = "draft-meunier-webbotauth-httpsig-protocol, Generating HTTP Message Signature";

	private static final String SIGNATURE_AGENT = "draft-meunier-webbotauth-httpsig-protocol, Signature-Agent; RFC 9421 Section 2.1.2";

	private WebBotAuthVectors() {
	}

	static List<Map<String, Object>> all() {
		List<Map<String, Object>> vectors = new ArrayList<>();
		String dictionary = "sig1=\"" + WBA_AGENT + "\"";
		String member = "\"signature-agent\";key=\"sig1\": \"" + WBA_AGENT + "\"";
		String covered = "\"@authority\" \"signature-agent\";key=\"sig1\"";
		vectors.add(vector("agentauth-dictionary-form", "Signature-Agent in the dictionary form, its member covered",
				SIGNATURE_AGENT, WBA_KEY, List.of(AUTHORITY, member), covered, params(NOW - 10, NOW + 50, "web-bot-auth", 1),
				dictionary, true, "verified", null));
		vectors.add(vector("agentauth-string-form", "Signature-Agent in the earlier string form, covered",
				SIGNATURE_AGENT, WBA_KEY, List.of(AUTHORITY, "\"signature-agent\": \"" + WBA_AGENT + "\""),
				"\"@authority\" \"signature-agent\"", params(NOW - 10, NOW + 50, "web-bot-auth", 2),
				"\"" + WBA_AGENT + "\"", true, "verified", null));
		vectors.add(vector("agentauth-wrong-tag", "A valid signature tagged agent-auth, not web-bot-auth", GENERATING,
				WBA_KEY, List.of(AUTHORITY, member), covered, params(NOW - 10, NOW + 50, "agent-auth", 3), dictionary,
				true, "invalid", "signature_tag_not_allowed"));
		vectors.add(vector("agentauth-signature-agent-not-covered",
				"Signature-Agent sent but not covered by the signature", SIGNATURE_AGENT, WBA_KEY, List.of(AUTHORITY),
				"\"@authority\"", params(NOW - 10, NOW + 50, "web-bot-auth", 4), dictionary, true, "invalid",
				"component_missing"));
		vectors.add(vector("agentauth-signature-agent-member-absent",
				"The covered Signature-Agent member (sig1) is not in the field", SIGNATURE_AGENT, WBA_KEY,
				List.of(AUTHORITY, member), covered, params(NOW - 10, NOW + 50, "web-bot-auth", 5),
				"other=\"" + WBA_AGENT + "\"", true, "invalid", "component_missing"));
		vectors.add(vector("agentauth-authority-not-covered", "@authority (or @target-uri) not covered", GENERATING,
				WBA_KEY, List.of(member, "\"@path\": /products"), "\"signature-agent\";key=\"sig1\" \"@path\"",
				params(NOW - 10, NOW + 50, "web-bot-auth", 6), dictionary, true, "invalid", "component_missing"));
		vectors.add(vector("agentauth-expired", "expires one hour in the past",
				"RFC 9421 Section 3.2.1; draft-meunier-webbotauth-httpsig-protocol, Generating HTTP Message Signature",
				WBA_KEY, List.of(AUTHORITY, member), covered, params(NOW - 7200, NOW - 3600, "web-bot-auth", 7),
				dictionary, true, "invalid", "signature_expired"));
		vectors.add(vector("agentauth-signature-invalid", "Signed for another authority (other.example)",
				"RFC 9421 Section 3.2", WBA_KEY, List.of("\"@authority\": other.example", member), covered,
				params(NOW - 10, NOW + 50, "web-bot-auth", 8), dictionary, true, "invalid", "signature_invalid"));
		vectors.add(vector("agentauth-key-not-in-directory",
				"Signed with a key the directory does not list: the verifier cannot decide",
				"draft-meunier-webbotauth-httpsig-protocol, Verifier Outcomes", ConformanceVectorGenerator.OTHER_KEY,
				List.of(AUTHORITY, member), covered,
				params(NOW - 10, NOW + 50, "web-bot-auth", 9, ConformanceVectorGenerator.OTHER_KEY), dictionary, true,
				"unverified", "unknown_key"));
		vectors.add(vector("agentauth-test-key-refused",
				"A valid signature whose key's private half is published (this kit's): refused without allowTestKeys",
				"draft-meunier-webbotauth-httpsig-protocol, Test and Demonstration Keys", WBA_KEY,
				List.of(AUTHORITY, member), covered, params(NOW - 10, NOW + 50, "web-bot-auth", 10), dictionary, false,
				"invalid", "test_key_not_allowed"));
		return vectors;
	}

	private static String params(long created, long expires, String tag, int nonce) {
		return params(created, expires, tag, nonce, WBA_KEY);
	}

	private static String params(long created, long expires, String tag, int nonce, Ed25519PrivateKeyParameters key) {
		return ";created=" + created + ";expires=" + expires + ";keyid=\""
				+ ConformanceVectorGenerator.thumbprint(key) + "\";alg=\"ed25519\";nonce=\""
				+ ConformanceVectorGenerator.nonce("web-bot-auth " + nonce) + "\";tag=\"" + tag + "\"";
	}

	private static Map<String, Object> vector(String id, String description, String spec,
			Ed25519PrivateKeyParameters key, List<String> baseLines, String componentList, String parameters,
			String signatureAgent, boolean allowTestKeys, String outcome, String code) {
		Map<String, String> headers = new LinkedHashMap<>(
				ConformanceVectorGenerator.sign(key, "sig1", baseLines, componentList, parameters));
		headers.put("Signature-Agent", signatureAgent);
		return ConformanceVectorGenerator.vector(id, PROFILE, description, spec, allowTestKeys,
				ConformanceVectorGenerator.request("GET", URI, headers, null),
				ConformanceVectorGenerator.keys("directory", WBA_DIRECTORY, ConformanceVectorGenerator.jwk(WBA_KEY, null)),
				false, outcome, code);
	}

}
