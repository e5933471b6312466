package dev.agentauth.core.revocation;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 8936 §2.4 poll request for Security Event Tokens, as the revocation feed reads it.
 * <p>
 * RFC 8936 members: {@code maxEvents} (how many SETs at most, 0 = only acknowledge; default
 * {@value #DEFAULT_MAX_EVENTS}, at most {@value #MAX_EVENTS_LIMIT}), {@code returnImmediately} (false: the
 * transmitter may wait for events — long poll), {@code ack} (jtis of SETs the recipient processed, at most
 * {@value #MAX_ACKS}) and {@code setErrs} (jti → the error the recipient found in that SET). Extensions of this
 * project: {@code receiver} (acknowledgements are kept per client and receiver; default {@value #DEFAULT_RECEIVER})
 * and {@code replay} (the receiver lost its state: its acknowledgements are forgotten). Unknown members are
 * ignored.
 *
 * @param maxEvents how many SETs at most, 0 to 1000
 * @param returnImmediately whether to answer at once even without events
 * @param ack the acknowledged jtis, in request order
 * @param setErrs the SETs the recipient could not process, by jti, in request order
 * @param receiver which of the client's receivers polls
 * @param replay whether the receiver lost its state
 * @since 0.1.0
 */
public record PollRequest(int maxEvents, boolean returnImmediately, List<String> ack, Map<String, SetError> setErrs,
		String receiver, boolean replay) {

	/** {@code maxEvents} when the request has none. */
	public static final int DEFAULT_MAX_EVENTS = 100;

	/** The largest {@code maxEvents} accepted. */
	public static final int MAX_EVENTS_LIMIT = 1000;

	/** The most jtis one request may acknowledge. */
	public static final int MAX_ACKS = 10_000;

	/** {@code receiver} when the request has none. */
	public static final String DEFAULT_RECEIVER = "default";

	private static final Pattern RECEIVER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	public PollRequest {
		if (maxEvents < 0 || maxEvents > MAX_EVENTS_LIMIT) {
			throw new IllegalArgumentException("maxEvents must be from 0 to " + MAX_EVENTS_LIMIT);
		}
		ack = List.copyOf(ack);
		setErrs = Collections.unmodifiableMap(new LinkedHashMap<>(setErrs));
		Objects.requireNonNull(receiver, "receiver cannot be null");
	}

	/**
	 * Reads a poll request body; an empty body is a request with every default (a long poll for up to
	 * {@value #DEFAULT_MAX_EVENTS} SETs).
	 * @throws PollRequestException if the body is not a JSON object or a member has the wrong type or range
	 */
	public static PollRequest parse(@Nullable String json) throws PollRequestException {
		Map<String, Object> request;
		try {
			request = (json == null || json.isBlank()) ? Map.of() : JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new PollRequestException("The poll request must be a JSON object");
		}
		return new PollRequest(maxEvents(request.get("maxEvents")),
				bool(request.get("returnImmediately"), "returnImmediately"), ack(request.get("ack")),
				setErrs(request.get("setErrs")), receiver(request.get("receiver")),
				bool(request.get("replay"), "replay"));
	}

	private static int maxEvents(@Nullable Object value) throws PollRequestException {
		if (value == null) {
			return DEFAULT_MAX_EVENTS;
		}
		if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
				|| number.doubleValue() < 0 || number.doubleValue() > MAX_EVENTS_LIMIT) {
			throw new PollRequestException("'maxEvents' must be a number from 0 to " + MAX_EVENTS_LIMIT);
		}
		return number.intValue();
	}

	private static boolean bool(@Nullable Object value, String member) throws PollRequestException {
		if (value == null) {
			return false;
		}
		if (!(value instanceof Boolean bool)) {
			throw new PollRequestException("'" + member + "' must be true or false");
		}
		return bool;
	}

	private static List<String> ack(@Nullable Object value) throws PollRequestException {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> values) || values.size() > MAX_ACKS) {
			throw new PollRequestException("'ack' must be an array of at most " + MAX_ACKS + " jti strings");
		}
		List<String> jtis = new ArrayList<>(values.size());
		for (Object jti : values) {
			if (!(jti instanceof String string)) {
				throw new PollRequestException("'ack' must hold jti strings");
			}
			jtis.add(string);
		}
		return jtis;
	}

	private static Map<String, SetError> setErrs(@Nullable Object value) throws PollRequestException {
		if (value == null) {
			return Map.of();
		}
		String shape = "'setErrs' must be an object of jti: {\"err\": string, \"description\": string}";
		if (!(value instanceof Map<?, ?> members) || members.size() > MAX_ACKS) {
			throw new PollRequestException(shape + ", at most " + MAX_ACKS);
		}
		Map<String, SetError> errors = new LinkedHashMap<>();
		for (Map.Entry<?, ?> member : members.entrySet()) {
			if (!(member.getValue() instanceof Map<?, ?> error) || !(error.get("err") instanceof String err)
					|| (error.get("description") != null && !(error.get("description") instanceof String))) {
				throw new PollRequestException(shape);
			}
			errors.put((String) member.getKey(), new SetError(err, (String) error.get("description")));
		}
		return errors;
	}

	private static String receiver(@Nullable Object value) throws PollRequestException {
		if (value == null) {
			return DEFAULT_RECEIVER;
		}
		if (!(value instanceof String name) || !RECEIVER.matcher(name).matches()) {
			throw new PollRequestException("'receiver' must be 1-64 characters of A-Z a-z 0-9 . _ : -");
		}
		return name;
	}

	/**
	 * The error a recipient found in one SET (RFC 8936 §2.4 {@code setErrs}, codes as in RFC 8935 §2.4).
	 *
	 * @param err the error code, such as {@code authentication_failed}
	 * @param description a human-readable description, if given
	 */
	public record SetError(String err, @Nullable String description) {

		public SetError {
			Objects.requireNonNull(err, "err cannot be null");
		}

	}

}
