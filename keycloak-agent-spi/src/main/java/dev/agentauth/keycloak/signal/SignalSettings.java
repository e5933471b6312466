package dev.agentauth.keycloak.signal;

import java.time.Duration;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.signal.AutoSuspendPolicy;
import dev.agentauth.keycloak.grant.RealmSettings;

/**
 * The realm attributes that govern merchants' signals. A malformed value is logged and replaced by its default
 * (which never suspends or revokes anything).
 *
 * @since 0.1.0
 */
public final class SignalSettings {

	/** {@code off} (default: review only) or {@code high-from-N-merchants}. */
	public static final String AUTO_SUSPEND = "agentauth.signals.auto-suspend";

	/** How recent a HIGH report must be to count towards auto-suspension (default {@code PT1H}). */
	public static final String WINDOW = "agentauth.signals.window";

	/** {@code review} (default: store the report) or {@code revoke-key} (revoke the reported key at once). */
	public static final String CREDENTIAL_COMPROMISE = "agentauth.signals.credential-compromise";

	/** Pushes accepted per merchant client per minute (default 60). */
	public static final String RATE_LIMIT = "agentauth.signals.rate-limit";

	/** The realm role a merchant client's service account needs to push signals. */
	public static final String MERCHANT_ROLE = "agent-merchant";

	static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

	public static final int DEFAULT_RATE_LIMIT = 60;

	private static final Logger LOG = Logger.getLogger(SignalSettings.class);

	private SignalSettings() {
	}

	public static AutoSuspendPolicy autoSuspend(RealmModel realm) {
		Duration window = RealmSettings.parseDuration(realm.getAttribute(WINDOW));
		if (window == null) {
			if (realm.getAttribute(WINDOW) != null) {
				LOG.warnf("Realm %s: %s=%s is not a positive duration; using %s", realm.getName(), WINDOW,
						realm.getAttribute(WINDOW), DEFAULT_WINDOW);
			}
			window = DEFAULT_WINDOW;
		}
		try {
			return AutoSuspendPolicy.parse(realm.getAttribute(AUTO_SUSPEND), window);
		}
		catch (IllegalArgumentException ex) {
			LOG.warnf("Realm %s: %s; auto-suspension is off", realm.getName(), ex.getMessage());
			return AutoSuspendPolicy.OFF;
		}
	}

	public static boolean revokeKeyOnCompromise(RealmModel realm) {
		String value = realm.getAttribute(CREDENTIAL_COMPROMISE);
		if (value != null && !value.equals("review") && !value.equals("revoke-key")) {
			LOG.warnf("Realm %s: %s must be 'review' or 'revoke-key', not '%s'; reviewing only", realm.getName(),
					CREDENTIAL_COMPROMISE, value);
		}
		return "revoke-key".equals(value);
	}

	public static int rateLimit(RealmModel realm) {
		String value = realm.getAttribute(RATE_LIMIT);
		if (value == null) {
			return DEFAULT_RATE_LIMIT;
		}
		try {
			int limit = Integer.parseInt(value.strip());
			if (limit > 0) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// logged below
		}
		LOG.warnf("Realm %s: %s=%s is not a positive number; using %d", realm.getName(), RATE_LIMIT, value,
				DEFAULT_RATE_LIMIT);
		return DEFAULT_RATE_LIMIT;
	}

}
