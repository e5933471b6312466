package dev.agentauth.keycloak;

import java.time.Duration;

/**
 * Durations in the extension's settings (SPI options, realm attributes): ISO-8601 ({@code PT48H}) or whole
 * seconds ({@code 3600}).
 *
 * @since 0.1.0
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Parses {@code PT1H} or {@code 3600}.
	 * @throws java.time.format.DateTimeParseException or {@link NumberFormatException} if it is neither
	 */
	public static Duration parse(String value) {
		return value.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(value))
				: Duration.parse(value);
	}

}
