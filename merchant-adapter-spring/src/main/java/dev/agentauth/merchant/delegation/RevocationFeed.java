package dev.agentauth.merchant.delegation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationSet;

/**
 * Polls the realm's revocation feed ({@code POST {issuer}/agents/events}, RFC 8936 long poll, as the merchant's
 * client) on its own thread, verifies each Security Event Token (RFC 8417; realm key, issuer, {@code aud} =
 * this client, {@code typ} {@code secevent+jwt}), applies it to the {@link RevocationSet}, tells listeners (the
 * key cache evicts), and acknowledges it with the next poll. A receiver that keeps its set in memory asks for a
 * replay of every retained event on its first poll, so a restart loses nothing; a shared set asks for one when it
 * says it lost its data ({@link RevocationSet#needsReplay()}). {@link #isLagging()} turns true when no poll has
 * succeeded for {@code maxLag}, and stays true until a replay has delivered every event.
 * <p>
 * A long poll is held by the feed for up to {@link #FEED_LONG_POLL} when nothing happens, so a successful poll
 * can be that old while the feed is healthy. With a {@code maxLag} shorter than {@link #LONG_POLL_MIN_MAX_LAG}
 * the feed therefore polls without waiting ({@code returnImmediately}) every {@code maxLag / 3}: a long poll
 * would make it look lagging for part of every cycle.
 *
 * @since 0.1.0
 */
public final class RevocationFeed implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);

	/** How long Agent Auth's feed holds a long poll when no event comes (RFC 8936 §2.4 long polling). */
	static final Duration FEED_LONG_POLL = Duration.ofSeconds(5);

	/** The shortest {@code maxLag} that long polls: twice {@link #FEED_LONG_POLL}. */
	static final Duration LONG_POLL_MIN_MAX_LAG = FEED_LONG_POLL.multipliedBy(2);

	private final URI issuer;

	private final String clientId;

	private final MerchantClientToken token;

	private final String receiver;

	private final boolean replayOnStart;

	private final RevocationSet revocations;

	private final Consumer<RevocationEvent> listener;

	private final Duration maxLag;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JwtDecoder setDecoder;

	private final List<String> pendingAcks = new ArrayList<>();

	private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private volatile @Nullable Instant lastSuccess;

	private final Instant created;

	private volatile boolean running;

	private @Nullable Thread thread;

	private boolean replayed;

	/** A replay was asked and more of its events are waiting. */
	private volatile boolean replaying;

	/**
	 * @param receiver the receiver name at the feed: shared by instances that share their set (Redis), unique
	 * per instance otherwise
	 * @param replayOnStart ask for every retained event on the first poll (a set kept in memory)
	 */
	public RevocationFeed(URI issuer, String clientId, String clientSecret, String receiver, boolean replayOnStart,
			RevocationSet revocations, Consumer<RevocationEvent> listener, Duration maxLag, Clock clock) {
		this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
		this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
		this.token = new MerchantClientToken(this.http, issuer, clientId,
				Objects.requireNonNull(clientSecret, "clientSecret cannot be null"), clock, "agentauth.revocation.client-secret");
		this.receiver = Objects.requireNonNull(receiver, "receiver cannot be null");
		this.replayOnStart = replayOnStart;
		this.revocations = Objects.requireNonNull(revocations, "revocations cannot be null");
		this.listener = Objects.requireNonNull(listener, "listener cannot be null");
		this.maxLag = Objects.requireNonNull(maxLag, "maxLag cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.created = clock.instant();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer + "/protocol/openid-connect/certs")
			.jwtProcessorCustomizer((processor) -> processor
				.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("secevent+jwt"))))
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtIssuerValidator(issuer.toString()),
				(Jwt jwt) -> jwt.getAudience().contains(clientId) ? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "aud", null))));
		this.setDecoder = decoder;
	}

	/**
	 * True before the first successful poll (a fresh instance does not know past revocations yet) and when the
	 * last successful poll is older than {@code maxLag}.
	 */
	public boolean isLagging() {
		Instant last = this.lastSuccess;
		return last == null || this.replaying
				|| Duration.between(last, this.clock.instant()).compareTo(this.maxLag) > 0;
	}

	/**
	 * How far behind the feed may be: the time since the last successful poll, or since this feed was created
	 * while none has succeeded yet (the metric {@code agentauth.revocation.lag}).
	 */
	public Duration lag() {
		Instant last = this.lastSuccess;
		return Duration.between((last != null) ? last : this.created, this.clock.instant());
	}

	/** When a poll last succeeded; null before the first. */
	public @Nullable Instant lastSuccess() {
		return this.lastSuccess;
	}

	/** One poll: acknowledge, wait for events (long poll), apply them. Exposed for tests. */
	public int pollOnce(boolean returnImmediately) throws IOException, InterruptedException {
		Map<String, Object> request = new LinkedHashMap<>();
		List<String> acks;
		synchronized (this.pendingAcks) {
			acks = new ArrayList<>(this.pendingAcks);
		}
		request.put("ack", acks);
		request.put("receiver", this.receiver);
		request.put("maxEvents", 100);
		request.put("returnImmediately", returnImmediately);
		// a replay is asked once; while its events are still coming (moreAvailable) the set is not complete yet
		boolean replay = !this.replaying && ((this.replayOnStart && !this.replayed) || this.revocations.needsReplay());
		request.put("replay", replay);
		HttpRequest post = HttpRequest.newBuilder(URI.create(this.issuer + "/agents/events"))
			.timeout(Duration.ofSeconds(15))
			.header("Authorization", "Bearer " + this.token.get())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(request)))
			.build();
		HttpResponse<String> response = this.http.send(post, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 401) {
			this.token.invalidate();
		}
		if (response.statusCode() != 200) {
			throw new IOException("The revocation feed answered " + response.statusCode());
		}
		Map<String, Object> body;
		try {
			body = JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new IOException("The revocation feed did not answer JSON", ex);
		}
		synchronized (this.pendingAcks) {
			this.pendingAcks.removeAll(acks);
		}
		this.replayed = true;
		int applied = 0;
		if (body.get("sets") instanceof Map<?, ?> sets) {
			for (Map.Entry<?, ?> entry : sets.entrySet()) {
				try {
					Jwt set = this.setDecoder.decode(String.valueOf(entry.getValue()));
					RevocationEvent event = RevocationEvent.fromSetClaims(set.getClaims());
					this.revocations.apply(event);
					this.listener.accept(event);
					applied++;
					synchronized (this.pendingAcks) {
						this.pendingAcks.add(String.valueOf(entry.getKey()));
					}
				}
				catch (Exception ex) {
					// not acknowledged, so it comes again; warn once per event
					if (this.warned.add(String.valueOf(entry.getKey())) && this.warned.size() < 10_000) {
						log.warn("A security event was not applied ({}; it comes again with a later poll): {}", entry.getKey(),
								ex.getMessage());
					}
				}
			}
		}
		if (replay || this.replaying) {
			boolean more = Boolean.TRUE.equals(body.get("moreAvailable"));
			this.replaying = more;
			if (!more) {
				this.revocations.replayed();
				if (replay) {
					log.info("Revocation feed: replayed every retained event ({} in the last batch)", applied);
				}
			}
		}
		this.lastSuccess = this.clock.instant();
		return applied;
	}

	private void loop() {
		long failures = 0;
		boolean shortPolls = this.maxLag.compareTo(LONG_POLL_MIN_MAX_LAG) < 0;
		Duration shortPollInterval = this.maxLag.dividedBy(3);
		while (this.running) {
			try {
				// the first poll answers at once, so a fresh instance is ready without waiting out a long poll
				boolean first = this.lastSuccess == null;
				pollOnce(first || shortPolls);
				failures = 0;
				if (shortPolls && !this.replaying) {
					Thread.sleep(shortPollInterval);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (IOException | RuntimeException ex) {
				failures++;
				if (failures == 1 || failures % 30 == 0) {
					log.warn("Revocation feed at {} unreachable ({} failures): {}", this.issuer, failures, ex.getMessage());
				}
				try {
					Thread.sleep(Duration.ofMillis(Math.min(1000, 100 * failures)));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread worker = new Thread(this::loop, "agentauth-revocation-feed");
		worker.setDaemon(true);
		worker.start();
		this.thread = worker;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
