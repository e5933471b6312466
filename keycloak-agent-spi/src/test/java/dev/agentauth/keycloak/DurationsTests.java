package dev.agentauth.keycloak;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DurationsTests {

	@Test
	void parseWhenSecondsOrIsoThenDuration() {
		assertThat(Durations.parse("3600")).isEqualTo(Duration.ofHours(1));
		assertThat(Durations.parse("PT48H")).isEqualTo(Duration.ofHours(48));
	}

	@Test
	void parseWhenNeitherThenThrows() {
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Durations.parse("2 days"));
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Durations.parse("-5"));
	}

}
