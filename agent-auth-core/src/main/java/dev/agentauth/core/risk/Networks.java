package dev.agentauth.core.risk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * IP literals and CIDR blocks, without name resolution: a client's network (/24 for IPv4, /48 for IPv6) and
 * membership in declared networks.
 *
 * @since 0.1.0
 */
public final class Networks {

	private Networks() {
	}

	/** The /24 (IPv4) or /48 (IPv6) of an address literal, e.g. {@code 203.0.113.0/24}; null if not a literal. */
	public static @Nullable String network(@Nullable String address) {
		byte[] bytes = parse(address);
		if (bytes == null) {
			return null;
		}
		int prefix = (bytes.length == 4) ? 24 : 48;
		mask(bytes, prefix);
		try {
			return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** Whether {@code address} lies in one of the CIDR {@code networks} (malformed entries match nothing). */
	public static boolean contains(List<String> networks, @Nullable String address) {
		byte[] bytes = parse(address);
		if (bytes == null) {
			return false;
		}
		for (String network : networks) {
			int slash = network.indexOf('/');
			byte[] base = parse((slash < 0) ? network : network.substring(0, slash));
			if (base == null || base.length != bytes.length) {
				continue;
			}
			int prefix;
			try {
				prefix = (slash < 0) ? base.length * 8 : Integer.parseInt(network.substring(slash + 1).trim());
			}
			catch (NumberFormatException ex) {
				continue;
			}
			if (prefix < 0 || prefix > base.length * 8) {
				continue;
			}
			byte[] candidate = bytes.clone();
			mask(candidate, prefix);
			mask(base, prefix);
			if (java.util.Arrays.equals(candidate, base)) {
				return true;
			}
		}
		return false;
	}

	private static void mask(byte[] bytes, int prefix) {
		for (int i = 0; i < bytes.length; i++) {
			int bits = Math.max(0, Math.min(8, prefix - i * 8));
			bytes[i] = (byte) (bytes[i] & (0xFF << (8 - bits)));
		}
	}

	// IPv4 dotted quads and IPv6 literals only: InetAddress would resolve a host name
	private static byte @Nullable [] parse(@Nullable String address) {
		if (address == null || address.isEmpty() || address.length() > 45) {
			return null;
		}
		String literal = address.trim();
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		boolean v6 = literal.indexOf(':') >= 0;
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
					|| (c >= 'A' && c <= 'F')));
			if (!ok) {
				return null;
			}
		}
		if (!v6 && literal.chars().filter((c) -> c == '.').count() != 3) {
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
