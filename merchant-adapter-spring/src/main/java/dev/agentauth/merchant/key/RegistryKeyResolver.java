package dev.agentauth.merchant.key;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentIdentifiers;
import dev.agentauth.core.key.KeyResolver;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.key.TrustedRegistryKeyResolver;

/**
 * A {@link KeyResolver} that asks the registry's public endpoint {@code GET {issuer}/agents/keys/{kid}} and
 * caches the answer: for the response's {@code Cache-Control: max-age} (or a default), unknown keys (404) for a
 * short negative time, and, while the registry cannot be reached, a stale key for at most {@code maxStale} after
 * it stopped being fresh. After that it fails closed with {@code registry_unavailable}. Only one fetch per keyid
 * is in flight at a time; concurrent callers wait for it. A keyid that is neither of the thumbprint syntax nor a
 * safe key-set {@code kid} ({@link #requireLookupKeyId}) is refused with {@code keyid_not_thumbprint} before any
 * request. A key brokered from an agent provider comes with its {@link RegisteredKey#provider() provider} (looked
 * up by thumbprint, or by the JWKS {@code kid} the provider names it by); a keyid the registry knows from two
 * sources (409) is refused with {@code key_ambiguous}; a brokered key whose provider the registry reports past its
 * fail-closed bound (503 problem {@code provider_unavailable}) with {@code registry_unavailable} at once, without
 * serving a stale key.
 *
 * @since 0.1.0
 */
public final class RegistryKeyResolver implements KeyResolver, TrustedRegistryKeyResolver.Lookup {

	/** What a lookup found in the cache; used for metrics. */
	public enum CacheResult {

		/** A fresh cached key. */
		HIT,
		/** Not cached, or no longer fresh; the registry was asked. */
		MISS,
		/** The registry could not be reached; a stale key was served. */
		STALE,
		/** The keyid is cached as unknown. */
		NEGATIVE

	}

	// the key lookup's 503 problem code for a brokered key whose provider is past its fail-closed bound
	private static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

	private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d+)\"?");

	private static final Pattern NO_CACHE = Pattern.compile("(?:^|[,\\s])(no-store|no-cache)(?:$|[,\\s=])");

	private final URI issuer;

	private final HttpClient httpClient;

	private final Clock clock;

	private final Cache<String, Entry> cache;

	private final ConcurrentMap<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable RegistryStatus> lastFetch = new AtomicReference<>();

	private Duration timeout = Duration.ofSeconds(2);

	private Duration defaultMaxAge = Duration.ofMinutes(5);

	private Duration negativeTtl = Duration.ofSeconds(10);

	private Duration maxStale = Duration.ofMinutes(10);

	private Consumer<CacheResult> cacheResultListener = (result) -> {
	};

	/**
	 * @param issuer the realm URL, e.g. {@code http://localhost:8080/realms/agentic-commerce}
	 * @param httpClient the client used to reach the registry
	 * @param clock the clock deciding freshness
	 * @param maximumSize the most keyids kept in the cache
	 */
	public RegistryKeyResolver(URI issuer, HttpClient httpClient, Clock clock, long maximumSize) {
		Objects.requireNonNull(issuer, "issuer cannot be null");
		Objects.requireNonNull(httpClient, "httpClient cannot be null");
		Objects.requireNonNull(clock, "clock cannot be null");
		String text = issuer.toString();
		this.issuer = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
		this.httpClient = httpClient;
		this.clock = clock;
		this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
	}

	@Override
	public RegisteredKey resolve(String keyId) throws AgentAuthException {
		Objects.requireNonNull(keyId, "keyId cannot be null");
		// before the keyid becomes a path segment of the registry's URL
		requireLookupKeyId(keyId);
		Instant now = this.clock.instant();
		Entry cached = this.cache.getIfPresent(keyId);
		if (cached != null && now.isBefore(cached.freshUntil())) {
			this.cacheResultListener.accept((cached.key() != null) ? CacheResult.HIT : CacheResult.NEGATIVE);
			return cached.require(keyId);
		}
		this.cacheResultListener.accept(CacheResult.MISS);
		Entry fetched = fetchOnce(keyId);
		if (fetched != null) {
			this.cache.put(keyId, fetched);
			return fetched.require(keyId);
		}
		// the registry could not be reached
		if (cached != null && cached.key() != null && now.isBefore(cached.freshUntil().plus(this.maxStale))) {
			this.cacheResultListener.accept(CacheResult.STALE);
			return cached.key();
		}
		throw new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE,
				"The agent key registry cannot be reached; try again later");
	}

	/**
	 * This registry's answer for {@link TrustedRegistryKeyResolver} (several trusted registries): from the cache
	 * while fresh, else by asking; while the registry cannot be reached, its last answer, positive <em>or
	 * negative</em>, for at most {@code maxStale} after it stopped being fresh, so an established key is not
	 * refused because another registry is briefly down. Without any answer: unavailable.
	 * @since 0.1.0
	 */
	@Override
	public TrustedRegistryKeyResolver.Answer lookup(String keyId) throws AgentAuthException {
		Objects.requireNonNull(keyId, "keyId cannot be null");
		requireLookupKeyId(keyId);
		Instant now = this.clock.instant();
		Entry cached = this.cache.getIfPresent(keyId);
		if (cached != null && now.isBefore(cached.freshUntil())) {
			this.cacheResultListener.accept((cached.key() != null) ? CacheResult.HIT : CacheResult.NEGATIVE);
			return cached.answer();
		}
		this.cacheResultListener.accept(CacheResult.MISS);
		Entry fetched = fetchOnce(keyId);
		if (fetched != null) {
			this.cache.put(keyId, fetched);
			return fetched.answer();
		}
		if (cached != null && now.isBefore(cached.freshUntil().plus(this.maxStale))) {
			this.cacheResultListener.accept(CacheResult.STALE);
			return cached.answer();
		}
		return TrustedRegistryKeyResolver.Answer.unavailable();
	}

	/**
	 * A keyid this resolver asks the registry about: an RFC 7638 thumbprint (registered keys, Web Bot Auth
	 * directory keys) or a JWKS {@code kid} (Visa TAP and other JWKS providers) of 1 to
	 * {@value AgentIdentifiers#MAX_AGENT_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ ~ : @ -} starting with a
	 * letter or digit, so it can never be resolved as a path ({@code .}, {@code ..}) or carry a separator.
	 * @throws AgentAuthException {@code keyid_not_thumbprint} otherwise
	 */
	static String requireLookupKeyId(String keyId) throws AgentAuthException {
		if (!AgentIdentifiers.isThumbprint(keyId) && !AgentIdentifiers.isAgentId(keyId)) {
			throw new AgentAuthException(ErrorCode.KEYID_NOT_THUMBPRINT, "The 'keyid' must be a key thumbprint, or a "
					+ "key set's kid of A-Z a-z 0-9 . _ ~ : @ - starting with a letter or digit");
		}
		return keyId;
	}

	/** The outcome of the last registry fetch, or {@code null} if none was made yet. */
	public @Nullable RegistryStatus lastFetch() {
		return this.lastFetch.get();
	}

	/** The issuer (realm URL) this resolver asks. */
	public URI issuer() {
		return this.issuer;
	}

	/** Timeout of one registry request. Default 2 s. */
	public void setTimeout(Duration timeout) {
		this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
	}

	/** How long a key stays fresh when the registry sends no {@code max-age}. Default 5 min. */
	public void setDefaultMaxAge(Duration defaultMaxAge) {
		this.defaultMaxAge = Objects.requireNonNull(defaultMaxAge, "defaultMaxAge cannot be null");
	}

	/** How long an unknown keyid (404) is remembered. Default 10 s. */
	public void setNegativeTtl(Duration negativeTtl) {
		this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl cannot be null");
	}

	/** How long past its freshness a key is still served while the registry is unreachable. Default 10 min. */
	public void setMaxStale(Duration maxStale) {
		this.maxStale = Objects.requireNonNull(maxStale, "maxStale cannot be null");
	}

	/**
	 * Forgets cached keys of an agent and/or one keyid, so the next request asks the registry again (the
	 * revocation feed calls this).
	 */
	public void evict(@Nullable String agentId, @Nullable String keyId) {
		if (keyId != null) {
			this.cache.invalidate(keyId);
			// a brokered key cached under its provider's kid
			this.cache.asMap().entrySet()
				.removeIf((entry) -> entry.getValue().key() != null && keyId.equals(entry.getValue().key().keyId()));
		}
		if (agentId != null) {
			this.cache.asMap().entrySet()
				.removeIf((entry) -> entry.getValue().key() != null && agentId.equals(entry.getValue().key().agentId()));
		}
	}

	/** Called once per lookup with what the cache contributed. */
	public void setCacheResultListener(Consumer<CacheResult> cacheResultListener) {
		this.cacheResultListener = Objects.requireNonNull(cacheResultListener, "cacheResultListener cannot be null");
	}

	// null: the registry could not be reached (or answered with an error)
	private @Nullable Entry fetchOnce(String keyId) throws AgentAuthException {
		CompletableFuture<Entry> mine = new CompletableFuture<>();
		CompletableFuture<Entry> running = this.inFlight.putIfAbsent(keyId, mine);
		if (running != null) {
			return running.join();
		}
		try {
			Entry entry = fetch(keyId);
			mine.complete(entry);
			return entry;
		}
		catch (AgentAuthException | RuntimeException ex) {
			mine.complete(null);
			throw ex;
		}
		finally {
			this.inFlight.remove(keyId, mine);
		}
	}

	private @Nullable Entry fetch(String keyId) throws AgentAuthException {
		URI uri = URI.create(this.issuer + "/agents/keys/" + URLEncoder.encode(keyId, StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(this.timeout)
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<String> response;
		try {
			response = this.httpClient.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			this.lastFetch.set(new RegistryStatus(false, this.clock.instant(), ex.getClass().getSimpleName()));
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		Instant now = this.clock.instant();
		int status = response.statusCode();
		if (status == 409) {
			// the registry knows this keyid from two sources (itself and an agent provider, or two providers)
			this.lastFetch.set(new RegistryStatus(true, now, "409"));
			throw new AgentAuthException(ErrorCode.KEY_AMBIGUOUS,
					"The registry knows this keyid from more than one source; it is refused");
		}
		if (status == 503 && isProblem(response, PROVIDER_UNAVAILABLE)) {
			// the registry's own answer: the key's agent provider is past its bound, fail closed (no stale key)
			this.lastFetch.set(new RegistryStatus(true, now, "503 " + PROVIDER_UNAVAILABLE));
			this.cache.invalidate(keyId);
			throw new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE,
					"The key's agent provider cannot be reached by the registry; try again later");
		}
		if (status == 404) {
			this.lastFetch.set(new RegistryStatus(true, now, "404"));
			return new Entry(null, now.plus(this.negativeTtl));
		}
		if (status != 200) {
			this.lastFetch.set(new RegistryStatus(false, now, "HTTP " + status));
			return null;
		}
		this.lastFetch.set(new RegistryStatus(true, now, "200"));
		RegisteredKey key = RegisteredKey.parse(response.body());
		// a registered or Web Bot Auth key is looked up by its thumbprint, a JWKS provider's by its provider key id
		boolean named = key.keyId().equals(keyId)
				|| (key.provider() != null && key.provider().keyId().equals(keyId));
		if (!named) {
			throw new AgentAuthException(ErrorCode.KEY_ID_MISMATCH, "The registry returned a different key");
		}
		return new Entry(key, now.plus(maxAge(response)));
	}

	// whether the response is a problem+json whose code is code
	private static boolean isProblem(HttpResponse<String> response, String code) {
		try {
			return code.equals(JSONObjectUtils.getString(JSONObjectUtils.parse(response.body()), "code"));
		}
		catch (ParseException | RuntimeException ex) {
			return false;
		}
	}

	private Duration maxAge(HttpResponse<?> response) {
		String cacheControl = String.join(",", response.headers().allValues("Cache-Control"));
		if (NO_CACHE.matcher(cacheControl).find()) {
			return Duration.ZERO;
		}
		Matcher matcher = MAX_AGE.matcher(cacheControl);
		if (matcher.find()) {
			try {
				return Duration.ofSeconds(Long.parseLong(matcher.group(1)));
			}
			catch (NumberFormatException ex) {
				return this.defaultMaxAge;
			}
		}
		return this.defaultMaxAge;
	}

	private record Entry(@Nullable RegisteredKey key, Instant freshUntil) {

		TrustedRegistryKeyResolver.Answer answer() {
			return (this.key != null) ? TrustedRegistryKeyResolver.Answer.found(this.key)
					: TrustedRegistryKeyResolver.Answer.unknown();
		}

		RegisteredKey require(String keyId) throws AgentAuthException {
			if (this.key == null) {
				throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "The registry does not know this keyid");
			}
			return this.key;
		}

	}

	/**
	 * The outcome of a registry fetch.
	 *
	 * @param reachable whether the registry answered (200 or 404)
	 * @param at when
	 * @param detail a short description (status code or exception type), never a body
	 * @since 0.1.0
	 */
	public record RegistryStatus(boolean reachable, Instant at, String detail) {
	}

}
