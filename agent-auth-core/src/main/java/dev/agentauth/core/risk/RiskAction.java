package dev.agentauth.core.risk;

import java.util.Locale;

/**
 * What a risk decision does with the request.
 *
 * @since 0.1.0
 */
public enum RiskAction {

	/** let it through */
	ALLOW,
	/** 429 {@code rate_limited} with {@code Retry-After}: only velocity rules fired (or a read-only request) */
	THROTTLE,
	/** 401 {@code fresh_delegation_required}: present a delegation token issued within {@code max_age} */
	STEP_UP,
	/** 403 {@code risk_too_high} */
	DENY;

	/** The lower-case wire name ({@code allow}, {@code throttle}, {@code step_up}, {@code deny}). */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
