package dev.agentauth.core;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static dev.agentauth.core.fuzz.Refusals.require;

/**
 * Fuzz target of the {@code X-Request-Id} that reaches audit lines: the result is the header itself only when it
 * is 1-128 safe characters, {@code -} otherwise, so it can never add a field or a line to an audit record.
 */
class RequestIdFuzzTests {

	@FuzzTest(maxDuration = "30s")
	void requestIdIsKeptOnlyWhenSafe(byte[] input) {
		String header = new String(input, StandardCharsets.ISO_8859_1);
		String logged = RequestId.sanitize(header);
		require(logged.equals(RequestId.NONE) || logged.equals(header), "The request id was rewritten: " + logged);
		require(logged.length() <= RequestId.MAX_LENGTH, "Too long: " + logged.length());
		require(logged.matches("[A-Za-z0-9._:-]+"), "An unsafe request id reaches the log: " + logged);
	}

}
