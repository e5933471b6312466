package dev.agentauth.core.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * A {@link NonceStore} in this JVM's memory, for a single merchant instance (use a shared store, e.g. Redis,
 * for several). Bounded twice: at most {@code maxEntries} nonces in all and {@code maxEntriesPerKey} per
 * {@code keyid}, so one agent cannot fill the store for everyone. When a bound is reached, expired nonces are
 * purged first; if that frees nothing, the new nonce is refused with {@code nonce_store_full}. A live nonce is
 * never evicted, because evicting lets an attacker flood the store and then replay (the 2025 Spring Security
 * DPoP lesson).
 * <p>
 * Thread-safe without a global lock on the hot path: nonces live in a {@link ConcurrentHashMap}, the per-key
 * counts are updated atomically per key, and purging (rare: every few seconds, or when full) is done by one
 * thread at a time while others carry on.
 *
 * @since 0.1.0
 */
public final class InMemoryNonceStore implements NonceStore {

	/** Default bound on all nonces. */
	public static final int DEFAULT_MAX_ENTRIES = 1_000_000;

	/**
	 * Default bound on the nonces of one key: 200,000. Nonces are kept for the signature lifetime plus the clock
	 * skew, so one key can sustain at most this many requests per (lifetime + skew), e.g. ~2,200/s with 60 s
	 * signatures and 30 s skew. One nonce takes about 160 bytes of heap (measured on JDK 25 with compressed
	 * oops), so a full key holds ~32 MB and a full store ({@link #DEFAULT_MAX_ENTRIES}) ~160 MB.
	 */
	public static final int DEFAULT_MAX_ENTRIES_PER_KEY = 200_000;

	private static final long PURGE_INTERVAL_MILLIS = 5_000;

	private final ConcurrentHashMap<NonceKey, Long> nonces = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Integer> perKeyCounts = new ConcurrentHashMap<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicLong nextPurge = new AtomicLong();

	private final ReentrantLock purgeLock = new ReentrantLock();

	private final int maxEntries;

	private final int maxEntriesPerKey;

	private final Clock clock;

	/** The second this store's memory began: signatures created before it may have been used on a predecessor. */
	private final long epochSecond;

	/** A store with the default bounds and the system clock. */
	public InMemoryNonceStore() {
		this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_ENTRIES_PER_KEY, Clock.systemUTC());
	}

	public InMemoryNonceStore(int maxEntries, int maxEntriesPerKey, Clock clock) {
		if (maxEntries <= 0 || maxEntriesPerKey <= 0) {
			throw new IllegalArgumentException("maxEntries and maxEntriesPerKey must be positive");
		}
		this.maxEntries = maxEntries;
		this.maxEntriesPerKey = maxEntriesPerKey;
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.epochSecond = clock.instant().getEpochSecond();
	}

	/**
	 * As {@link #consume(String, String, Instant)}, and refuses ({@code nonce_store_unavailable}: sign again) a
	 * signature created in a second before this store existed: a merchant instance that restarted lost the nonces
	 * its predecessor had seen, and such a signature may be a replay of a request that instance accepted.
	 */
	@Override
	public void consume(String keyId, String nonce, Instant createdAt, Instant expiresAt) throws AgentAuthException {
		if (createdAt.getEpochSecond() < this.epochSecond) {
			throw new AgentAuthException(ErrorCode.NONCE_STORE_UNAVAILABLE,
					"The signature was created before this instance's nonce memory began; sign the request again");
		}
		consume(keyId, nonce, expiresAt);
	}

	@Override
	public void consume(String keyId, String nonce, Instant expiresAt) throws AgentAuthException {
		Objects.requireNonNull(keyId, "keyId cannot be null");
		Objects.requireNonNull(nonce, "nonce cannot be null");
		Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
		long now = this.clock.millis();
		long expiry = expiresAt.toEpochMilli();
		if (now >= this.nextPurge.get()) {
			purgeExpired(now, false);
		}
		NonceKey key = new NonceKey(keyId, nonce);
		Long existing = this.nonces.get(key);
		if (existing != null && existing > now) {
			throw replayed();
		}
		reserve(keyId, now);
		boolean stored = false;
		try {
			while (true) {
				existing = this.nonces.putIfAbsent(key, expiry);
				if (existing == null) {
					stored = true;
					return;
				}
				if (existing > now) {
					throw replayed();
				}
				// an expired entry for the same nonce: take its place (its slot stays counted once)
				if (this.nonces.replace(key, existing, expiry)) {
					return;
				}
			}
		}
		finally {
			if (!stored) {
				release(keyId);
			}
		}
	}

	/** The number of nonces held, expired ones not yet purged included. */
	public int size() {
		return this.size.get();
	}

	/** The most nonces held at once (all keys); one more is refused with {@code nonce_store_full}. */
	public int maxEntries() {
		return this.maxEntries;
	}

	/** Removes expired nonces now. */
	public void purgeExpired() {
		purgeExpired(this.clock.millis(), true);
	}

	private void reserve(String keyId, long now) throws AgentAuthException {
		if (this.size.incrementAndGet() > this.maxEntries) {
			this.size.decrementAndGet();
			purgeExpired(now, true);
			if (this.size.incrementAndGet() > this.maxEntries) {
				this.size.decrementAndGet();
				throw new AgentAuthException(ErrorCode.NONCE_STORE_FULL, "This server holds its maximum of "
						+ this.maxEntries + " unexpired nonces (all keys); try again later");
			}
		}
		if (!reserveForKey(keyId)) {
			purgeExpired(now, true);
			if (!reserveForKey(keyId)) {
				this.size.decrementAndGet();
				throw new AgentAuthException(ErrorCode.NONCE_STORE_FULL, "This key has " + this.maxEntriesPerKey
						+ " unexpired nonces, the most this server keeps per key (each until its signature's expires"
						+ " plus clock skew); slow down, sign with shorter lifetimes, or try again later");
			}
		}
	}

	// atomic per key: a compare-and-set loop on the key's count (no lambda or holder allocated per request, unlike
	// ConcurrentHashMap.compute); a key's counter disappears when it drops to zero
	private boolean reserveForKey(String keyId) {
		while (true) {
			Integer count = this.perKeyCounts.get(keyId);
			if (count == null) {
				if (this.perKeyCounts.putIfAbsent(keyId, 1) == null) {
					return true;
				}
			}
			else if (count >= this.maxEntriesPerKey) {
				return false;
			}
			else if (this.perKeyCounts.replace(keyId, count, count + 1)) {
				return true;
			}
		}
	}

	private void release(String keyId) {
		this.size.decrementAndGet();
		while (true) {
			Integer count = this.perKeyCounts.get(keyId);
			if (count == null) {
				return;
			}
			if ((count <= 1) ? this.perKeyCounts.remove(keyId, count)
					: this.perKeyCounts.replace(keyId, count, count - 1)) {
				return;
			}
		}
	}

	private void purgeExpired(long now, boolean wait) {
		if (wait) {
			this.purgeLock.lock();
		}
		else if (!this.purgeLock.tryLock()) {
			return;
		}
		try {
			if (!wait && now < this.nextPurge.get()) {
				return;
			}
			Iterator<Map.Entry<NonceKey, Long>> entries = this.nonces.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<NonceKey, Long> entry = entries.next();
				Long expiry = entry.getValue();
				if (expiry <= now && this.nonces.remove(entry.getKey(), expiry)) {
					release(entry.getKey().keyId());
				}
			}
			this.nextPurge.set(now + PURGE_INTERVAL_MILLIS);
		}
		finally {
			this.purgeLock.unlock();
		}
	}

	private static AgentAuthException replayed() {
		return new AgentAuthException(ErrorCode.NONCE_REPLAYED, "The nonce was already used");
	}

	// the map key: both strings as they came (no concatenation), the hash computed once instead of on each of the
	// two or three map operations of a request
	private static final class NonceKey {

		private final String keyId;

		private final String nonce;

		private final int hash;

		NonceKey(String keyId, String nonce) {
			this.keyId = keyId;
			this.nonce = nonce;
			this.hash = 31 * keyId.hashCode() + nonce.hashCode();
		}

		String keyId() {
			return this.keyId;
		}

		@Override
		public boolean equals(Object other) {
			return (other instanceof NonceKey key) && this.hash == key.hash && this.nonce.equals(key.nonce)
					&& this.keyId.equals(key.keyId);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
