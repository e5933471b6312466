package dev.agentauth.core.signal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A pushed Security Event Token (RFC 8417) after {@link SignalSets#parse}: who sent it, its id and time, and its
 * events.
 *
 * @param jti the SET's {@code jti}
 * @param issuer {@code iss}: the reporting merchant's client id
 * @param issuedAt {@code iat}
 * @param events the events, in the order of the {@code events} claim
 * @since 0.1.0
 */
public record SignalSet(String jti, String issuer, Instant issuedAt, List<MerchantSignal> events) {

	public SignalSet {
		Objects.requireNonNull(jti, "jti cannot be null");
		Objects.requireNonNull(issuer, "issuer cannot be null");
		Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
		events = List.copyOf(events);
	}

}
