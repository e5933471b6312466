package dev.agentauth.core.structured;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static dev.agentauth.core.fuzz.Refusals.require;

/**
 * Fuzz targets of the RFC 8941 parser, which sees every {@code Signature-Input}, {@code Signature} and
 * {@code Content-Digest} first: a value parses or is refused with {@link StructuredFieldException} (nothing
 * else), and what parses serializes to a value that parses to the same serialization (RFC 8941 §4.1 canonical
 * form).
 */
class StructuredFieldFuzzTests {

	@FuzzTest(maxDuration = "30s")
	void dictionaryParsesOrIsRefusedAndRoundTrips(byte[] input) {
		String value = new String(input, StandardCharsets.ISO_8859_1);
		Map<String, StructuredMember> parsed;
		try {
			parsed = StructuredFieldParser.parseDictionary(value);
		}
		catch (StructuredFieldException ex) {
			return;
		}
		String serialized = StructuredFieldWriter.serializeDictionary(parsed);
		try {
			Map<String, StructuredMember> reparsed = StructuredFieldParser.parseDictionary(serialized);
			require(StructuredFieldWriter.serializeDictionary(reparsed).equals(serialized),
					"serialize(parse(serialize(x))) differs from serialize(x): " + serialized);
			require(reparsed.keySet().equals(parsed.keySet()), "keys changed in a round trip: " + serialized);
		}
		catch (StructuredFieldException ex) {
			throw new AssertionError("The serialization of a parsed dictionary does not parse: " + serialized, ex);
		}
	}

	/**
	 * The dictionary fast path, differentially: whatever it accepts, the strict parser accepts with the same
	 * members, values and order; what it declines is left to the strict parser.
	 */
	@FuzzTest(maxDuration = "30s")
	void commonDictionaryAgreesWithTheStrictParser(byte[] input) {
		CommonDictionaryTests.assertAgrees(new String(input, StandardCharsets.ISO_8859_1));
	}

	@FuzzTest(maxDuration = "30s")
	void listParsesOrIsRefusedAndRoundTrips(byte[] input) {
		String value = new String(input, StandardCharsets.ISO_8859_1);
		List<StructuredMember> parsed;
		try {
			parsed = StructuredFieldParser.parseList(value);
		}
		catch (StructuredFieldException ex) {
			return;
		}
		String serialized = StructuredFieldWriter.serializeList(parsed);
		try {
			List<StructuredMember> reparsed = StructuredFieldParser.parseList(serialized);
			require(StructuredFieldWriter.serializeList(reparsed).equals(serialized),
					"serialize(parse(serialize(x))) differs from serialize(x): " + serialized);
			require(reparsed.size() == parsed.size(), "members lost in a round trip: " + serialized);
		}
		catch (StructuredFieldException ex) {
			throw new AssertionError("The serialization of a parsed list does not parse: " + serialized, ex);
		}
	}

	@FuzzTest(maxDuration = "30s")
	void itemParsesOrIsRefusedAndRoundTrips(byte[] input) {
		String value = new String(input, StandardCharsets.ISO_8859_1);
		StructuredItem parsed;
		try {
			parsed = StructuredFieldParser.parseItem(value);
		}
		catch (StructuredFieldException ex) {
			return;
		}
		String serialized = StructuredFieldWriter.serialize(parsed);
		try {
			StructuredItem reparsed = StructuredFieldParser.parseItem(serialized);
			require(StructuredFieldWriter.serialize(reparsed).equals(serialized),
					"serialize(parse(serialize(x))) differs from serialize(x): " + serialized);
		}
		catch (StructuredFieldException ex) {
			throw new AssertionError("The serialization of a parsed item does not parse: " + serialized, ex);
		}
	}

}
