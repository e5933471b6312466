package dev.agentauth.core.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.ErrorCode;

/**
 * A {@link RevocationSet} in memory, one per merchant instance. Entries expire after {@code retention}.
 *
 * @since 0.1.0
 */
public final class InMemoryRevocationSet implements RevocationSet {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Duration retention;

	private final Clock clock;

	public InMemoryRevocationSet(Duration retention, Clock clock) {
		this.retention = Objects.requireNonNull(retention, "retention cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public void apply(RevocationEvent event) {
		Instant until = event.issuedAt().plus(this.retention);
		switch (event.type()) {
			case GRANT_REVOKED -> put("grant:" + event.subject(), ErrorCode.GRANT_REVOKED, event, until);
			case KEY_REVOKED -> put("key:" + event.subject(), ErrorCode.KEY_REVOKED, event, until);
			case AGENT_REVOKED -> put("agent:" + event.subject(), ErrorCode.AGENT_REVOKED, event, until);
			case AGENT_SUSPENDED -> put("agent:" + event.subject(), ErrorCode.AGENT_SUSPENDED, event, until);
			case AGENT_ACTIVATED -> this.entries.computeIfPresent("agent:" + event.subject(),
					(key, entry) -> (entry.code() == ErrorCode.AGENT_SUSPENDED
							&& !entry.since().isAfter(event.issuedAt())) ? null : entry);
		}
	}

	private void put(String key, ErrorCode code, RevocationEvent event, Instant until) {
		this.entries.merge(key, new Entry(code, event.issuedAt(), until), (old, fresh) -> {
			if (old.code() == ErrorCode.AGENT_REVOKED) {
				return old;
			}
			return fresh.since().isBefore(old.since()) ? old : fresh;
		});
	}

	@Override
	public @Nullable ErrorCode check(String agentId, String keyId, @Nullable String grantId) {
		Instant now = this.clock.instant();
		ErrorCode code = live("agent:" + agentId, now);
		if (code == null) {
			code = live("key:" + keyId, now);
		}
		if (code == null && grantId != null) {
			code = live("grant:" + grantId, now);
		}
		return code;
	}

	/** Number of entries (expired ones included until they are looked up). */
	public int size() {
		return this.entries.size();
	}

	private @Nullable ErrorCode live(String key, Instant now) {
		Entry entry = this.entries.get(key);
		if (entry == null) {
			return null;
		}
		if (!now.isBefore(entry.until())) {
			this.entries.remove(key, entry);
			return null;
		}
		return entry.code();
	}

	private record Entry(ErrorCode code, Instant since, Instant until) {
	}

}
