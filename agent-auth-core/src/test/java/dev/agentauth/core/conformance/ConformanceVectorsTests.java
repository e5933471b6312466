package dev.agentauth.core.conformance;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.signature.VerificationOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every vector of {@code conformance/vectors} against the core verifier. Each vector cites the RFC or draft
 * section it exercises ({@code spec}); web-bot-auth vectors follow draft-meunier-webbotauth-httpsig-protocol
 * (Web Bot Auth), visa-tap vectors Visa's Trusted Agent Protocol rules, all over RFC 9421.
 */
class ConformanceVectorsTests {

	@TestFactory
	Stream<DynamicTest> everyVectorHasItsExpectedOutcome() {
		return ConformanceVector.all().stream().map((vector) -> DynamicTest.dynamicTest(vector.id(), () -> {
			VerificationOutcome outcome = vector.run();
			assertThat(outcome.status().name().toLowerCase(Locale.ROOT)).as("%s (%s): outcome %s", vector.id(),
					vector.spec(), outcome).isEqualTo(vector.expectedOutcome());
			assertThat((outcome.errorCode() != null) ? outcome.errorCode().code() : null).as("%s: refusal code",
					vector.id()).isEqualTo(vector.expectedCode());
		}));
	}

	@Test
	void vectorsAreWellFormed() {
		List<ConformanceVector> vectors = ConformanceVector.all();
		assertThat(vectors).extracting(ConformanceVector::id).doesNotHaveDuplicates();
		for (ConformanceVector vector : vectors) {
			assertThat(vector.file().getFileName().toString()).isEqualTo(vector.id() + ".json");
			assertThat(vector.file().getParent().getFileName().toString()).isEqualTo(vector.profile());
			assertThat(vector.expectedOutcome()).isIn("verified", "invalid", "unverified");
			assertThat(vector.expectedCode() == null).as(vector.id()).isEqualTo("verified".equals(vector.expectedOutcome()));
			if (vector.expectedCode() != null) {
				assertThat(Stream.of(ErrorCode.values()).map(ErrorCode::code)).contains(vector.expectedCode());
			}
			assertThat(vector.spec()).as("%s cites its specification", vector.id()).isNotBlank();
			assertThat(vector.source()).as("%s names its source", vector.id()).isNotBlank();
		}
	}

}
