package dev.agentauth.merchant.signals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.merchant.delegation.MerchantClientToken;

/**
 * Pushes this merchant's signals to the realm's receiver ({@code POST {issuer}/agents/signals}, RFC 8935) on its
 * own thread: risk reports from a bounded queue (full = dropped and counted, never blocking a request), each
 * agent and level at most once per {@code dedupPeriod}, and once per {@code usageInterval} one key usage report
 * (keyid → last verified use, a bounded map). Each push is retried with backoff on network errors, 5xx and 429;
 * a refused push (other 4xx) is logged and dropped. Authenticated with the merchant client's client-credentials
 * token (the revocation feed's credentials).
 *
 * @since 0.1.0
 */
public final class SignalTransmitter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SignalTransmitter.class);

	private final URI issuer;

	private final String clientId;

	private final MerchantClientToken token;

	private final Duration dedupPeriod;

	private final Duration usageInterval;

	private final int maxAttempts;

	private final int maxKeys;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final BlockingQueue<String> queue;

	private final Map<String, Instant> lastReported = new ConcurrentHashMap<>();

	private volatile Map<String, Instant> keyUsage = new ConcurrentHashMap<>();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean running;

	private @Nullable Thread thread;

	private Duration retryBase = Duration.ofMillis(200);

	/**
	 * @param issuer the realm URL
	 * @param clientId the merchant client (the SETs' {@code iss})
	 * @param queueCapacity most reports waiting to be sent
	 * @param dedupPeriod how long a report of the same agent and level is not repeated
	 * @param usageInterval how often key usage is reported
	 * @param maxAttempts tries per push
	 * @param maxKeys most keys remembered between two usage reports
	 */
	public SignalTransmitter(URI issuer, String clientId, String clientSecret, int queueCapacity,
			Duration dedupPeriod, Duration usageInterval, int maxAttempts, int maxKeys, Clock clock) {
		this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
		this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
		this.token = new MerchantClientToken(this.http, issuer, clientId,
				Objects.requireNonNull(clientSecret, "clientSecret cannot be null"), clock, "agentauth.revocation.client-secret (the merchant client)");
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.dedupPeriod = Objects.requireNonNull(dedupPeriod, "dedupPeriod cannot be null");
		this.usageInterval = Objects.requireNonNull(usageInterval, "usageInterval cannot be null");
		this.maxAttempts = Math.max(1, maxAttempts);
		this.maxKeys = maxKeys;
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** Shortens the backoff between retries (tests). */
	void setRetryBase(Duration retryBase) {
		this.retryBase = retryBase;
	}

	/**
	 * Queues a risk report unless the same agent and level was reported within the dedup period. Never blocks.
	 * @return whether it was queued
	 */
	public boolean report(String agentId, @Nullable String kid, RiskLevel level, @Nullable String reason) {
		Instant now = this.clock.instant();
		String key = agentId + " " + level;
		Instant previous = this.lastReported.get(key);
		if (previous != null && now.isBefore(previous.plus(this.dedupPeriod))) {
			return false;
		}
		if (this.lastReported.size() >= 100_000) {
			this.lastReported.values().removeIf((time) -> !now.isBefore(time.plus(this.dedupPeriod)));
		}
		this.lastReported.put(key, now);
		String set = SignalSets.riskLevelChange(this.clientId, this.issuer.toString(), now, agentId, kid, level,
				reason);
		if (!this.queue.offer(set)) {
			this.dropped.incrementAndGet();
			this.lastReported.remove(key, now);
			return false;
		}
		return true;
	}

	/** Remembers a verified use of the key (bounded: new keys beyond the bound wait for the next interval). */
	public void keyUsed(String kid, Instant when) {
		Map<String, Instant> usage = this.keyUsage;
		if (usage.size() >= this.maxKeys && !usage.containsKey(kid)) {
			return;
		}
		usage.merge(kid, when, (a, b) -> a.isAfter(b) ? a : b);
	}

	/** Pushes accepted by the receiver. */
	public long sentCount() {
		return this.sent.get();
	}

	/** Reports dropped because the queue was full. */
	public long droppedCount() {
		return this.dropped.get();
	}

	/** Pushes given up after their last attempt or refused by the receiver. */
	public long failedCount() {
		return this.failed.get();
	}

	@Override
	public void start() {
		this.running = true;
		Thread worker = new Thread(this::loop, "agentauth-signals");
		worker.setDaemon(true);
		this.thread = worker;
		worker.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread worker = this.thread;
		if (worker != null) {
			worker.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		Instant nextUsage = this.clock.instant().plus(this.usageInterval);
		while (this.running) {
			try {
				long wait = Math.max(1, Duration.between(this.clock.instant(), nextUsage).toMillis());
				String set = this.queue.poll(wait, TimeUnit.MILLISECONDS);
				if (set != null) {
					push(set);
				}
				if (!this.clock.instant().isBefore(nextUsage)) {
					nextUsage = this.clock.instant().plus(this.usageInterval);
					flushKeyUsage();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Signal transmitter: {}", ex.toString());
			}
		}
	}

	/** Sends the key usage collected since the last report (in chunks the receiver accepts). */
	void flushKeyUsage() throws InterruptedException {
		Map<String, Instant> usage = this.keyUsage;
		if (usage.isEmpty()) {
			return;
		}
		this.keyUsage = new ConcurrentHashMap<>();
		List<Map.Entry<String, Instant>> entries = new ArrayList<>(usage.entrySet());
		for (int i = 0; i < entries.size(); i += SignalSets.MAX_KEY_USAGE_ENTRIES) {
			Map<String, Instant> chunk = new LinkedHashMap<>();
			entries.subList(i, Math.min(entries.size(), i + SignalSets.MAX_KEY_USAGE_ENTRIES))
				.forEach((entry) -> chunk.put(entry.getKey(), entry.getValue()));
			push(SignalSets.keyUsage(this.clientId, this.issuer.toString(), this.clock.instant(), chunk));
		}
	}

	/** One push with retries; true when the receiver accepted it. */
	boolean push(String set) throws InterruptedException {
		for (int attempt = 1; attempt <= this.maxAttempts && this.running; attempt++) {
			Duration retryAfter = null;
			try {
				HttpResponse<String> response = send(set);
				int status = response.statusCode();
				if (status == 202 || status == 200) {
					this.sent.incrementAndGet();
					return true;
				}
				if (status == 401) {
					this.token.invalidate();
				}
				else if (status == 429) {
					retryAfter = response.headers().firstValue("Retry-After").map(SignalTransmitter::seconds).orElse(null);
				}
				else if (status < 500) {
					this.failed.incrementAndGet();
					log.warn("The signal receiver refused a push ({}): {}", status, abbreviate(response.body()));
					return false;
				}
				if (attempt == this.maxAttempts) {
					log.warn("Signal receiver at {} answered {}; giving up after {} attempts", this.issuer, status,
							attempt);
				}
			}
			catch (IOException ex) {
				if (attempt == this.maxAttempts) {
					log.warn("Signal receiver at {} unreachable; giving up after {} attempts: {}", this.issuer, attempt,
							ex.toString());
				}
			}
			if (attempt < this.maxAttempts) {
				Duration backoff = (retryAfter != null) ? retryAfter
						: this.retryBase.multipliedBy(1L << Math.min(attempt - 1, 5));
				Thread.sleep(Math.min(backoff.toMillis(), 30_000));
			}
		}
		this.failed.incrementAndGet();
		return false;
	}

	private HttpResponse<String> send(String set) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer + "/agents/signals"))
			.timeout(Duration.ofSeconds(5))
			.header("Authorization", "Bearer " + this.token.get())
			.header("Content-Type", SignalSets.MEDIA_TYPE)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(set))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static @Nullable Duration seconds(String value) {
		try {
			return Duration.ofSeconds(Math.max(1, Math.min(60, Long.parseLong(value.strip()))));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

}
