package dev.agentauth.core.structured;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dictionary fast path ({@link StructuredFieldParser#commonDictionary(String)}) against the strict parser: for
 * every input it accepts, it returns what the strict parser returns (same members, same order, same values); for
 * every other input it declines, and the strict parser decides.
 */
class CommonDictionaryTests {

	private static final String SIGNATURE_INPUT = "sig1=(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\""
			+ " \"signature-agent\");created=1800000000;expires=1800000060;nonce=\"bm9uY2UtMDAwMDAx\";"
			+ "keyid=\"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\";alg=\"ed25519\";tag=\"web-bot-auth\"";

	private static final String SIGNATURE = "sig1=:KcUBofUcbyOvT86E2mc0L1GiRysZQtG2nELRvMG5FMguLNuSlrKj8VXUAcbHrMJK3IPXOET"
			+ "Bo73B5b4xt4AcFA==:";

	private static final String CONTENT_DIGEST = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";

	@ParameterizedTest
	@ValueSource(strings = { SIGNATURE_INPUT, SIGNATURE, CONTENT_DIGEST, "sig1=()", "sig1=();created=1",
			"a=(\"\")", "sig1=(\"@method\");nonce=\"\";created=000000000000001" })
	void commonDictionaryWhenTheShapeClientsSendThenAcceptedAsTheStrictParserParsesIt(String value) throws Exception {
		Map<String, StructuredMember> common = StructuredFieldParser.commonDictionary(value);
		assertThat(common).isNotNull();
		assertSame(common, StructuredFieldParser.strictDictionary(value), value);
		assertThat(StructuredFieldParser.parseDictionary(value)).isEqualTo(common);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " sig1=:AA==:", "sig1=:AA==: ", "sig1 =:AA==:", "sig1=:AA==:, sig2=:AA==:",
			"sig1=:AA==:;p=1", "sig1=:AA=:", "sig1=:AA==", "sig1=:AA#=:", "*a=:AA==:", "Sig1=:AA==:",
			"sig1=( \"a\")", "sig1=(\"a\"  \"b\")", "sig1=(\"a\" )", "sig1=(\"a\";p=1)", "sig1=(\"a\\\"b\")",
			"sig1=(\"a\tb\")", "sig1=(\"é\")", "sig1=(a)", "sig1=(1)", "sig1=(\"a\")\t", "sig1=(\"a\"); p=1",
			"sig1=(\"a\");p", "sig1=(\"a\");p=", "sig1=(\"a\");p=-1", "sig1=(\"a\");p=1.5", "sig1=(\"a\");p=1a",
			"sig1=(\"a\");p=tok", "sig1=(\"a\");p=?1", "sig1=(\"a\");p=:AA==:", "sig1=(\"a\");p=1;p=2",
			"sig1=(\"a\");p=1234567890123456", "sig1=(\"a\";", "sig1=(\"a\"", "sig1=(\"a", "sig1=", "sig1",
			"sig1=1", "sig1=\"s\"", "sig1=(\"a\");P=1", "sig1=(\"a\");p=\"x\\\\\"", "sig1=(\"a\"),", "sig1=(\"a\")x" })
	void commonDictionaryWhenAnyOtherShapeThenDeclinedAndTheStrictParserDecides(String value) {
		assertThat(StructuredFieldParser.commonDictionary(value)).isNull();
	}

	@Test
	void parseDictionaryWhenDeclinedAndInvalidThenTheStrictParserRefuses() {
		for (String invalid : List.of("sig1=:AA=:", "sig1=(\"a\");p=1;p=2", "sig1=(\"a\");p=1234567890123456",
				"sig1=(\"a\"", "sig1=", "sig1=(\"a\");p=1.")) {
			assertThatExceptionOfType(StructuredFieldException.class)
				.isThrownBy(() -> StructuredFieldParser.parseDictionary(invalid));
		}
	}

	@Test
	void commonDictionaryWhenEveryCommittedFuzzInputThenAgreesWithTheStrictParser() throws IOException {
		List<String> inputs = committedFuzzInputs();
		assertThat(inputs).hasSizeGreaterThan(10);
		for (String input : inputs) {
			assertAgrees(input);
		}
	}

	@Test
	void commonDictionaryWhenMutatedClientHeadersThenAgreesWithTheStrictParser() throws IOException {
		SplittableRandom random = new SplittableRandom(8941);
		List<String> seeds = new ArrayList<>(List.of(SIGNATURE_INPUT, SIGNATURE, CONTENT_DIGEST));
		seeds.addAll(committedFuzzInputs());
		int accepted = 0;
		for (int i = 0; i < 200_000; i++) {
			String input = mutate(seeds.get(random.nextInt(seeds.size())), random);
			if (assertAgrees(input)) {
				accepted++;
			}
		}
		// the mutations keep many inputs in the common shape, so both sides of the fast path are exercised
		assertThat(accepted).isBetween(10_000, 190_000);
	}

	@Test
	void commonDictionaryWhenGeneratedNearTheCommonShapeThenAgreesWithTheStrictParser() {
		SplittableRandom random = new SplittableRandom(9421);
		int accepted = 0;
		for (int i = 0; i < 200_000; i++) {
			if (assertAgrees(generate(random))) {
				accepted++;
			}
		}
		assertThat(accepted).isBetween(10_000, 190_000);
	}

	// true if the fast path accepted the input
	static boolean assertAgrees(String input) {
		Map<String, StructuredMember> common = StructuredFieldParser.commonDictionary(input);
		if (common == null) {
			return false;
		}
		Map<String, StructuredMember> strict;
		try {
			strict = StructuredFieldParser.strictDictionary(input);
		}
		catch (StructuredFieldException ex) {
			throw new AssertionError("The fast path accepted what the strict parser refuses: " + input, ex);
		}
		assertSame(common, strict, input);
		return true;
	}

	// equal members and values, and the same order of members and parameters (Map.equals ignores order)
	static void assertSame(Map<String, StructuredMember> common, Map<String, StructuredMember> strict, String input) {
		if (!common.equals(strict) || common.getClass() != strict.getClass()
				|| !StructuredFieldWriter.serializeDictionary(common)
					.equals(StructuredFieldWriter.serializeDictionary(strict))) {
			throw new AssertionError("The fast path and the strict parser differ on " + input + ": " + common
					+ " against " + strict);
		}
	}

	private static final String ALPHABET = "\"() ;=:,\t\\*-._/+?0123456789azAZ%é\u0000\u007f";

	static String mutate(String seed, SplittableRandom random) {
		StringBuilder value = new StringBuilder(seed);
		int edits = 1 + random.nextInt(3);
		for (int e = 0; e < edits; e++) {
			int at = random.nextInt(value.length() + 1);
			char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
			switch (random.nextInt(4)) {
				case 0 -> value.insert(at, c);
				case 1 -> {
					if (at < value.length()) {
						value.deleteCharAt(at);
					}
				}
				case 2 -> {
					if (at < value.length()) {
						value.setCharAt(at, c);
					}
				}
				default -> {
					// duplicate a slice: repeated parameters, members, components
					int end = Math.min(value.length(), at + random.nextInt(24));
					value.insert(at, value.substring(at, end));
				}
			}
		}
		return value.toString();
	}

	static String generate(SplittableRandom random) {
		StringBuilder value = new StringBuilder();
		value.append(pick(random, "sig1", "sig1", "a", "sha-256", "*x", "k_9.-*", "Sig", "")).append('=');
		if (random.nextInt(3) == 0) {
			value.append(':').append(base64(random)).append(':');
		}
		else {
			value.append('(');
			int components = random.nextInt(6);
			for (int i = 0; i < components; i++) {
				if (i > 0) {
					value.append(pick(random, " ", " ", " ", "  ", "", "\t"));
				}
				value.append(pick(random, "\"@method\"", "\"content-digest\"", "\"\"", "\"a b\"", "\"q\\\"\"",
						"tok", "1", "\"@path\";req", "\"x\"\u00e9"));
			}
			value.append(pick(random, ")", ")", ")", " )", ""));
			int parameters = random.nextInt(7);
			for (int i = 0; i < parameters; i++) {
				value.append(pick(random, ";", ";", "; ", ""));
				value.append(pick(random, "created", "expires", "nonce", "keyid", "alg", "tag", "created", "X"));
				value.append(pick(random, "=", "=", "=", ""));
				value.append(switch (random.nextInt(7)) {
					case 0, 1 -> {
						String digits = Long.toString(random.nextLong(1, 100_000_000_000_000_000L));
						yield digits.substring(0, Math.min(digits.length(), 1 + random.nextInt(17)));
					}
					case 2, 3 -> "\"" + base64(random).replace('+', '-') + "\"";
					case 4 -> pick(random, "-1", "1.5", "1.", "tok", "?1", ":AA==:", "\"\\\\\"", "0001");
					default -> "";
				});
			}
		}
		value.append(pick(random, "", "", "", "", " ", ", b=1", ","));
		return value.toString();
	}

	private static String base64(SplittableRandom random) {
		byte[] bytes = new byte[random.nextInt(70)];
		random.nextBytes(bytes);
		String encoded = java.util.Base64.getEncoder().encodeToString(bytes);
		return (random.nextInt(8) == 0) ? encoded.substring(0, random.nextInt(encoded.length() + 1)) : encoded;
	}

	private static String pick(SplittableRandom random, String... choices) {
		return choices[random.nextInt(choices.length)];
	}

	// every committed input of every fuzz target of this module, read as the targets read them (ISO-8859-1)
	static List<String> committedFuzzInputs() throws IOException {
		Path resources = Path.of("src/test/resources/dev/agentauth/core");
		List<String> inputs = new ArrayList<>();
		try (Stream<Path> files = Files.walk(resources)) {
			for (Path file : files.filter(Files::isRegularFile)
				.filter((path) -> path.toString().contains("FuzzTestsInputs"))
				.toList()) {
				inputs.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
			}
		}
		return inputs;
	}

}
