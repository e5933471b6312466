package dev.agentauth.keycloak.grant;

import java.time.Duration;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

import dev.agentauth.core.delegation.ConsentParameters;

/**
 * Per-realm settings of the delegation layer, kept as realm attributes (admin REST: the realm representation's
 * {@code attributes}). Values are ISO-8601 durations ({@code PT24H}) or seconds.
 *
 * <ul>
 * <li>{@value #GRANT_MAX_LIFETIME}: the longest a consumer's grant may last (default 24 h, at most 30 days); a
 * grant without a requested lifetime gets this.</li>
 * <li>{@value #TOKEN_LIFETIME}: the lifetime of a delegation token (default 1 h, at most 24 h), shortened to
 * the grant's expiry.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class RealmSettings {

	public static final String GRANT_MAX_LIFETIME = "agentauth.grant.max-lifetime";

	public static final String TOKEN_LIFETIME = "agentauth.delegation.token-lifetime";

	public static final Duration DEFAULT_GRANT_MAX_LIFETIME = Duration.ofHours(24);

	public static final Duration GRANT_LIFETIME_CEILING = Duration.ofDays(30);

	public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

	/** Delegation tokens never live longer (the revocation feed keeps events this long). */
	public static final Duration TOKEN_LIFETIME_CEILING = Duration.ofHours(24);

	private static final Logger LOG = Logger.getLogger(RealmSettings.class);

	private RealmSettings() {
	}

	/** The longest grant the realm allows, never above 30 days. */
	public static Duration grantMaxLifetime(RealmModel realm) {
		Duration value = duration(realm, GRANT_MAX_LIFETIME, DEFAULT_GRANT_MAX_LIFETIME);
		return (value.compareTo(GRANT_LIFETIME_CEILING) > 0) ? GRANT_LIFETIME_CEILING : value;
	}

	/** The delegation token lifetime. */
	public static Duration tokenLifetime(RealmModel realm) {
		Duration value = duration(realm, TOKEN_LIFETIME, DEFAULT_TOKEN_LIFETIME);
		return (value.compareTo(TOKEN_LIFETIME_CEILING) > 0) ? TOKEN_LIFETIME_CEILING : value;
	}

	/** Parses {@code PT1H} or {@code 3600}; null if neither. */
	public static Duration parseDuration(String value) {
		return ConsentParameters.lifetime(value);
	}

	private static Duration duration(RealmModel realm, String attribute, Duration fallback) {
		String value = realm.getAttribute(attribute);
		if (value == null) {
			return fallback;
		}
		Duration parsed = parseDuration(value);
		if (parsed == null) {
			LOG.warnf("Realm %s: attribute %s=%s is not a positive duration (PT1H or seconds); using %s",
					realm.getName(), attribute, value, fallback);
			return fallback;
		}
		return parsed;
	}

}
