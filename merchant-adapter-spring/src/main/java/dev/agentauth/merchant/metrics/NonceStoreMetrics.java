package dev.agentauth.merchant.metrics;

import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.agentauth.core.replay.InMemoryNonceStore;

/**
 * Micrometer gauges of the in-memory nonce store: {@code agentauth.replay.entries} (unexpired nonces it holds) and
 * {@code agentauth.replay.capacity} (its bound, {@code agentauth.replay.max-entries} when the starter made it); at
 * the bound it refuses with {@code nonce_store_full} (it never evicts). A Redis nonce store is watched through
 * Redis's own memory metrics.
 *
 * @since 0.1.0
 */
public final class NonceStoreMetrics {

	private NonceStoreMetrics() {
	}

	public static void register(InMemoryNonceStore store, MeterRegistry registry) {
		Objects.requireNonNull(store, "store cannot be null");
		Objects.requireNonNull(registry, "registry cannot be null");
		Gauge.builder("agentauth.replay.entries", store, InMemoryNonceStore::size)
			.description("Unexpired nonces held by the in-memory nonce store")
			.register(registry);
		Gauge.builder("agentauth.replay.capacity", store, InMemoryNonceStore::maxEntries)
			.description("Nonces the in-memory nonce store holds at most (agentauth.replay.max-entries)")
			.register(registry);
	}

}
