package dev.agentauth.keycloak.rest;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.keycloak.common.util.Time;

/** The REST API's clock, its one time format (epoch seconds) and its status case (lower). */
public final class RestValues {

	private RestValues() {
	}

	/** Now, from Keycloak's {@link Time} (which tests can move). */
	public static Instant now() {
		return Instant.ofEpochMilli(Time.currentTimeMillis());
	}

	public static @Nullable Long epochSeconds(@Nullable Instant instant) {
		return (instant != null) ? instant.getEpochSecond() : null;
	}

	/** A status value as the API writes it: {@code ACTIVE} → {@code active}. */
	public static String status(Enum<?> status) {
		return status.name().toLowerCase(Locale.ROOT);
	}

}
