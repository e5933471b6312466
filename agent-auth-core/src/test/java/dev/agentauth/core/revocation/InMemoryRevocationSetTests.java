package dev.agentauth.core.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRevocationSetTests {

	private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

	@Test
	void eachEventRefusesWhatItNames() {
		InMemoryRevocationSet set = new InMemoryRevocationSet(Duration.ofHours(24), Clock.fixed(T0, ZoneOffset.UTC));
		set.apply(new RevocationEvent("1", RevocationEventType.GRANT_REVOKED, "g-1", "a-1", T0));
		set.apply(new RevocationEvent("2", RevocationEventType.KEY_REVOKED, "k-2", "a-2", T0));
		set.apply(new RevocationEvent("3", RevocationEventType.AGENT_REVOKED, "a-3", "a-3", T0));
		assertThat(set.check("a-1", "k-1", "g-1")).isEqualTo(ErrorCode.GRANT_REVOKED);
		assertThat(set.check("a-1", "k-1", null)).isNull();
		assertThat(set.check("a-2", "k-2", null)).isEqualTo(ErrorCode.KEY_REVOKED);
		assertThat(set.check("a-3", "k-3", "g-9")).isEqualTo(ErrorCode.AGENT_REVOKED);
	}

	@Test
	void activationLiftsAnEarlierSuspensionButNeverARevocation() {
		InMemoryRevocationSet set = new InMemoryRevocationSet(Duration.ofHours(24), Clock.fixed(T0, ZoneOffset.UTC));
		set.apply(new RevocationEvent("1", RevocationEventType.AGENT_SUSPENDED, "a-1", "a-1", T0));
		assertThat(set.check("a-1", "k", null)).isEqualTo(ErrorCode.AGENT_SUSPENDED);
		set.apply(new RevocationEvent("2", RevocationEventType.AGENT_ACTIVATED, "a-1", "a-1", T0.plusSeconds(1)));
		assertThat(set.check("a-1", "k", null)).isNull();
		set.apply(new RevocationEvent("3", RevocationEventType.AGENT_REVOKED, "a-1", "a-1", T0.plusSeconds(2)));
		set.apply(new RevocationEvent("4", RevocationEventType.AGENT_ACTIVATED, "a-1", "a-1", T0.plusSeconds(3)));
		assertThat(set.check("a-1", "k", null)).isEqualTo(ErrorCode.AGENT_REVOKED);
	}

	@Test
	void entriesExpireAfterTheRetention() {
		Clock later = Clock.fixed(T0.plus(Duration.ofHours(25)), ZoneOffset.UTC);
		InMemoryRevocationSet set = new InMemoryRevocationSet(Duration.ofHours(24), later);
		set.apply(new RevocationEvent("1", RevocationEventType.GRANT_REVOKED, "g-1", "a-1", T0));
		assertThat(set.check("a-1", "k", "g-1")).isNull();
	}

}
