package dev.agentauth.keycloak.signal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of pushed signals per realm on this Keycloak node since it started (not persisted, not summed across a
 * cluster): accepted SETs, events by outcome, refusals.
 *
 * @since 0.1.0
 */
public final class SignalCounters {

	private static final Map<String, Map<String, AtomicLong>> REALMS = new ConcurrentHashMap<>();

	private SignalCounters() {
	}

	public static void increment(String realmId, String counter) {
		REALMS.computeIfAbsent(realmId, (id) -> new ConcurrentHashMap<>())
			.computeIfAbsent(counter, (name) -> new AtomicLong())
			.incrementAndGet();
	}

	/** The realm's counters by name (sorted). */
	public static Map<String, Object> of(String realmId) {
		Map<String, Object> counts = new LinkedHashMap<>();
		REALMS.getOrDefault(realmId, Map.of()).entrySet().stream().sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> counts.put(entry.getKey(), entry.getValue().get()));
		return counts;
	}

}
