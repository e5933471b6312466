package dev.agentauth.core.signature;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link VerificationPolicy}'s configuration checks (found by SignatureFuzzTests#acceptSignatureWeSendParses: an
 * accepted tag is written into the 401's RFC 9421 §5.1 Accept-Signature as an RFC 8941 string).
 */
class VerificationPolicyTests {

	@Test
	void acceptedTagsWhenEmptyOrNotPrintableAsciiThenThrowsAtConfiguration() {
		for (String tag : new String[] { "", "line\nbreak", "caf\u00e9", "tab\t" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> VerificationPolicy.builder().acceptedTags(Set.of(tag)))
				.withMessageContaining("printable ASCII");
		}
	}

	@Test
	void acceptSignatureWhenTagHasQuotesThenEscapesThem() {
		String value = VerificationPolicy.builder().acceptedTags(Set.of("my \"tag\"")).build()
			.acceptSignature(true, false);
		assertThat(value).endsWith(";tag=\"my \\\"tag\\\"\"");
	}

}
