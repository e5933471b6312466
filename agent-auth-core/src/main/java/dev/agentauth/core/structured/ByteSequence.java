package dev.agentauth.core.structured;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An RFC 8941 §3.3.5 byte sequence ({@code :base64:}). Immutable: the bytes are copied in and out.
 *
 * @since 0.1.0
 */
public final class ByteSequence {

	private final byte[] bytes;

	private ByteSequence(byte[] bytes) {
		this.bytes = bytes;
	}

	public static ByteSequence of(byte[] bytes) {
		Objects.requireNonNull(bytes, "bytes cannot be null");
		return new ByteSequence(bytes.clone());
	}

	static ByteSequence wrap(byte[] bytes) {
		return new ByteSequence(bytes);
	}

	/** A copy of the bytes. */
	public byte[] bytes() {
		return this.bytes.clone();
	}

	/** The number of bytes. */
	public int length() {
		return this.bytes.length;
	}

	/** Constant-time comparison with {@code other}. */
	public boolean contentEquals(byte[] other) {
		return MessageDigest.isEqual(this.bytes, other);
	}

	byte[] unsafeBytes() {
		return this.bytes;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ByteSequence sequence) && Arrays.equals(this.bytes, sequence.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return ":" + Base64.getEncoder().encodeToString(this.bytes) + ":";
	}

}
