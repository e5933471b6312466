package dev.agentauth.client;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A merchant's step-up: {@code 401} with {@code WWW-Authenticate: Agent error="fresh_delegation_required",
 * max_age=N}. The merchant's risk layer wants a delegation token issued within {@code max_age} seconds; answer with
 * {@link DelegationTokenManager#freshToken} and send the request again, newly signed.
 *
 * @param maxAge how recently the delegation token must have been issued
 * @since 0.1.0
 */
public record StepUpChallenge(Duration maxAge) {

	/** The merchant's error code. */
	public static final String ERROR = "fresh_delegation_required";

	private static final Pattern CHALLENGE = Pattern
		.compile("(?i)^\\s*Agent\\s.*error=\"" + ERROR + "\"(?:.*[\\s,]max_age=(\\d{1,9}))?");

	/** Used when the challenge names no {@code max_age}: the starter's default. */
	public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

	/**
	 * The step-up in the response's {@code WWW-Authenticate} values, or null when they hold none (another refusal,
	 * or no header).
	 */
	public static @Nullable StepUpChallenge from(@Nullable List<String> wwwAuthenticate) {
		if (wwwAuthenticate == null) {
			return null;
		}
		for (String value : wwwAuthenticate) {
			Matcher matcher = CHALLENGE.matcher(value);
			if (matcher.find()) {
				return new StepUpChallenge((matcher.group(1) != null) ? Duration.ofSeconds(Long.parseLong(matcher.group(1)))
						: DEFAULT_MAX_AGE);
			}
		}
		return null;
	}

}
