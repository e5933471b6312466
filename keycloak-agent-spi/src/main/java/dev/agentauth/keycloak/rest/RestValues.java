package dev.agentauth.keycloak.rest;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.agentauth.keycloak.KeycloakClock;

/** The REST API's clock, its one time format (epoch seconds) and its status case (lower). */
public final class RestValues {

	private RestValues() {
	}

	/** Now, from Keycloak's clock ({@link KeycloakClock}, which tests move with {@code Time.setOffset}). */
	public static Instant now() {
		return KeycloakClock.now();
	}

	public static @Nullable Long epochSeconds(@Nullable Instant instant) {
		return (instant != null) ? instant.getEpochSecond() : null;
	}

	/** A status value as the API writes it: {@code ACTIVE} → {@code active}. */
	public static String status(Enum<?> status) {
		return status.name().toLowerCase(Locale.ROOT);
	}

}
