package dev.agentauth.core.signature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.structured.ByteSequence;
import dev.agentauth.core.structured.StructuredFieldException;
import dev.agentauth.core.structured.StructuredFieldParser;
import dev.agentauth.core.structured.StructuredFieldWriter;
import dev.agentauth.core.structured.StructuredInnerList;
import dev.agentauth.core.structured.StructuredItem;
import dev.agentauth.core.structured.StructuredMember;

/**
 * One labelled RFC 9421 signature: the {@code Signature-Input} member (its {@link SignatureParameters}) and the
 * {@code Signature} member (the signature bytes) that share a label. Immutable.
 *
 * @since 0.1.0
 */
public final class MessageSignature {

	/** The {@code Signature-Input} field name. */
	public static final String SIGNATURE_INPUT = "Signature-Input";

	/** The {@code Signature} field name. */
	public static final String SIGNATURE = "Signature";

	private final String label;

	private final SignatureParameters parameters;

	private final byte[] signature;

	public MessageSignature(String label, SignatureParameters parameters, byte[] signature) {
		Objects.requireNonNull(label, "label cannot be null");
		Objects.requireNonNull(parameters, "parameters cannot be null");
		Objects.requireNonNull(signature, "signature cannot be null");
		// a dictionary key (RFC 8941 §3.2)
		StructuredFieldWriter.serializeDictionary(Map.of(label, StructuredItem.of(Boolean.TRUE)));
		this.label = label;
		this.parameters = parameters;
		this.signature = signature.clone();
	}

	// from parsed fields: the parser already checked the label, and the bytes are this object's own
	private MessageSignature(SignatureParameters parameters, byte[] signature, String parsedLabel) {
		this.label = parsedLabel;
		this.parameters = parameters;
		this.signature = signature;
	}

	/**
	 * Parses all signatures of a message from its {@code Signature-Input} and {@code Signature} field lines
	 * (each field's lines are combined as RFC 8941 §4.2 says).
	 * @return the signatures by label, in {@code Signature-Input} order
	 * @throws AgentAuthException {@code signature_missing} if neither field is present; {@code signature_malformed}
	 * if only one is, if either is not a valid dictionary of the right member types, if a label occurs twice
	 * (also across field lines), or if a label is in one field and not in the other
	 */
	public static Map<String, MessageSignature> parse(List<String> signatureInputLines, List<String> signatureLines)
			throws AgentAuthException {
		Objects.requireNonNull(signatureInputLines, "signatureInputLines cannot be null");
		Objects.requireNonNull(signatureLines, "signatureLines cannot be null");
		if (signatureInputLines.isEmpty() && signatureLines.isEmpty()) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_MISSING, "The request is not signed");
		}
		if (signatureInputLines.isEmpty() || signatureLines.isEmpty()) {
			throw malformed("Signature-Input and Signature must both be present");
		}
		Map<String, StructuredMember> inputs = dictionary(signatureInputLines, SIGNATURE_INPUT);
		Map<String, StructuredMember> signatures = dictionary(signatureLines, SIGNATURE);
		if (inputs.isEmpty() || !inputs.keySet().equals(signatures.keySet())) {
			throw malformed("Signature-Input and Signature must have the same labels");
		}
		Map<String, MessageSignature> result = new LinkedHashMap<>();
		for (Map.Entry<String, StructuredMember> input : inputs.entrySet()) {
			if (!(input.getValue() instanceof StructuredInnerList innerList)) {
				throw malformed("A Signature-Input member must be an inner list");
			}
			StructuredMember signature = signatures.get(input.getKey());
			if (!(signature instanceof StructuredItem item) || !(item.value() instanceof ByteSequence bytes)) {
				throw malformed("A Signature member must be a byte sequence");
			}
			result.put(input.getKey(),
					new MessageSignature(SignatureParameters.from(innerList), bytes.bytes(), input.getKey()));
		}
		return Collections.unmodifiableMap(result);
	}

	private static Map<String, StructuredMember> dictionary(List<String> lines, String field)
			throws AgentAuthException {
		String combined = (lines.size() == 1) ? lines.get(0) : String.join(", ", lines);
		try {
			return StructuredFieldParser.parseDictionary(combined);
		}
		catch (StructuredFieldException ex) {
			// duplicated labels, also across field lines, end here too
			throw malformed("The " + field + " field is not a valid structured dictionary");
		}
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, message);
	}

	/** The label, e.g. {@code sig1}. */
	public String label() {
		return this.label;
	}

	public SignatureParameters parameters() {
		return this.parameters;
	}

	/** A copy of the signature bytes. */
	public byte[] signature() {
		return this.signature.clone();
	}

	byte[] unsafeSignature() {
		return this.signature;
	}

	/** This signature's {@code Signature-Input} member, e.g. {@code sig1=("@method");created=1}. */
	public String signatureInputMember() {
		return this.label + "=" + this.parameters.serialize();
	}

	/** This signature's {@code Signature} member, e.g. {@code sig1=:base64:}. */
	public String signatureMember() {
		return this.label + "=" + StructuredFieldWriter.serializeBareItem(ByteSequence.of(this.signature));
	}

	@Override
	public String toString() {
		return "MessageSignature[" + this.label + "=" + this.parameters + "]";
	}

}
