package dev.agentauth.core.conformance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.key.KnownTestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated vectors on disk are exactly what {@link ConformanceVectorGenerator} writes (Ed25519, RFC 8032
 * §5.1.6, is deterministic), so they cannot drift from the generator that documents how they were made.
 */
class ConformanceVectorGeneratorTests {

	@Test
	void generatedVectorFilesAreUpToDate() throws Exception {
		for (Map.Entry<Path, String> file : ConformanceVectorGenerator.files().entrySet()) {
			assertThat(file.getKey()).as("run ConformanceVectorGenerator.main to write it").exists();
			assertThat(Files.readString(file.getKey(), StandardCharsets.UTF_8)).as("%s", file.getKey())
				.isEqualTo(file.getValue());
		}
	}

	@Test
	void generatorKeysAreKnownTestKeys() {
		// their private halves are derived from seeds published in this repository
		assertThat(KnownTestKeys.isTestKey(ConformanceVectorGenerator.thumbprint(ConformanceVectorGenerator.WBA_KEY)))
			.isTrue();
		assertThat(KnownTestKeys.isTestKey(ConformanceVectorGenerator.thumbprint(ConformanceVectorGenerator.OTHER_KEY)))
			.isTrue();
		assertThat(KnownTestKeys.isTestKey(ConformanceVectorGenerator.thumbprint(ConformanceVectorGenerator.TAP_KEY)))
			.isTrue();
	}

}
