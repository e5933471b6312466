package dev.agentauth.keycloak.metrics;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerMeters meters = new MicrometerMeters(this.registry);

	@Test
	void countersCarryTheirTagsAndNoIds() {
		this.meters.keyLookup("shop", "key", "found", "active", "active");
		this.meters.keyLookup("shop", "key", "found", "active", "active");
		this.meters.exchange("shop", "refused", "invalid_grant");
		this.meters.signal("shop", "accepted", "none");
		this.meters.signalEvent("shop", "risk_level_change", "high");
		this.meters.suspension("shop", "signal_policy");
		this.meters.feedPoll("shop", "ok");
		this.meters.feedPolled("shop", "merchant-a", "merchant-a/default", 2, 3, Instant.now(), null);

		assertThat(this.registry.get("agentauth.keycloak.key.lookups")
			.tags("realm", "shop", "lookup", "key", "result", "found", "agent_status", "active", "key_status", "active")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("agentauth.keycloak.token.exchanges").tag("error", "invalid_grant").counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("agentauth.keycloak.signal.events").tag("level", "high").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("agentauth.keycloak.suspensions").tag("cause", "signal_policy").counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("agentauth.keycloak.feed.events.delivered").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("agentauth.keycloak.feed.events.acknowledged").counter().count()).isEqualTo(2);
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getKey().contains("agent_id") || tag.getKey().contains("kid")));
	}

	@Test
	void consumerLagIsTheAgeOfTheOldestUnacknowledgedEventAndGrowsUntilTheNextPoll() {
		Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
		this.meters.feedPolled("shop", "merchant-a", "merchant-a/default", 0, 1, now, now.minusSeconds(40));
		this.meters.feedPolled("shop", "merchant-a", "merchant-a/replica-2", 0, 0, now, null);
		this.meters.feedPolled("shop", "merchant-b", "merchant-b/default", 0, 0, now, null);

		assertThat(lag("merchant-a")).isGreaterThanOrEqualTo(40);
		assertThat(lag("merchant-b")).isZero();
		assertThat(this.registry.get("agentauth.keycloak.feed.consumers").tag("realm", "shop").gauge().value())
			.isEqualTo(2);
		assertThat(this.registry.get("agentauth.keycloak.feed.consumer.idle").tag("client", "merchant-b").gauge()
			.value()).isLessThan(MicrometerMeters.ACTIVE_WINDOW.toSeconds());

		// the next poll acknowledged everything: nothing pending, no lag
		this.meters.feedPolled("shop", "merchant-a", "merchant-a/default", 1, 0, now, null);
		assertThat(lag("merchant-a")).isZero();
	}

	@Test
	void aReceiverThatStopsPollingIsIdleThenForgotten() {
		FeedConsumers consumers = new FeedConsumers();
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		consumers.polled("merchant-a/default", start, start.minusSeconds(5));

		Instant later = start.plus(Duration.ofMinutes(10));
		assertThat(consumers.lag(later)).isEqualTo(Duration.ofMinutes(10).plusSeconds(5));
		assertThat(consumers.idle(later)).isEqualTo(Duration.ofMinutes(10));
		assertThat(consumers.active(later, MicrometerMeters.ACTIVE_WINDOW)).isFalse();
		assertThat(consumers.active(start.plusSeconds(30), MicrometerMeters.ACTIVE_WINDOW)).isTrue();

		Instant dayLater = start.plus(FeedConsumers.FORGET_AFTER).plusSeconds(1);
		assertThat(consumers.idle(dayLater)).isNull();
		assertThat(consumers.lag(dayLater)).isZero();
	}

	@Test
	void receiversBeyondTheLimitAreNotFollowed() {
		FeedConsumers consumers = new FeedConsumers();
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		for (int i = 0; i < FeedConsumers.MAX_RECEIVERS; i++) {
			consumers.polled("merchant-a/r" + i, now, null);
		}
		consumers.polled("merchant-a/one-too-many", now, now.minusSeconds(600));
		assertThat(consumers.lag(now)).isZero();
		// a known receiver is still updated
		consumers.polled("merchant-a/r0", now, now.minusSeconds(30));
		assertThat(consumers.lag(now)).isEqualTo(Duration.ofSeconds(30));
	}

	private double lag(String client) {
		return this.registry.get("agentauth.keycloak.feed.consumer.lag").tag("client", client).gauge().value();
	}

}
