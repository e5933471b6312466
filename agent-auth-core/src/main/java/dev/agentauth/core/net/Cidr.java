package dev.agentauth.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A CIDR block ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) or a single address ({@code 192.0.2.5}, meaning
 * {@code /32}; an IPv6 address means {@code /128}). The one parser of declared networks: the Keycloak registry
 * validates with it and the risk rules match with it, so both always agree.
 * <p>
 * Strict on purpose: only literals (a host name never reaches DNS), IPv4 as four decimal octets without leading
 * zeros (which some parsers read as octal), IPv6 in RFC 4291 text form, IPv4 networks written as IPv4 (not as
 * IPv4-mapped IPv6), a decimal prefix without sign or leading zeros, no surrounding spaces.
 *
 * @param address the block's address bytes, host bits cleared (4 or 16 bytes)
 * @param prefix the prefix length, 0..32 or 0..128
 * @since 0.2.0
 */
public record Cidr(byte[] address, int prefix) {

	public Cidr {
		if (address.length != 4 && address.length != 16) {
			throw new IllegalArgumentException("An address has 4 or 16 bytes");
		}
		if (prefix < 0 || prefix > address.length * 8) {
			throw new IllegalArgumentException("The prefix must lie in 0.." + address.length * 8);
		}
		address = address.clone();
		mask(address, prefix);
	}

	/**
	 * Parses a block or a single address.
	 * @throws IllegalArgumentException with a message safe to show to whoever wrote {@code text}
	 */
	public static Cidr parse(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("A network must not be empty; write it as 192.0.2.0/24 or 2001:db8::/32");
		}
		if (text.length() > 49) {
			throw new IllegalArgumentException("'" + abbreviate(text) + "' is too long for a network");
		}
		int slash = text.indexOf('/');
		if (slash != text.lastIndexOf('/')) {
			throw new IllegalArgumentException("'" + text + "' has more than one '/'");
		}
		String literal = (slash < 0) ? text : text.substring(0, slash);
		byte[] bytes = Networks.literal(literal);
		if (bytes == null) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a CIDR block such as 192.0.2.0/24 or 2001:db8::/32 (IP literals only)");
		}
		if (bytes.length == 4 && literal.indexOf(':') >= 0) {
			throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped IPv6 network; write it as IPv4");
		}
		if (slash < 0) {
			return new Cidr(bytes, bytes.length * 8);
		}
		String digits = text.substring(slash + 1);
		if (!digits.matches("0|[1-9][0-9]{0,2}")) {
			throw new IllegalArgumentException("'" + text + "' has no valid prefix length after '/'");
		}
		int prefix = Integer.parseInt(digits);
		if (prefix > bytes.length * 8) {
			throw new IllegalArgumentException(
					"'" + text + "': the prefix length must lie in 0.." + bytes.length * 8);
		}
		return new Cidr(bytes, prefix);
	}

	/** Whether {@code text} is a valid block or address for {@link #parse}. */
	public static boolean isValid(@Nullable String text) {
		try {
			parse(text);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Whether an address literal (IPv4-mapped IPv6 counts as IPv4) lies in this block; false if not a literal. */
	public boolean contains(@Nullable String addressLiteral) {
		byte[] bytes = Networks.literal(addressLiteral);
		return bytes != null && contains(bytes);
	}

	/** Whether the address bytes (4 or 16, as {@link Networks#literal} returns them) lie in this block. */
	boolean contains(byte[] addressBytes) {
		if (addressBytes.length != this.address.length) {
			return false;
		}
		byte[] masked = addressBytes.clone();
		mask(masked, this.prefix);
		return Arrays.equals(masked, this.address);
	}

	@Override
	public byte[] address() {
		return this.address.clone();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Cidr cidr && cidr.prefix == this.prefix && Arrays.equals(cidr.address, this.address);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.address) + this.prefix;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(this.address).getHostAddress() + "/" + this.prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void mask(byte[] bytes, int prefix) {
		for (int i = 0; i < bytes.length; i++) {
			int bits = Math.max(0, Math.min(8, prefix - i * 8));
			bytes[i] = (byte) (bytes[i] & (0xFF << (8 - bits)));
		}
	}

	private static String abbreviate(String text) {
		return text.substring(0, 20) + "…";
	}

}
