package dev.agentauth.keycloak.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.jspecify.annotations.Nullable;

import dev.agentauth.keycloak.KeycloakClock;

/**
 * The meters themselves (the only class that links Micrometer). Counters are looked up in the registry per use (a
 * map lookup); the feed's gauges are registered once per realm and per merchant client and read
 * {@link FeedConsumers} at scrape time.
 */
final class MicrometerMeters {

	/** A merchant client counts as a consumer while one of its receivers polled within this window. */
	static final Duration ACTIVE_WINDOW = Duration.ofMinutes(1);

	private final MeterRegistry registry;

	private final Map<String, Map<String, FeedConsumers>> consumers = new ConcurrentHashMap<>();

	MicrometerMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	static MicrometerMeters global() {
		return new MicrometerMeters(Metrics.globalRegistry);
	}

	void keyLookup(String realm, String lookup, String result, String agentStatus, String keyStatus) {
		Counter.builder("agentauth.keycloak.key.lookups")
			.description("Public agent key lookups (key by keyid, JWKS, Web Bot Auth directory)")
			.tags("realm", realm, "lookup", lookup, "result", result, "agent_status", agentStatus, "key_status",
					keyStatus)
			.register(this.registry)
			.increment();
	}

	void exchange(String realm, String outcome, String error) {
		Counter.builder("agentauth.keycloak.token.exchanges")
			.description("Delegation token exchanges (RFC 8693 with an agent's actor token)")
			.tags("realm", realm, "outcome", outcome, "error", error)
			.register(this.registry)
			.increment();
	}

	void signal(String realm, String outcome, String reason) {
		Counter.builder("agentauth.keycloak.signals")
			.description("Signals (SETs) pushed by merchants")
			.tags("realm", realm, "outcome", outcome, "reason", reason)
			.register(this.registry)
			.increment();
	}

	void signalEvent(String realm, String type, String level) {
		Counter.builder("agentauth.keycloak.signal.events")
			.description("Events of accepted signals, by type and risk level")
			.tags("realm", realm, "type", type, "level", level)
			.register(this.registry)
			.increment();
	}

	void suspension(String realm, String cause) {
		Counter.builder("agentauth.keycloak.suspensions")
			.description("Agents suspended, by cause")
			.tags("realm", realm, "cause", cause)
			.register(this.registry)
			.increment();
	}

	void feedPoll(String realm, String outcome) {
		Counter.builder("agentauth.keycloak.feed.polls")
			.description("Revocation feed polls by merchant clients")
			.tags("realm", realm, "outcome", outcome)
			.register(this.registry)
			.increment();
	}

	void feedPolled(String realm, String client, String receiver, int acknowledged, int delivered, Instant now,
			@Nullable Instant oldestPending) {
		if (delivered > 0) {
			Counter.builder("agentauth.keycloak.feed.events.delivered")
				.description("Revocation events delivered to merchant clients (redeliveries included)")
				.tags("realm", realm)
				.register(this.registry)
				.increment(delivered);
		}
		if (acknowledged > 0) {
			Counter.builder("agentauth.keycloak.feed.events.acknowledged")
				.description("Revocation events acknowledged by merchant clients")
				.tags("realm", realm)
				.register(this.registry)
				.increment(acknowledged);
		}
		consumer(realm, client).polled(receiver, now, oldestPending);
	}

	/** The client's state, its gauges registered on first use (and the realm's consumer count with the first). */
	FeedConsumers consumer(String realm, String client) {
		Map<String, FeedConsumers> clients = this.consumers.computeIfAbsent(realm, (name) -> {
			Map<String, FeedConsumers> map = new ConcurrentHashMap<>();
			Gauge.builder("agentauth.keycloak.feed.consumers", map, MicrometerMeters::active)
				.description("Merchant clients that polled the revocation feed on this node within the last minute")
				.tags("realm", realm)
				.strongReference(true)
				.register(this.registry);
			return map;
		});
		return clients.computeIfAbsent(client, (name) -> {
			FeedConsumers state = new FeedConsumers();
			Gauge.builder("agentauth.keycloak.feed.consumer.lag", state,
					(s) -> seconds(s.lag(KeycloakClock.now())))
				.description("Age of the oldest revocation event the client had not acknowledged at its last poll")
				.baseUnit("seconds")
				.tags("realm", realm, "client", client)
				.strongReference(true)
				.register(this.registry);
			Gauge.builder("agentauth.keycloak.feed.consumer.idle", state, MicrometerMeters::idleSeconds)
				.description("Time since the client last polled the revocation feed on this node")
				.baseUnit("seconds")
				.tags("realm", realm, "client", client)
				.strongReference(true)
				.register(this.registry);
			return state;
		});
	}

	private static double active(Map<String, FeedConsumers> clients) {
		Instant now = KeycloakClock.now();
		return clients.values().stream().filter((c) -> c.active(now, ACTIVE_WINDOW)).count();
	}

	private static double idleSeconds(FeedConsumers state) {
		Duration idle = state.idle(KeycloakClock.now());
		return (idle != null) ? seconds(idle) : Double.NaN;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
