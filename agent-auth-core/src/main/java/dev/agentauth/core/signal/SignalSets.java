package dev.agentauth.core.signal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.signature.CompactJws;

/**
 * Writes and strictly reads the Security Event Tokens (RFC 8417) that merchants push to the realm (RFC 8935).
 * <p>
 * The SETs are unsecured JWTs ({@code alg} {@code none}, RFC 7519 §6, as in RFC 8417's examples): the push is
 * authenticated by the merchant client's OAuth bearer token, and {@code iss} must name that client. A signed SET
 * is refused ({@code invalid_request}), because the receiver has no key to check it with and would otherwise
 * seem to promise a guarantee it does not give.
 * <p>
 * Subjects are RFC 9493 subject identifiers in the SET's {@code sub_id} claim (as the Shared Signals Framework
 * 1.0 places them) or, as older CAEP drafts do, in the event's {@code subject} member; we use format
 * {@code opaque} with {@code id} = the agent id. Extension members: {@code kid} (the agent key's RFC 7638
 * thumbprint) in both events.
 *
 * @since 0.1.0
 */
public final class SignalSets {

	/** CAEP 1.0 risk level change. */
	public static final String RISK_LEVEL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/risk-level-change";

	/** RISC credential compromise. */
	public static final String CREDENTIAL_COMPROMISE = "https://schemas.openid.net/secevent/risc/event-type/credential-compromise";

	/** Our key usage report. */
	public static final String KEY_USAGE = "urn:agentauth:secevent:key-usage";

	/** The {@code principal} of our risk-level-change events (a CAEP extension). */
	public static final String PRINCIPAL_AGENT = "AGENT";

	/** The {@code credential_type} we write for an agent key (RISC's list has no such type). */
	public static final String CREDENTIAL_TYPE_AGENT_KEY = "agent-key";

	/** The media type of a pushed SET (RFC 8417 §7.2). */
	public static final String MEDIA_TYPE = "application/secevent+jwt";

	/** Most events in one SET. */
	public static final int MAX_EVENTS = 10;

	/** Most keys in one key usage report. */
	public static final int MAX_KEY_USAGE_ENTRIES = 1000;

	/** Largest SET accepted, in characters. */
	public static final int MAX_LENGTH = 64 * 1024;

	/**
	 * How far in the future a time in a SET ({@code iat}, an event's {@code event_timestamp}, a key usage time)
	 * may be: the clocks of merchant and realm differ a little.
	 */
	public static final Duration ALLOWED_SKEW = Duration.ofSeconds(60);

	/** The latest NumericDate read: 9999-12-31T23:59:59Z, far beyond any real time and within every store. */
	private static final long MAX_NUMERIC_DATE = 253_402_300_799L;

	private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,36}");

	private static final int MAX_TEXT = 255;

	private SignalSets() {
	}

	/**
	 * Parses and checks a pushed SET.
	 * @param compact the request body
	 * @param expectedIssuer the authenticated merchant client's id ({@code iss} must equal it)
	 * @param expectedAudience the realm's issuer URL ({@code aud} must be or contain it)
	 * @param now the current time
	 * @param maxAge how old {@code iat} may be (a transmitter retries for a while); {@link #ALLOWED_SKEW} in the
	 * future is tolerated, for {@code iat} and for every time in the events (a time further ahead is refused, so
	 * no report can claim a use or a risk that has not happened yet)
	 * @throws SignalSetException with the RFC 8935 error code
	 */
	public static SignalSet parse(String compact, String expectedIssuer, String expectedAudience, Instant now,
			Duration maxAge) throws SignalSetException {
		Objects.requireNonNull(expectedIssuer, "expectedIssuer cannot be null");
		Objects.requireNonNull(expectedAudience, "expectedAudience cannot be null");
		if (compact == null || compact.isBlank()) {
			throw invalid("The body must be a Security Event Token (application/secevent+jwt)");
		}
		String token = compact.strip();
		if (token.length() > MAX_LENGTH) {
			throw invalid("The Security Event Token is longer than " + MAX_LENGTH + " characters");
		}
		CompactJws.Parsed parsed;
		try {
			parsed = CompactJws.parse(token);
		}
		catch (AgentAuthException ex) {
			throw invalid("The Security Event Token must be a compact JWT (three dot-separated base64url parts, "
					+ "JSON header and claims)");
		}
		Map<String, Object> header = parsed.header();
		if (!"none".equals(header.get("alg")) || parsed.signature().length != 0 || !token.endsWith(".")) {
			throw invalid("The Security Event Token must be unsecured ({\"alg\":\"none\"}, empty signature): "
					+ "the push is authenticated by the merchant client's bearer token");
		}
		if (!(header.get("typ") instanceof String typ) || !"secevent+jwt".equals(typ.toLowerCase(Locale.ROOT))) {
			throw invalid("The JWT header must have \"typ\": \"secevent+jwt\" (RFC 8417 §2.3)");
		}
		Map<String, Object> claims = parsed.claims();
		if (!(claims.get("iss") instanceof String issuer) || !issuer.equals(expectedIssuer)) {
			throw new SignalSetException(SignalSetException.INVALID_ISSUER,
					"'iss' must be the client id of the authenticated merchant client");
		}
		Object audience = claims.get("aud");
		boolean audienceMatches = expectedAudience.equals(audience)
				|| (audience instanceof List<?> list && list.contains(expectedAudience));
		if (!audienceMatches) {
			throw new SignalSetException(SignalSetException.INVALID_AUDIENCE, "'aud' must be this realm's issuer");
		}
		if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > MAX_TEXT) {
			throw invalid("'jti' must be a string of 1 to 255 characters");
		}
		Instant latest = now.plus(ALLOWED_SKEW);
		if (claims.get("iat") == null) {
			throw invalid("'iat' must be a NumericDate");
		}
		Instant issuedAt = numericDate(claims.get("iat"), "'iat'", latest);
		if (issuedAt.isBefore(now.minus(maxAge))) {
			throw invalid("'iat' must be within the last " + maxAge.toSeconds() + " s");
		}
		if (!(claims.get("events") instanceof Map<?, ?> events) || events.isEmpty() || events.size() > MAX_EVENTS) {
			throw invalid("'events' must be an object with 1 to " + MAX_EVENTS + " events");
		}
		Object subId = claims.get("sub_id");
		List<MerchantSignal> signals = new ArrayList<>();
		for (Map.Entry<?, ?> entry : events.entrySet()) {
			String type = String.valueOf(entry.getKey());
			if (!(entry.getValue() instanceof Map<?, ?> payload)) {
				throw invalid("Event " + type + " must be a JSON object");
			}
			signals.add(switch (type) {
				case RISK_LEVEL_CHANGE -> riskLevelChange(payload, subId, latest);
				case CREDENTIAL_COMPROMISE -> credentialCompromise(payload, subId);
				case KEY_USAGE -> keyUsage(payload, latest);
				default -> new MerchantSignal.Unrecognized(type);
			});
		}
		return new SignalSet(jti, issuer, issuedAt, signals);
	}

	private static MerchantSignal riskLevelChange(Map<?, ?> event, @Nullable Object subId, Instant latest)
			throws SignalSetException {
		if (!PRINCIPAL_AGENT.equals(event.get("principal"))) {
			// a risk change about a user, device, session...: not ours to act on
			return new MerchantSignal.Unrecognized(RISK_LEVEL_CHANGE + "#principal=" + text(event.get("principal")));
		}
		String agentId = agentId(event, subId, true);
		RiskLevel current = level(event.get("current_level"), "current_level", true);
		RiskLevel previous = level(event.get("previous_level"), "previous_level", false);
		return new MerchantSignal.RiskLevelChange(agentId, kid(event, false), current, previous,
				optionalText(event.get("risk_reason"), "risk_reason"),
				numericDate(event.get("event_timestamp"), "'event_timestamp'", latest));
	}

	private static MerchantSignal credentialCompromise(Map<?, ?> event, @Nullable Object subId)
			throws SignalSetException {
		if (!(event.get("credential_type") instanceof String credentialType) || credentialType.isEmpty()
				|| credentialType.length() > MAX_TEXT) {
			throw invalid("credential-compromise needs 'credential_type'");
		}
		String kid = kid(event, true);
		return new MerchantSignal.CredentialCompromise(kid, agentId(event, subId, false), credentialType,
				optionalText(event.get("reason_admin"), "reason_admin"));
	}

	private static MerchantSignal keyUsage(Map<?, ?> event, Instant latest) throws SignalSetException {
		if (!(event.get("keys") instanceof Map<?, ?> keys) || keys.size() > MAX_KEY_USAGE_ENTRIES) {
			throw invalid("key-usage needs 'keys': {kid: NumericDate} with at most " + MAX_KEY_USAGE_ENTRIES
					+ " entries");
		}
		Map<String, Instant> lastUsed = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : keys.entrySet()) {
			if (!(entry.getKey() instanceof String kid) || !THUMBPRINT.matcher(kid).matches()
					|| entry.getValue() == null) {
				throw invalid("key-usage 'keys' must map RFC 7638 thumbprints to NumericDates");
			}
			lastUsed.put(kid, numericDate(entry.getValue(), "key-usage time of " + kid, latest));
		}
		return new MerchantSignal.KeyUsage(lastUsed);
	}

	private static @Nullable String agentId(Map<?, ?> event, @Nullable Object subId, boolean required)
			throws SignalSetException {
		Object subject = (subId != null) ? subId : event.get("subject");
		if (subject == null && !required) {
			return null;
		}
		if (!(subject instanceof Map<?, ?> identifier) || !"opaque".equals(identifier.get("format"))
				|| !(identifier.get("id") instanceof String id) || !AGENT_ID.matcher(id).matches()) {
			throw invalid("The subject must be {\"format\": \"opaque\", \"id\": <agent id>} in 'sub_id' "
					+ "or in the event's 'subject'");
		}
		return id;
	}

	private static @Nullable String kid(Map<?, ?> event, boolean required) throws SignalSetException {
		Object kid = event.get("kid");
		if (kid == null && !required) {
			return null;
		}
		if (!(kid instanceof String value) || !THUMBPRINT.matcher(value).matches()) {
			throw invalid("'kid' must be the agent key's RFC 7638 thumbprint");
		}
		return value;
	}

	private static @Nullable RiskLevel level(@Nullable Object value, String name, boolean required)
			throws SignalSetException {
		if (value == null && !required) {
			return null;
		}
		if (value instanceof String text) {
			try {
				return RiskLevel.valueOf(text);
			}
			catch (IllegalArgumentException ex) {
				// fall through
			}
		}
		throw invalid("'" + name + "' must be LOW, MEDIUM or HIGH");
	}

	private static @Nullable String optionalText(@Nullable Object value, String name) throws SignalSetException {
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text) || text.length() > MAX_TEXT) {
			throw invalid("'" + name + "' must be a string of at most " + MAX_TEXT + " characters");
		}
		return text;
	}

	/**
	 * A NumericDate (RFC 7519 §2) from 0 to {@code latest}: a negative, non-finite or absurd number, or a time
	 * further in the future than the allowed skew, is {@code invalid_request} (never an overflow further on).
	 */
	private static @Nullable Instant numericDate(@Nullable Object value, String name, Instant latest)
			throws SignalSetException {
		if (value == null) {
			return null;
		}
		if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue()) || number.doubleValue() < 0
				|| number.doubleValue() > MAX_NUMERIC_DATE) {
			throw invalid(name + " must be a NumericDate (seconds since 1970, not negative)");
		}
		Instant time = Instant.ofEpochSecond(number.longValue());
		if (time.isAfter(latest)) {
			throw invalid(name + " is in the future (more than " + ALLOWED_SKEW.toSeconds() + " s ahead)");
		}
		return time;
	}

	private static String text(@Nullable Object value) {
		String text = String.valueOf(value);
		return (text.length() > 32) ? text.substring(0, 32) : text;
	}


	private static SignalSetException invalid(String description) {
		return new SignalSetException(SignalSetException.INVALID_REQUEST, description);
	}

	// --- writing (the starter's transmitter) ---

	/**
	 * A {@code risk-level-change} SET about an agent.
	 * @param merchantClientId {@code iss}
	 * @param realmIssuer {@code aud}
	 */
	public static String riskLevelChange(String merchantClientId, String realmIssuer, Instant now, String agentId,
			@Nullable String kid, RiskLevel current, @Nullable String reason) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("principal", PRINCIPAL_AGENT);
		event.put("current_level", current.name());
		if (reason != null) {
			event.put("risk_reason", (reason.length() > MAX_TEXT) ? reason.substring(0, MAX_TEXT) : reason);
		}
		if (kid != null) {
			event.put("kid", kid);
		}
		event.put("event_timestamp", now.getEpochSecond());
		return write(merchantClientId, realmIssuer, now, agentId, Map.of(RISK_LEVEL_CHANGE, event));
	}

	/** A {@code credential-compromise} SET about an agent key. */
	public static String credentialCompromise(String merchantClientId, String realmIssuer, Instant now,
			@Nullable String agentId, String kid, @Nullable String reason) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("credential_type", CREDENTIAL_TYPE_AGENT_KEY);
		event.put("kid", kid);
		if (reason != null) {
			event.put("reason_admin", reason);
		}
		event.put("event_timestamp", now.getEpochSecond());
		return write(merchantClientId, realmIssuer, now, agentId, Map.of(CREDENTIAL_COMPROMISE, event));
	}

	/** A key usage SET: keyid to last verified use. */
	public static String keyUsage(String merchantClientId, String realmIssuer, Instant now,
			Map<String, Instant> lastUsed) {
		Map<String, Object> keys = new LinkedHashMap<>();
		lastUsed.forEach((kid, time) -> keys.put(kid, time.getEpochSecond()));
		return write(merchantClientId, realmIssuer, now, null, Map.of(KEY_USAGE, Map.of("keys", keys)));
	}

	private static String write(String issuer, String audience, Instant now, @Nullable String agentId,
			Map<String, Object> events) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", issuer);
		claims.put("aud", audience);
		claims.put("iat", now.getEpochSecond());
		claims.put("jti", UUID.randomUUID().toString());
		if (agentId != null) {
			claims.put("sub_id", Map.of("format", "opaque", "id", agentId));
		}
		claims.put("events", events);
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", "none");
		header.put("typ", "secevent+jwt");
		return Base64URL.encode(JSONObjectUtils.toJSONString(header).getBytes(StandardCharsets.UTF_8)) + "."
				+ Base64URL.encode(JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8)) + ".";
	}

}
