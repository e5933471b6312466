package dev.agentauth.keycloak.metrics;

import java.time.Instant;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The extension's meters, in Keycloak's own Micrometer registry ({@code Metrics.globalRegistry}, which Keycloak's
 * Quarkus binds to the Prometheus registry it serves at {@code /metrics} on the management port when the server is
 * built with {@code --metrics-enabled=true}). Without that option the global registry has no registry behind it and
 * every meter is a no-op; without Micrometer on the class path (not the case in Keycloak 26) nothing is recorded.
 * Tags are bounded: realm name, outcome, OAuth error, status, level, cause, and the merchant client for the feed's
 * per-consumer gauges; never agent ids or key ids. docs/operations.md lists the series.
 *
 * @since 0.1.0
 */
public final class AgentAuthMetrics {

	private static final Logger LOG = Logger.getLogger(AgentAuthMetrics.class);

	private static final @Nullable MicrometerMeters METERS = meters();

	private AgentAuthMetrics() {
	}

	/**
	 * A public key lookup ({@code lookup}: {@code key}, {@code jwks} or {@code directory}); the statuses are null when
	 * nothing was found (or, for a key set, no key is looked at).
	 */
	public static void keyLookup(String realm, String lookup, @Nullable Enum<?> agentStatus,
			@Nullable Enum<?> keyStatus) {
		if (METERS != null) {
			METERS.keyLookup(realm, lookup, (agentStatus != null) ? "found" : "unknown", name(agentStatus),
					name(keyStatus));
		}
	}

	/** A delegation token exchange that issued a token. */
	public static void exchangeIssued(String realm) {
		if (METERS != null) {
			METERS.exchange(realm, "issued", "none");
		}
	}

	/** A refused delegation token exchange, by its OAuth error ({@code invalid_grant}, ...). */
	public static void exchangeRefused(String realm, String error) {
		if (METERS != null) {
			METERS.exchange(realm, "refused", error);
		}
	}

	/** A pushed signal (a SET) accepted. */
	public static void signalAccepted(String realm) {
		if (METERS != null) {
			METERS.signal(realm, "accepted", "none");
		}
	}

	/**
	 * A pushed signal refused: {@code unauthenticated}, {@code not_merchant}, {@code invalid}, {@code rate_limited}
	 * or {@code duplicate}.
	 */
	public static void signalRefused(String realm, String reason) {
		if (METERS != null) {
			METERS.signal(realm, "refused", reason);
		}
	}

	/** One event of an accepted signal: its type and, for risk reports, its level ({@code none} otherwise). */
	public static void signalEvent(String realm, String type, @Nullable Enum<?> level) {
		if (METERS != null) {
			METERS.signalEvent(realm, type, name(level));
		}
	}

	/** An agent suspended: {@code admin}, {@code operator} or {@code signal_policy} (auto-suspension). */
	public static void suspension(String realm, String cause) {
		if (METERS != null) {
			METERS.suspension(realm, cause);
		}
	}

	/** A revocation feed poll refused as malformed (400). */
	public static void feedPollRejected(String realm) {
		if (METERS != null) {
			METERS.feedPoll(realm, "rejected");
		}
	}

	/**
	 * A revocation feed poll answered by {@code client}'s {@code receiver}: events it acknowledged and events
	 * delivered, and the oldest event still unacknowledged after it (null: none).
	 */
	public static void feedPolled(String realm, String client, String receiver, int acknowledged, int delivered,
			Instant now, @Nullable Instant oldestPending) {
		if (METERS != null) {
			METERS.feedPoll(realm, "ok");
			METERS.feedPolled(realm, client, receiver, acknowledged, delivered, now, oldestPending);
		}
	}

	private static String name(@Nullable Enum<?> value) {
		return (value != null) ? value.name().toLowerCase(Locale.ROOT) : "none";
	}

	private static @Nullable MicrometerMeters meters() {
		try {
			Class.forName("io.micrometer.core.instrument.Metrics", false, AgentAuthMetrics.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			LOG.info("Micrometer is not on the class path: the Agent Auth metrics are off");
			return null;
		}
		return MicrometerMeters.global();
	}

}
