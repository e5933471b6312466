package dev.agentauth.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.signature.CompactJws;

/**
 * Keeps one delegation token per (consumer grant, merchant audience, scope) for an agent, and renews it by token
 * exchange (RFC 8693) before it expires, for as long as the consumer's grant lives:
 * <ul>
 * <li>the operator hands over the consumer's token response after consent ({@link #addConsumer}); when the
 * consumer's access token (the exchange's {@code subject_token}) is about to expire, it is refreshed with its
 * refresh token;</li>
 * <li>a token is renewed when less than {@code renewBefore} (but at most half its lifetime) is left;</li>
 * <li>renewals are single-flight: concurrent callers for the same delegation wait for one exchange, and one
 * refresh per consumer;</li>
 * <li>a merchant's step-up (401 {@code fresh_delegation_required}, {@link StepUpChallenge}) is answered by
 * {@link #freshToken}: a token issued within the challenge's {@code max_age};</li>
 * <li>an {@code invalid_grant} from Keycloak (grant revoked or expired, session ended, agent suspended, key
 * revoked), or a merchant's {@code grant_revoked} reported through {@link #revoked}, ends the grant: every later
 * call throws {@link DelegationRevokedException} without calling anyone.</li>
 * </ul>
 * Thread-safe. Tokens stay in memory only.
 *
 * @since 0.1.0
 */
public final class DelegationTokenManager {

	/** Default: renew a token once less than 60 s of it is left. */
	public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofSeconds(60);

	private final DelegationClient client;

	private final AgentKeyPair key;

	private final String agentId;

	private final Clock clock;

	private final Duration renewBefore;

	private final ConcurrentMap<String, Consumer> consumers = new ConcurrentHashMap<>();

	private final ConcurrentMap<Key, Slot> tokens = new ConcurrentHashMap<>();

	private final AtomicLong exchanges = new AtomicLong();

	private final AtomicLong refreshes = new AtomicLong();

	/** With the system clock and {@link #DEFAULT_RENEW_BEFORE}. */
	public DelegationTokenManager(DelegationClient client, AgentKeyPair key, String agentId) {
		this(client, key, agentId, Clock.systemUTC(), DEFAULT_RENEW_BEFORE);
	}

	/**
	 * @param client the operator's client at the realm
	 * @param key the agent's key (signs the actor tokens; delegation tokens are bound to it)
	 * @param agentId the agent's id in the registry
	 * @param renewBefore renew a token (and refresh a consumer token) once less than this is left
	 */
	public DelegationTokenManager(DelegationClient client, AgentKeyPair key, String agentId, Clock clock,
			Duration renewBefore) {
		this.client = Objects.requireNonNull(client, "client cannot be null");
		this.key = Objects.requireNonNull(key, "key cannot be null");
		this.agentId = Objects.requireNonNull(agentId, "agentId cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		Objects.requireNonNull(renewBefore, "renewBefore cannot be null");
		if (renewBefore.isNegative()) {
			throw new IllegalArgumentException("renewBefore cannot be negative");
		}
		this.renewBefore = renewBefore;
	}

	/**
	 * Adds a consumer from the token response the operator received after consent (e.g.
	 * {@link DelegationClient#redeemCode}): {@code access_token} (carrying the {@code agent_grant} claim),
	 * {@code expires_in} and, to renew beyond the access token's lifetime, {@code refresh_token}.
	 * @return the grant id, the handle for {@link #token}
	 * @throws IllegalArgumentException if the access token carries no {@code agent_grant}
	 */
	public String addConsumer(Map<String, Object> tokenResponse) {
		Objects.requireNonNull(tokenResponse, "tokenResponse cannot be null");
		String accessToken = (String) tokenResponse.get("access_token");
		if (accessToken == null) {
			throw new IllegalArgumentException("The token response has no access_token");
		}
		Object grant = claims(accessToken).get(DelegationClaims.AGENT_GRANT);
		if (!(grant instanceof String grantId) || grantId.isBlank()) {
			throw new IllegalArgumentException("The consumer's access token carries no " + DelegationClaims.AGENT_GRANT);
		}
		Consumer consumer = new Consumer(grantId);
		consumer.update(tokenResponse, this.clock.instant());
		this.consumers.put(grantId, consumer);
		return grantId;
	}

	/** {@link #token(String, String, String)} for all the scopes of the grant. */
	public String token(String grantId, String audience) throws IOException, InterruptedException {
		return token(grantId, audience, null);
	}

	/**
	 * A delegation token for the merchant {@code audience}, renewed first when it is about to expire.
	 * @param scope the scopes to ask for (space separated), or {@code null} for all granted
	 * @throws DelegationRevokedException if the grant ended (now or earlier)
	 * @throws IOException when the token endpoint cannot be reached or answers with another error
	 * @throws IllegalArgumentException if the grant was never added
	 */
	public String token(String grantId, String audience, @Nullable String scope)
			throws IOException, InterruptedException {
		Consumer consumer = consumer(grantId);
		consumer.throwIfRevoked();
		Slot slot = this.tokens.computeIfAbsent(new Key(grantId, audience, scope), (key) -> new Slot());
		Issued current = slot.current;
		if (current != null && fresh(current)) {
			return current.value();
		}
		slot.lock.lockInterruptibly();
		try {
			consumer.throwIfRevoked();
			current = slot.current;
			if (current != null && fresh(current)) {
				return current.value();
			}
			slot.current = exchange(consumer, audience, scope);
			return slot.current.value();
		}
		finally {
			slot.lock.unlock();
		}
	}

	/**
	 * A delegation token issued within {@code maxAge}, for a merchant's step-up ({@link StepUpChallenge}: 401
	 * {@code fresh_delegation_required}): the cached token when it was issued within half of {@code maxAge} (so it is
	 * still fresh when it arrives, and concurrent step-ups share one exchange), else a new one by token exchange.
	 * @throws DelegationRevokedException if the grant ended (now or earlier)
	 * @throws IOException when the token endpoint cannot be reached or answers with another error
	 * @throws IllegalArgumentException if the grant was never added or {@code maxAge} is not positive
	 */
	public String freshToken(String grantId, String audience, @Nullable String scope, Duration maxAge)
			throws IOException, InterruptedException {
		Objects.requireNonNull(maxAge, "maxAge cannot be null");
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("maxAge must be positive");
		}
		Consumer consumer = consumer(grantId);
		consumer.throwIfRevoked();
		Slot slot = this.tokens.computeIfAbsent(new Key(grantId, audience, scope), (key) -> new Slot());
		slot.lock.lockInterruptibly();
		try {
			consumer.throwIfRevoked();
			Issued current = slot.current;
			Instant recent = this.clock.instant().minus(maxAge.dividedBy(2));
			if (current != null && fresh(current) && !current.issuedAt().isBefore(recent)) {
				return current.value();
			}
			slot.current = exchange(consumer, audience, scope);
			return slot.current.value();
		}
		finally {
			slot.lock.unlock();
		}
	}

	/** Forgets the cached token (e.g. a merchant said {@code token_expired}); the next call exchanges again. */
	public void invalidate(String grantId, String audience, @Nullable String scope) {
		Slot slot = this.tokens.get(new Key(grantId, audience, scope));
		if (slot != null) {
			slot.current = null;
		}
	}

	/**
	 * Ends the grant (e.g. a merchant answered {@code grant_revoked}): its tokens are dropped and every later
	 * {@link #token} call throws {@link DelegationRevokedException}.
	 */
	public void revoked(String grantId, String error, String reason) {
		Consumer consumer = this.consumers.get(grantId);
		if (consumer != null) {
			consumer.revoke(error, reason);
		}
		this.tokens.keySet().removeIf((key) -> key.grantId().equals(grantId));
	}

	/** Whether the grant ended. */
	public boolean isRevoked(String grantId) {
		Consumer consumer = this.consumers.get(grantId);
		return consumer != null && consumer.revokedError != null;
	}

	/** How many token exchanges this manager made (for metrics and tests). */
	public long exchangeCount() {
		return this.exchanges.get();
	}

	/** How many consumer token refreshes this manager made. */
	public long refreshCount() {
		return this.refreshes.get();
	}

	/** The agent id. */
	public String agentId() {
		return this.agentId;
	}

	private Consumer consumer(String grantId) {
		Consumer consumer = this.consumers.get(Objects.requireNonNull(grantId, "grantId cannot be null"));
		if (consumer == null) {
			throw new IllegalArgumentException("No consumer was added for grant " + grantId);
		}
		return consumer;
	}

	// fresh while more than the renewal margin is left; the margin is at most half the lifetime, so short-lived
	// tokens are not renewed on every call
	private boolean fresh(Issued issued) {
		Duration lifetime = Duration.between(issued.issuedAt(), issued.expiresAt());
		Duration margin = (this.renewBefore.compareTo(lifetime.dividedBy(2)) > 0) ? lifetime.dividedBy(2)
				: this.renewBefore;
		return this.clock.instant().plus(margin).isBefore(issued.expiresAt());
	}

	private Issued exchange(Consumer consumer, String audience, @Nullable String scope)
			throws IOException, InterruptedException {
		String subject = subjectToken(consumer);
		Instant now = this.clock.instant();
		HttpResponse<String> response = this.client.exchangeResponse(this.key, this.agentId, subject, audience, scope,
				null);
		this.exchanges.incrementAndGet();
		Map<String, Object> json = json(response);
		if (response.statusCode() == 200 && json.get("access_token") instanceof String token) {
			return new Issued(token, now, expiresAt(json, token, now));
		}
		throw refusal(consumer, response, json, "token exchange");
	}

	private String subjectToken(Consumer consumer) throws IOException, InterruptedException {
		Issued current = consumer.accessToken;
		if (fresh(current)) {
			return current.value();
		}
		consumer.lock.lockInterruptibly();
		try {
			consumer.throwIfRevoked();
			current = consumer.accessToken;
			if (fresh(current)) {
				return current.value();
			}
			String refreshToken = consumer.refreshToken;
			if (refreshToken == null) {
				if (current.expiresAt().isAfter(this.clock.instant())) {
					return current.value();
				}
				consumer.revoke("invalid_grant", "The consumer's token expired and there is no refresh token");
				consumer.throwIfRevoked();
			}
			Map<String, String> form = new LinkedHashMap<>();
			form.put("grant_type", "refresh_token");
			form.put("refresh_token", refreshToken);
			HttpResponse<String> response = this.client.postToken(form);
			this.refreshes.incrementAndGet();
			Map<String, Object> json = json(response);
			if (response.statusCode() == 200 && json.get("access_token") instanceof String) {
				consumer.update(json, this.clock.instant());
				return consumer.accessToken.value();
			}
			throw refusal(consumer, response, json, "refresh of the consumer's token");
		}
		finally {
			consumer.lock.unlock();
		}
	}

	private IOException refusal(Consumer consumer, HttpResponse<String> response, Map<String, Object> json,
			String what) {
		Object error = json.get("error");
		String description = String.valueOf(json.get("error_description"));
		if (response.statusCode() == 400 && "invalid_grant".equals(error)) {
			consumer.revoke("invalid_grant", "Keycloak refused the " + what + ": " + description);
			this.tokens.keySet().removeIf((key) -> key.grantId().equals(consumer.grantId));
			consumer.throwIfRevoked();
		}
		return new IOException("The " + what + " failed: " + response.statusCode() + " " + error + " (" + description
				+ ")");
	}

	private static Instant expiresAt(Map<String, Object> json, String token, Instant now) {
		if (json.get("expires_in") instanceof Number seconds) {
			return now.plusSeconds(seconds.longValue());
		}
		if (claims(token).get("exp") instanceof Number exp) {
			return Instant.ofEpochSecond(exp.longValue());
		}
		return now;
	}

	private static Map<String, Object> json(HttpResponse<String> response) throws IOException {
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new IOException("The token endpoint answered " + response.statusCode() + " without JSON");
		}
	}

	// the token's claims, read without verifying (the merchant verifies it)
	private static Map<String, Object> claims(String jwt) {
		try {
			return CompactJws.parse(jwt).claims();
		}
		catch (AgentAuthException ex) {
			throw new IllegalArgumentException("Not a JWT", ex);
		}
	}

	@Override
	public String toString() {
		return "DelegationTokenManager[" + this.agentId + ", " + this.consumers.size() + " consumers]";
	}

	private record Key(String grantId, String audience, @Nullable String scope) {

		Key {
			Objects.requireNonNull(audience, "audience cannot be null");
		}

	}

	private record Issued(String value, Instant issuedAt, Instant expiresAt) {
	}

	private static final class Slot {

		final ReentrantLock lock = new ReentrantLock();

		volatile @Nullable Issued current;

	}

	private static final class Consumer {

		final String grantId;

		final ReentrantLock lock = new ReentrantLock();

		volatile Issued accessToken;

		volatile @Nullable String refreshToken;

		volatile @Nullable String revokedError;

		volatile @Nullable String revokedReason;

		Consumer(String grantId) {
			this.grantId = grantId;
		}

		void update(Map<String, Object> tokenResponse, Instant now) {
			String token = (String) tokenResponse.get("access_token");
			this.accessToken = new Issued(token, now, expiresAt(tokenResponse, token, now));
			if (tokenResponse.get("refresh_token") instanceof String refresh) {
				this.refreshToken = refresh;
			}
		}

		void revoke(String error, String reason) {
			if (this.revokedError == null) {
				this.revokedReason = reason;
				this.revokedError = error;
			}
		}

		void throwIfRevoked() {
			String error = this.revokedError;
			if (error != null) {
				throw new DelegationRevokedException(this.grantId, error,
						"The agent may no longer act for grant " + this.grantId + ": " + this.revokedReason);
			}
		}

	}

}
