package dev.agentauth.core.digest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.structured.ByteSequence;
import dev.agentauth.core.structured.StructuredFieldException;
import dev.agentauth.core.structured.StructuredFieldParser;
import dev.agentauth.core.structured.StructuredFieldWriter;
import dev.agentauth.core.structured.StructuredItem;
import dev.agentauth.core.structured.StructuredMember;

/**
 * RFC 9530 {@code Content-Digest}: computes the field value for a body and verifies a received one. The field
 * is an RFC 8941 dictionary from algorithm to byte sequence; members with algorithms outside
 * {@link DigestAlgorithm} are ignored, and every member with a known algorithm must match.
 *
 * @since 0.1.0
 */
public final class ContentDigest {

	/** The field name. */
	public static final String FIELD = "Content-Digest";

	private ContentDigest() {
	}

	/** The {@code Content-Digest} value of {@code body} with {@code sha-256}, e.g. {@code sha-256=:...=:}. */
	public static String compute(byte[] body) {
		return compute(body, DigestAlgorithm.SHA_256);
	}

	/** The {@code Content-Digest} value of {@code body} with {@code algorithm}. */
	public static String compute(byte[] body, DigestAlgorithm algorithm) {
		Objects.requireNonNull(body, "body cannot be null");
		Objects.requireNonNull(algorithm, "algorithm cannot be null");
		return algorithm.key() + "=" + StructuredFieldWriter.serializeBareItem(ByteSequence.of(algorithm.digest(body)));
	}

	/**
	 * Verifies a {@code Content-Digest} field value against {@code body}.
	 * @throws AgentAuthException {@code digest_malformed} if the value is not a dictionary of byte sequences,
	 * {@code digest_algorithm_not_allowed} if it has no member with an accepted algorithm,
	 * {@code digest_mismatch} if a member does not match the body
	 */
	public static void verify(String fieldValue, byte[] body) throws AgentAuthException {
		Objects.requireNonNull(fieldValue, "fieldValue cannot be null");
		Objects.requireNonNull(body, "body cannot be null");
		Map<String, StructuredMember> dictionary;
		try {
			dictionary = StructuredFieldParser.parseDictionary(fieldValue);
		}
		catch (StructuredFieldException ex) {
			throw new AgentAuthException(ErrorCode.DIGEST_MALFORMED, "Content-Digest is not a valid dictionary");
		}
		boolean checked = false;
		for (Map.Entry<String, StructuredMember> member : dictionary.entrySet()) {
			Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromKey(member.getKey());
			if (algorithm.isEmpty()) {
				continue;
			}
			if (!(member.getValue() instanceof StructuredItem item) || !(item.value() instanceof ByteSequence expected)) {
				throw new AgentAuthException(ErrorCode.DIGEST_MALFORMED, "A Content-Digest member must be a byte sequence");
			}
			if (!expected.contentEquals(algorithm.get().digest(body))) {
				throw new AgentAuthException(ErrorCode.DIGEST_MISMATCH, "The body does not match its Content-Digest");
			}
			checked = true;
		}
		if (!checked) {
			throw new AgentAuthException(ErrorCode.DIGEST_ALGORITHM_NOT_ALLOWED,
					"Content-Digest has no sha-256 or sha-512 member");
		}
	}

	/**
	 * Checks the form of the field lines of {@code Content-Digest} without the body, for a verifier that never sees
	 * it (an nginx {@code auth_request} subrequest carries no body): a dictionary whose members with an accepted
	 * algorithm are byte sequences of that algorithm's length, at least one of them. Whether they match the body
	 * must then be checked where the body is.
	 * @throws AgentAuthException {@code digest_missing}, {@code digest_malformed} or
	 * {@code digest_algorithm_not_allowed}
	 */
	public static void checkForm(List<String> fieldLines) throws AgentAuthException {
		Objects.requireNonNull(fieldLines, "fieldLines cannot be null");
		if (fieldLines.isEmpty()) {
			throw new AgentAuthException(ErrorCode.DIGEST_MISSING, "Content-Digest is missing");
		}
		String fieldValue = (fieldLines.size() == 1) ? fieldLines.get(0) : String.join(", ", fieldLines);
		Map<String, StructuredMember> dictionary;
		try {
			dictionary = StructuredFieldParser.parseDictionary(fieldValue);
		}
		catch (StructuredFieldException ex) {
			throw new AgentAuthException(ErrorCode.DIGEST_MALFORMED, "Content-Digest is not a valid dictionary");
		}
		boolean accepted = false;
		for (Map.Entry<String, StructuredMember> member : dictionary.entrySet()) {
			Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromKey(member.getKey());
			if (algorithm.isEmpty()) {
				continue;
			}
			if (!(member.getValue() instanceof StructuredItem item) || !(item.value() instanceof ByteSequence digest)
					|| digest.bytes().length != algorithm.get().digest(new byte[0]).length) {
				throw new AgentAuthException(ErrorCode.DIGEST_MALFORMED,
						"A Content-Digest member must be a byte sequence of its algorithm's length");
			}
			accepted = true;
		}
		if (!accepted) {
			throw new AgentAuthException(ErrorCode.DIGEST_ALGORITHM_NOT_ALLOWED,
					"Content-Digest has no sha-256 or sha-512 member");
		}
	}

	/**
	 * Verifies the field lines of {@code Content-Digest} (combined as RFC 8941 §4.2 says) against {@code body}.
	 * @throws AgentAuthException {@code digest_missing} if there is no line, else see {@link #verify(String, byte[])}
	 */
	public static void verify(List<String> fieldLines, byte[] body) throws AgentAuthException {
		Objects.requireNonNull(fieldLines, "fieldLines cannot be null");
		if (fieldLines.isEmpty()) {
			throw new AgentAuthException(ErrorCode.DIGEST_MISSING, "Content-Digest is missing");
		}
		verify((fieldLines.size() == 1) ? fieldLines.get(0) : String.join(", ", fieldLines), body);
	}

}
