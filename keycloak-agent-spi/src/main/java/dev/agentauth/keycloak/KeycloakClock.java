package dev.agentauth.keycloak;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.keycloak.common.util.Time;

/**
 * A {@link Clock} that reads Keycloak's {@link Time}, so {@code Time.setOffset} (tests, Keycloak's own
 * time-offset endpoint) moves it like every other time the extension reads.
 *
 * @since 0.1.0
 */
public final class KeycloakClock extends Clock {

	/** The clock in UTC. */
	public static final KeycloakClock UTC = new KeycloakClock(ZoneOffset.UTC);

	private final ZoneId zone;

	private KeycloakClock(ZoneId zone) {
		this.zone = zone;
	}

	/** Keycloak's current time. */
	public static Instant now() {
		return Instant.ofEpochMilli(Time.currentTimeMillis());
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return zone.equals(this.zone) ? this : new KeycloakClock(zone);
	}

	@Override
	public long millis() {
		return Time.currentTimeMillis();
	}

	@Override
	public Instant instant() {
		return now();
	}

}
