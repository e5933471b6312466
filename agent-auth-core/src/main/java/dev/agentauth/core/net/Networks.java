package dev.agentauth.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A client's network (/24 for IPv4, /48 for IPv6) and membership in declared networks, over IP literals only
 * (never name resolution). Declared networks are parsed by {@link Cidr}, the one parser.
 *
 * @since 0.1.0
 */
public final class Networks {

	// compiled once: String.matches compiles its pattern on every call (the risk layer asks once per request)
	private static final Pattern V6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]+");

	private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

	private Networks() {
	}

	/** The /24 (IPv4) or /48 (IPv6) of an address literal, e.g. {@code 203.0.113.0/24}; null if not a literal. */
	public static @Nullable String network(@Nullable String address) {
		byte[] bytes = literal((address != null) ? address.trim() : null);
		if (bytes == null) {
			return null;
		}
		return new Cidr(bytes, (bytes.length == 4) ? 24 : 48).toString();
	}

	/** Whether {@code address} lies in one of the declared {@code networks} (entries {@link Cidr} refuses match nothing). */
	public static boolean contains(List<String> networks, @Nullable String address) {
		byte[] bytes = literal((address != null) ? address.trim() : null);
		if (bytes == null) {
			return false;
		}
		for (String network : networks) {
			try {
				if (Cidr.parse(network.trim()).contains(bytes)) {
					return true;
				}
			}
			catch (IllegalArgumentException ex) {
				// a malformed declaration matches nothing; the registry refuses it on input
			}
		}
		return false;
	}

	/**
	 * The bytes of an IPv4 dotted quad (decimal octets, no leading zeros) or an IPv6 literal (brackets allowed),
	 * IPv4-mapped IPv6 as 4 bytes; null for anything else, host names included (never resolved).
	 */
	static byte @Nullable [] literal(@Nullable String address) {
		if (address == null || address.isEmpty() || address.length() > 47) {
			return null;
		}
		String literal = address;
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		boolean v6 = literal.indexOf(':') >= 0;
		if (v6) {
			if (!V6_CHARACTERS.matcher(literal).matches()) {
				return null;
			}
		}
		else if (!DOTTED_QUAD.matcher(literal).matches()) {
			return null;
		}
		try {
			byte[] bytes = InetAddress.getByName(literal).getAddress();
			if (bytes.length == 16 && isMappedV4(bytes)) {
				return java.util.Arrays.copyOfRange(bytes, 12, 16);
			}
			return bytes;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static boolean isMappedV4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
	}

}
