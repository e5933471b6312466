package dev.agentauth.core.digest;

import java.security.MessageDigest;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.fuzz.Refusals;
import dev.agentauth.core.structured.ByteSequence;
import dev.agentauth.core.structured.StructuredFieldException;
import dev.agentauth.core.structured.StructuredFieldParser;
import dev.agentauth.core.structured.StructuredItem;
import dev.agentauth.core.structured.StructuredMember;

import static dev.agentauth.core.fuzz.Refusals.require;

/**
 * Fuzz target of RFC 9530 {@code Content-Digest} verification: an arbitrary field value and body are accepted
 * only if a {@code sha-256} or {@code sha-512} member really is the body's digest, and refused with
 * {@link AgentAuthException} otherwise; a computed digest always verifies.
 */
class ContentDigestFuzzTests {

	@FuzzTest(maxDuration = "30s")
	void digestIsAcceptedOnlyWhenItMatchesTheBody(FuzzedDataProvider data) {
		String field = data.consumeString(300);
		byte[] body = data.consumeRemainingAsBytes();
		try {
			ContentDigest.verify(field, body);
		}
		catch (AgentAuthException ex) {
			Refusals.check(ex);
			return;
		}
		Map<String, StructuredMember> members;
		try {
			members = StructuredFieldParser.parseDictionary(field);
		}
		catch (StructuredFieldException ex) {
			throw new AssertionError("Accepted a Content-Digest that is no dictionary: " + field, ex);
		}
		boolean matched = false;
		for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
			if (members.get(algorithm.key()) instanceof StructuredItem item
					&& item.value() instanceof ByteSequence bytes) {
				require(MessageDigest.isEqual(algorithm.digest(body), bytes.bytes()),
						"Accepted a non-matching " + algorithm.key() + " member: " + field);
				matched = true;
			}
		}
		require(matched, "Accepted a Content-Digest without an accepted member: " + field);
		try {
			ContentDigest.verify(ContentDigest.compute(body), body);
		}
		catch (AgentAuthException ex) {
			throw new AssertionError("A computed Content-Digest does not verify", ex);
		}
	}

}
