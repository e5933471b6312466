package dev.agentauth.core.signature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.digest.ContentDigest;
import dev.agentauth.core.fuzz.Refusals;
import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.InMemoryNonceStore;
import dev.agentauth.core.structured.StructuredFieldException;
import dev.agentauth.core.structured.StructuredFieldParser;
import dev.agentauth.core.structured.StructuredInnerList;
import dev.agentauth.core.structured.StructuredItem;
import dev.agentauth.core.structured.StructuredMember;

import static dev.agentauth.core.fuzz.Refusals.require;

/**
 * Fuzz targets of RFC 9421 parsing and verification: {@code Signature-Input}/{@code Signature} parse or are
 * refused with {@link AgentAuthException} and round-trip; the {@code Accept-Signature} we send parses; the
 * signature base of arbitrary components over an arbitrary request is built or refused and has one line per
 * component; and a validly signed request that is mutated anywhere (either signature field, {@code Content-Digest},
 * method, target URI, body) is never accepted unless the mutation left everything signed the same.
 */
class SignatureFuzzTests {

	private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final SigningKey KEY = FuzzKeys.rfc8037();

	private static final byte[] BODY = "{\"item\":\"sku-1\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8);

	private static final SimpleHttpRequest SIGNED = sign();

	private static final SignedParts ORIGINAL = SignedParts.of(SIGNED);

	@FuzzTest(maxDuration = "30s")
	void signatureFieldsParseOrAreRefusedAndRoundTrip(FuzzedDataProvider data) {
		String signatureInput = data.consumeString(400);
		String signature = data.consumeRemainingAsString();
		Map<String, MessageSignature> parsed;
		try {
			parsed = MessageSignature.parse(List.of(signatureInput), List.of(signature));
		}
		catch (AgentAuthException ex) {
			Refusals.checkNoSignatureBase(ex, signatureInput, signature);
			return;
		}
		List<String> inputs = parsed.values().stream().map(MessageSignature::signatureInputMember).toList();
		List<String> signatures = parsed.values().stream().map(MessageSignature::signatureMember).toList();
		Map<String, MessageSignature> reparsed;
		try {
			reparsed = MessageSignature.parse(inputs, signatures);
		}
		catch (AgentAuthException ex) {
			throw new AssertionError("Serialized signatures do not parse: " + inputs, ex);
		}
		require(reparsed.keySet().equals(parsed.keySet()), "labels changed in a round trip: " + inputs);
		for (MessageSignature original : parsed.values()) {
			MessageSignature again = reparsed.get(original.label());
			require(again.parameters().equals(original.parameters()), "parameters changed: " + inputs);
			require(Arrays.equals(again.signature(), original.signature()), "signature bytes changed");
		}
	}

	@FuzzTest(maxDuration = "30s")
	void acceptSignatureWeSendParses(FuzzedDataProvider data) {
		String tag = data.consumeString(40);
		VerificationPolicy policy;
		try {
			policy = VerificationPolicy.builder().acceptedTags(Set.of(tag)).build();
		}
		catch (IllegalArgumentException ex) {
			return; // a tag an operator cannot configure
		}
		String value = policy.acceptSignature(data.consumeBoolean(), data.consumeBoolean());
		try {
			Map<String, StructuredMember> dictionary = StructuredFieldParser.parseDictionary(value);
			require(dictionary.size() == 1 && dictionary.get("sig1") instanceof StructuredInnerList,
					"Accept-Signature is not one inner list: " + value);
			// RFC 9421 §5.1: the components are ours; the parameters are flags ("include keyid") and the tag
			for (StructuredItem component : ((StructuredInnerList) dictionary.get("sig1")).items()) {
				CoveredComponent.from(component);
			}
			require(tag.equals(((StructuredInnerList) dictionary.get("sig1")).parameters().get("tag")),
					"Accept-Signature does not ask for the accepted tag: " + value);
		}
		catch (StructuredFieldException | AgentAuthException ex) {
			throw new AssertionError("Accept-Signature does not parse: " + value, ex);
		}
	}

	@FuzzTest(maxDuration = "30s")
	void signatureBaseOfArbitraryComponentsIsBuiltOrRefused(FuzzedDataProvider data) {
		SimpleHttpRequest.Builder builder = SimpleHttpRequest.builder();
		try {
			builder.method(data.consumeString(12)).uri(data.consumeString(120));
		}
		catch (IllegalArgumentException ex) {
			return; // not a URI a server hands over
		}
		int fields = data.consumeInt(0, 4);
		for (int i = 0; i < fields; i++) {
			builder.header(data.pickValue(List.of("content-digest", "authorization", "x-a", "signature", "example-dict",
					data.consumeString(16))), data.consumeString(80));
		}
		SimpleHttpRequest request = builder.build();
		StructuredInnerList innerList;
		try {
			Map<String, StructuredMember> input = StructuredFieldParser.parseDictionary(data.consumeRemainingAsString());
			if (input.isEmpty() || !(input.values().iterator().next() instanceof StructuredInnerList list)) {
				return;
			}
			innerList = list;
		}
		catch (StructuredFieldException ex) {
			return;
		}
		try {
			SignatureParameters parameters = SignatureParameters.from(innerList);
			SignatureBase base = SignatureBase.of(request, parameters);
			String[] lines = base.text().split("\n", -1);
			require(lines.length == parameters.components().size() + 1,
					"A component value broke a signature base line: " + Arrays.toString(lines));
			require(lines[lines.length - 1].equals("\"@signature-params\": " + parameters.serialize()),
					"The last line is not @signature-params");
		}
		catch (AgentAuthException ex) {
			Refusals.checkNoSignatureBase(ex, request.headers().toString(), innerList.toString());
		}
	}

	@FuzzTest(maxDuration = "30s")
	void mutatedSignedRequestIsNeverAccepted(FuzzedDataProvider data) {
		int target = data.consumeInt(0, 6);
		SimpleHttpRequest.Builder request = SIGNED.toBuilder();
		byte[] body = BODY;
		try {
			switch (target) {
				case 0 -> request.setHeader("Signature-Input", mutate(ORIGINAL.signatureInput, data));
				case 1 -> request.setHeader("Signature", mutate(ORIGINAL.signature, data));
				case 2 -> request.setHeader("Content-Digest", mutate(ORIGINAL.contentDigest, data));
				case 3 -> request.method(mutate(SIGNED.method(), data));
				case 4 -> request.uri(mutate(SIGNED.targetUri().toString(), data));
				case 5 -> body = mutate(new String(BODY, StandardCharsets.UTF_8), data).getBytes(StandardCharsets.UTF_8);
				default -> {
					// a second line of a signature field (RFC 9421 §4.3: more signatures)
					request.header(data.consumeBoolean() ? "Signature-Input" : "Signature", data.consumeString(200));
				}
			}
		}
		catch (IllegalArgumentException ex) {
			return; // not a URI a server hands over
		}
		SimpleHttpRequest mutated = request.build();
		RequestSignatureVerifier verifier = new RequestSignatureVerifier(VerificationPolicy.defaults(),
				(keyId) -> KEY.keyId().equals(keyId) ? new RegisteredKey("agent-1", AgentStatus.ACTIVE, "operator",
						KeyStatus.ACTIVE, null, null, KEY.publicKey()) : null,
				new InMemoryNonceStore(100, 10, CLOCK), CLOCK);
		VerifiedSignature verified;
		try {
			verified = verifier.verify(mutated, body);
		}
		catch (AgentAuthException ex) {
			Refusals.checkNoSignatureBase(ex, mutated.headers().toString(), mutated.targetUri().toString(),
					mutated.method());
			return;
		}
		// accepted: then everything the signature covers must be what was signed
		require(Arrays.equals(body, BODY), "Accepted a changed body");
		try {
			String base = SignatureBase.of(mutated, verified.parameters()).text();
			require(base.equals(ORIGINAL.base), "Accepted a request whose signature base changed:\n" + base);
			MessageSignature signature = MessageSignature
				.parse(mutated.headerValues("Signature-Input"), mutated.headerValues("Signature"))
				.get(verified.label());
			require(Arrays.equals(signature.signature(), ORIGINAL.signatureBytes), "Accepted other signature bytes");
		}
		catch (AgentAuthException ex) {
			throw new AssertionError("An accepted request no longer parses", ex);
		}
	}

	// one to four edits (insert, delete, replace a character) at fuzzer-chosen positions, or a whole new value
	private static String mutate(String value, FuzzedDataProvider data) {
		if (data.consumeBoolean()) {
			return data.consumeString(300);
		}
		StringBuilder text = new StringBuilder(value);
		int edits = data.consumeInt(1, 4);
		for (int i = 0; i < edits; i++) {
			int position = data.consumeInt(0, text.length());
			switch (data.consumeInt(0, 2)) {
				case 0 -> text.insert(position, data.consumeChar());
				case 1 -> {
					if (position < text.length()) {
						text.deleteCharAt(position);
					}
				}
				default -> {
					if (position < text.length()) {
						text.setCharAt(position, data.consumeChar());
					}
				}
			}
		}
		return text.toString();
	}

	private static SimpleHttpRequest sign() {
		SimpleHttpRequest unsigned = SimpleHttpRequest.builder()
			.method("POST")
			.uri("https://shop.example/orders?coupon=SPRING")
			.header("Content-Type", "application/json")
			.header("Content-Digest", ContentDigest.compute(BODY))
			.build();
		SignatureParameters parameters = SignatureParameters.builder()
			.components(CoveredComponent.METHOD, CoveredComponent.TARGET_URI, CoveredComponent.CONTENT_DIGEST)
			.created(NOW)
			.expires(NOW.plusSeconds(60))
			.nonce("fuzz-nonce-1")
			.keyId(KEY.keyId())
			.tag("agent-auth")
			.build();
		try {
			return SignedRequests.sign(unsigned, parameters, KEY);
		}
		catch (AgentAuthException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record SignedParts(String signatureInput, String signature, String contentDigest, String base,
			byte[] signatureBytes) {

		static SignedParts of(SimpleHttpRequest request) {
			try {
				MessageSignature signature = MessageSignature
					.parse(request.headerValues("Signature-Input"), request.headerValues("Signature"))
					.get("sig1");
				return new SignedParts(request.headerValues("Signature-Input").get(0),
						request.headerValues("Signature").get(0), request.headerValues("Content-Digest").get(0),
						SignatureBase.of(request, signature.parameters()).text(), signature.signature());
			}
			catch (AgentAuthException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
