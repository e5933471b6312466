package dev.agentauth.core.risk;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A {@link RiskFeatureStore} in this JVM's memory, for one merchant instance. Bounded: at most
 * {@code maxEntries} entries per kind (agent keys, delegations, consumers, networks), the least recently used
 * dropped first, and at most {@value #MAX_DISTINCT} members per distinct count (the count then stops growing,
 * far above every threshold). Dropping is acceptable here, unlike for nonces: a dropped entry only forgets
 * behaviour (the risk layer fails open), it never lets a request through that layers 1 and 2 refuse.
 *
 * @since 0.1.0
 */
public final class InMemoryRiskFeatureStore implements RiskFeatureStore {

	static final int MAX_DISTINCT = 10_000;

	private final Lru<String, KeyState> keys;

	private final Lru<String, SequenceState> sequences;

	private final Lru<String, ConsumerState> consumers;

	private final Lru<String, Window> networkFailures;

	private final Window merchantPurchases = new Window();

	private final int maxEntries;

	private long topHour = -1;

	private final Map<String, Long> topNetworks = new HashMap<>();

	private final Map<String, Long> topAgents = new HashMap<>();

	/**
	 * @param maxEntries the most entries kept per kind
	 */
	public InMemoryRiskFeatureStore(int maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be positive");
		}
		this.maxEntries = maxEntries;
		this.keys = new Lru<>(maxEntries);
		this.sequences = new Lru<>(maxEntries);
		this.consumers = new Lru<>(maxEntries);
		this.networkFailures = new Lru<>(maxEntries);
	}

	@Override
	public synchronized void observe(RiskObservation o, RiskFeatures.Builder features) {
		long now = o.now().toEpochMilli();
		KeyState key = this.keys.computeIfAbsent(o.keyId(), (k) -> new KeyState(now));
		key.requests.add(now, REQUEST_WINDOW.toMillis(), 1);
		features.agentRequests(key.requests.count, key.requests.ewma);
		if (o.network() != null) {
			key.networks.add(now, HOUR.toMillis(), o.network());
		}
		else {
			key.networks.advance(now, HOUR.toMillis());
		}
		features.agentNetworks(key.networks.members.size(), key.networks.ewma);
		key.resources.add(now, HOUR.toMillis(), o.resource());
		features.agentResources(key.resources.members.size());
		key.failures.advance(now, FAILURE_WINDOW.toMillis());
		Window network = (o.network() != null) ? this.networkFailures.get(o.network()) : null;
		if (network != null) {
			network.advance(now, FAILURE_WINDOW.toMillis());
		}
		features.failures(key.failures.count, (network != null) ? network.count : 0);
		features.keyHistory(Instant.ofEpochMilli(key.firstSeen), key.clean);
		key.clean++;

		SequenceState sequence = this.sequences.computeIfAbsent(o.sequenceKey(), (k) -> new SequenceState());
		if (o.endpoint() == RiskFeatures.Endpoint.CART) {
			sequence.lastCart = now;
		}
		features.lastCart((sequence.lastCart > 0) ? Instant.ofEpochMilli(sequence.lastCart) : null);
		if (o.grantId() != null) {
			sequence.purchases.advance(now, HOUR.toMillis());
			sequence.denied.advance(now, HOUR.toMillis());
			features.delegationPurchases(sequence.purchases.count, sequence.purchases.ewma, sequence.total);
			features.deniedAttempts(sequence.denied.count);
		}
		if (o.consumer() != null) {
			ConsumerState consumer = this.consumers.computeIfAbsent(o.consumer(), (c) -> new ConsumerState());
			consumer.agents.add(now, HOUR.toMillis(), o.agentId());
			features.consumerAgents(consumer.agents.members.size());
			if (o.endpoint() == RiskFeatures.Endpoint.CHECKOUT) {
				features.consumerAmounts(new ArrayList<>(consumer.amounts));
			}
		}
		this.merchantPurchases.advance(now, MERCHANT_WINDOW.toMillis());
		features.merchantPurchases(this.merchantPurchases.count, this.merchantPurchases.ewma);
		features.stateAvailable(true);
	}

	@Override
	public synchronized void recordPurchase(@Nullable String grantId, @Nullable String consumer, double amount,
			Instant now) {
		long millis = now.toEpochMilli();
		if (grantId != null) {
			SequenceState sequence = this.sequences.computeIfAbsent("g:" + grantId, (k) -> new SequenceState());
			sequence.purchases.add(millis, HOUR.toMillis(), 1);
			sequence.total++;
		}
		if (consumer != null) {
			ArrayDeque<Double> amounts = this.consumers.computeIfAbsent(consumer, (c) -> new ConsumerState()).amounts;
			amounts.addFirst(amount);
			while (amounts.size() > AMOUNTS) {
				amounts.removeLast();
			}
		}
		this.merchantPurchases.add(millis, MERCHANT_WINDOW.toMillis(), 1);
	}

	@Override
	public synchronized void recordRefusal(@Nullable String keyId, @Nullable String agentId,
			@Nullable String network, Instant now) {
		long millis = now.toEpochMilli();
		if (keyId != null) {
			this.keys.computeIfAbsent(keyId, (k) -> new KeyState(millis)).failures.add(millis,
					FAILURE_WINDOW.toMillis(), 1);
		}
		if (network != null) {
			this.networkFailures.computeIfAbsent(network, (n) -> new Window()).add(millis, FAILURE_WINDOW.toMillis(),
					1);
		}
		rollTop(millis);
		count(this.topNetworks, network);
		count(this.topAgents, agentId);
	}

	private void count(Map<String, Long> top, @Nullable String name) {
		if (name != null && (top.containsKey(name) || top.size() < this.maxEntries)) {
			top.merge(name, 1L, Long::sum);
		}
	}

	private void rollTop(long now) {
		long hour = now - now % HOUR.toMillis();
		if (hour != this.topHour) {
			this.topHour = hour;
			this.topNetworks.clear();
			this.topAgents.clear();
		}
	}

	@Override
	public synchronized void recordDenied(String grantId, Instant now) {
		this.sequences.computeIfAbsent("g:" + grantId, (k) -> new SequenceState()).denied.add(now.toEpochMilli(),
				HOUR.toMillis(), 1);
	}

	@Override
	public synchronized TopFailures topFailures(int n, Instant now) {
		rollTop(now.toEpochMilli());
		return new TopFailures(top(this.topNetworks, n), top(this.topAgents, n));
	}

	private static List<TopFailures.Entry> top(Map<String, Long> counts, int n) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(n)
			.map((e) -> new TopFailures.Entry(e.getKey(), e.getValue()))
			.toList();
	}

	/** A fixed window's start and the EWMA of the sizes of the windows before it. */
	abstract static class FixedWindow {

		long start = -1;

		double ewma;

		/** The current window's size (a count, or a number of distinct members). */
		abstract long size();

		/** Empties the current window. */
		abstract void reset();

		void advance(long now, long size) {
			long window = now - now % size;
			if (this.start < 0) {
				this.start = window;
			}
			else if (window != this.start) {
				this.ewma = RobustStatistics.ewma(this.ewma, size(), ALPHA, (window - this.start) / size - 1);
				this.start = window;
				reset();
			}
		}

	}

	/** A count in the current fixed window and the EWMA of the counts of the windows before. */
	static final class Window extends FixedWindow {

		long count;

		@Override
		long size() {
			return this.count;
		}

		@Override
		void reset() {
			this.count = 0;
		}

		void add(long now, long size, long delta) {
			advance(now, size);
			this.count += delta;
		}

	}

	/** Distinct members in the current fixed window and the EWMA of the distinct counts before. */
	static final class Distinct extends FixedWindow {

		final Set<String> members = new HashSet<>();

		@Override
		long size() {
			return this.members.size();
		}

		@Override
		void reset() {
			this.members.clear();
		}

		void add(long now, long size, String member) {
			advance(now, size);
			if (this.members.size() < MAX_DISTINCT) {
				this.members.add(member);
			}
		}

	}

	static final class KeyState {

		final long firstSeen;

		long clean;

		final Window requests = new Window();

		final Window failures = new Window();

		final Distinct networks = new Distinct();

		final Distinct resources = new Distinct();

		KeyState(long firstSeen) {
			this.firstSeen = firstSeen;
		}

	}

	static final class SequenceState {

		long lastCart;

		long total;

		final Window purchases = new Window();

		final Window denied = new Window();

	}

	static final class ConsumerState {

		final Distinct agents = new Distinct();

		final ArrayDeque<Double> amounts = new ArrayDeque<>();

	}

	private static final class Lru<K, V> extends LinkedHashMap<K, V> {

		private static final long serialVersionUID = 1L;

		private final int max;

		Lru(int max) {
			super(16, 0.75f, true);
			this.max = max;
		}

		@Override
		protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
			return size() > this.max;
		}

		@Override
		public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
			return super.computeIfAbsent(key, mapping);
		}

	}

}
