package dev.agentauth.core.signature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentIdentifiers;
import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.replay.NonceStore;

/**
 * The simple header scheme of the article this project started from, as an opt-in compatibility profile for
 * existing agents: {@code Agent-ID}, {@code Timestamp} (Unix seconds) and {@code Signature} =
 * base64(sign(agent key, body || timestamp)). The agent id resolves to its registered keys; a signature from any
 * of them that is usable now is accepted within {@code tolerance} of the timestamp (either side, as in the
 * article's {@code timestamp_tolerance}); each (key, timestamp, body hash) is accepted once, remembered in the
 * {@link NonceStore} for the window. Refusals carry the same codes as RFC 9421 verification.
 * <p>
 * <b>What it does not protect</b>: the method, path, query and host are not signed, nor is any header. Within
 * the window, a captured request's body and headers can be sent to another endpoint or another merchant that
 * accepts the scheme, and they verify; only the first use of a (key, timestamp, body) at one merchant passes.
 * Delegation tokens cannot be bound to such a request. Use RFC 9421 ({@link RequestSignatureVerifier}) instead.
 *
 * @since 0.1.0
 */
public final class SimpleHeaderVerifier {

	/** The agent id field. */
	public static final String AGENT_ID = "Agent-ID";

	/** The timestamp field (Unix seconds). */
	public static final String TIMESTAMP = "Timestamp";

	/** The signature field (standard base64). */
	public static final String SIGNATURE = "Signature";

	/** The article's {@code timestamp_tolerance}. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

	private static final Pattern TIMESTAMP_SYNTAX = Pattern.compile("[0-9]{1,12}");

	private static final String NONCE_PREFIX = "simple-headers:";

	/** Looks up the keys registered for an agent id (thumbprints, in any order). */
	@FunctionalInterface
	public interface AgentKeyIds {

		/**
		 * @return the thumbprints of the agent's keys, empty if it has none usable
		 * @throws AgentAuthException {@code unknown_key} if the agent is not registered, {@code registry_unavailable}
		 */
		List<String> keyIds(String agentId) throws AgentAuthException;

	}

	private final KeyResolver keyResolver;

	private final AgentKeyIds agentKeyIds;

	private final NonceStore nonceStore;

	private final Clock clock;

	private final Duration tolerance;

	private final VerificationProviders providers;

	public SimpleHeaderVerifier(KeyResolver keyResolver, AgentKeyIds agentKeyIds, NonceStore nonceStore, Clock clock,
			Duration tolerance, VerificationProviders providers) {
		this.keyResolver = Objects.requireNonNull(keyResolver, "keyResolver cannot be null");
		this.agentKeyIds = Objects.requireNonNull(agentKeyIds, "agentKeyIds cannot be null");
		this.nonceStore = Objects.requireNonNull(nonceStore, "nonceStore cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.tolerance = Objects.requireNonNull(tolerance, "tolerance cannot be null");
		if (tolerance.isNegative() || tolerance.isZero()) {
			throw new IllegalArgumentException("tolerance must be positive");
		}
		this.providers = Objects.requireNonNull(providers, "providers cannot be null");
	}

	/**
	 * Whether the request uses this scheme: {@code Agent-ID}, {@code Timestamp} and {@code Signature}, and no
	 * {@code Signature-Input} (an RFC 9421 request always has one).
	 */
	public static boolean applies(HttpRequestView request) {
		return request.hasHeader(AGENT_ID) && request.hasHeader(TIMESTAMP) && request.hasHeader(SIGNATURE)
				&& !request.hasHeader("Signature-Input");
	}

	/** The signed bytes: the body followed by the timestamp's ASCII digits. */
	public static byte[] message(byte @Nullable [] body, String timestamp) {
		byte[] content = (body != null) ? body : new byte[0];
		byte[] suffix = timestamp.getBytes(StandardCharsets.US_ASCII);
		byte[] message = new byte[content.length + suffix.length];
		System.arraycopy(content, 0, message, 0, content.length);
		System.arraycopy(suffix, 0, message, content.length, suffix.length);
		return message;
	}

	/** The {@code Signature} value an agent sends (for agents and tests). */
	public static String sign(SigningKey key, byte @Nullable [] body, String timestamp) {
		return Base64.getEncoder().encodeToString(key.sign(message(body, timestamp)));
	}

	/**
	 * Verifies one request: syntax, time window, the agent's keys, the signature, the key's usability, then
	 * replay.
	 * @param body the exact body bytes, {@code null} or empty for none
	 * @return the registered key that made the signature
	 * @throws AgentAuthException {@code signature_malformed}, {@code agent_id_malformed} (checked before the id is
	 * looked up), {@code signature_expired},
	 * {@code signature_not_yet_valid}, {@code unknown_key}, {@code signature_invalid}, the key's state codes,
	 * {@code nonce_replayed}, {@code nonce_store_full}/{@code _unavailable}, {@code registry_unavailable}
	 */
	public RegisteredKey verify(@Nullable String agentId, @Nullable String timestamp, @Nullable String signature,
			byte @Nullable [] body) throws AgentAuthException {
		if (agentId == null) {
			throw malformed("Agent-ID is missing");
		}
		AgentIdentifiers.requireAgentId(agentId);
		if (timestamp == null || !TIMESTAMP_SYNTAX.matcher(timestamp).matches()) {
			throw malformed("Timestamp must be Unix seconds");
		}
		byte[] signatureBytes;
		try {
			signatureBytes = Base64.getDecoder().decode(Objects.requireNonNull(signature).strip());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw malformed("Signature must be standard base64");
		}
		Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
		Instant now = this.clock.instant();
		if (signedAt.plus(this.tolerance).isBefore(now)) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_EXPIRED,
					"The timestamp is more than " + this.tolerance.toSeconds() + " s old");
		}
		if (signedAt.minus(this.tolerance).isAfter(now)) {
			throw new AgentAuthException(ErrorCode.SIGNATURE_NOT_YET_VALID,
					"The timestamp is more than " + this.tolerance.toSeconds() + " s ahead");
		}
		List<String> keyIds = this.agentKeyIds.keyIds(agentId);
		byte[] message = message(body, timestamp);
		for (String keyId : keyIds) {
			RegisteredKey key;
			try {
				key = this.keyResolver.resolve(keyId);
			}
			catch (AgentAuthException ex) {
				if (ex.errorCode() == ErrorCode.UNKNOWN_KEY) {
					continue;
				}
				throw ex;
			}
			if (!key.agentId().equals(agentId)) {
				continue;
			}
			if (VerificationKey.of(key.key(), this.providers).verify(message, signatureBytes)) {
				key.checkUsable(now);
				String bodyHash = Base64.getUrlEncoder().withoutPadding()
					.encodeToString(VerificationKey.sha256((body != null) ? body : new byte[0]));
				// with the signing time, so a store that lost its memory refuses what it could have forgotten
				this.nonceStore.consume(key.keyId(), NONCE_PREFIX + timestamp + ":" + bodyHash, signedAt,
						signedAt.plus(this.tolerance).plusSeconds(1));
				return key;
			}
		}
		if (keyIds.isEmpty()) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "The agent has no usable registered key");
		}
		throw new AgentAuthException(ErrorCode.SIGNATURE_INVALID, "The signature does not verify with the agent's keys");
	}

	private static AgentAuthException malformed(String message) {
		return new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, message);
	}

	@Override
	public String toString() {
		return "SimpleHeaderVerifier[tolerance=" + this.tolerance + "]";
	}

}
