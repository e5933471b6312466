package dev.agentauth.core.delegation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The plain-text parameters of an agent's authorization request that the consent page reads besides
 * {@code authorization_details} ({@link DelegationDetails#parse(String)}): the proposed grant lifetime and the
 * requested scope names. Both come from the agent, so both are read leniently but safely: a value that is not
 * understood is ignored, never an error of another kind.
 *
 * @since 0.1.0
 */
public final class ConsentParameters {

	private ConsentParameters() {
	}

	/**
	 * A positive duration given as ISO-8601 ({@code PT48H}) or whole ASCII seconds ({@code 3600}).
	 * @return the duration, or {@code null} if the value is absent, blank, not a duration, zero, negative or too
	 * large
	 */
	public static @Nullable Duration lifetime(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Duration duration;
		try {
			duration = isAsciiDigits(value) ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
		}
		catch (DateTimeParseException | ArithmeticException | NumberFormatException ex) {
			return null;
		}
		return (duration.isNegative() || duration.isZero()) ? null : duration;
	}

	/**
	 * The distinct scope names of an OAuth {@code scope} parameter (RFC 6749 §3.3: space-delimited), in order.
	 * @return the names, empty if the value is absent or blank
	 */
	public static List<String> scopeNames(@Nullable String scope) {
		if (scope == null || scope.isBlank()) {
			return List.of();
		}
		Set<String> names = new LinkedHashSet<>();
		for (String name : scope.trim().split("\\s+")) {
			if (!name.isEmpty()) {
				names.add(name);
			}
		}
		return List.copyOf(new ArrayList<>(names));
	}

	private static boolean isAsciiDigits(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
