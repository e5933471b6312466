package dev.agentauth.keycloak;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

import static org.assertj.core.api.Assertions.assertThat;

class KeycloakClockTests {

	@AfterEach
	void resetOffset() {
		Time.setOffset(0);
	}

	@Test
	void instantWhenTimeOffsetThenMovesWithKeycloakTime() {
		Instant before = KeycloakClock.UTC.instant();
		Time.setOffset(3600);
		Instant moved = KeycloakClock.UTC.instant();

		assertThat(Duration.between(before, moved)).isBetween(Duration.ofSeconds(3599), Duration.ofSeconds(3601));
		assertThat(KeycloakClock.now()).isBetween(moved, moved.plusSeconds(1));
		assertThat(KeycloakClock.UTC.millis()).isBetween(moved.toEpochMilli(), moved.toEpochMilli() + 1000);
	}

	@Test
	void withZoneWhenOtherZoneThenSameInstantsInThatZone() {
		ZoneId paris = ZoneId.of("Europe/Paris");
		assertThat(KeycloakClock.UTC.withZone(paris).getZone()).isEqualTo(paris);
		assertThat(KeycloakClock.UTC.withZone(KeycloakClock.UTC.getZone())).isSameAs(KeycloakClock.UTC);
		Time.setOffset(-86_400);
		assertThat(KeycloakClock.UTC.withZone(paris).instant()).isBefore(Instant.now().minusSeconds(86_000));
	}

}
