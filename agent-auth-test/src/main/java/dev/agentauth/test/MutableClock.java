package dev.agentauth.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A UTC test clock that only moves when a test advances or sets it. Safe to read from other threads. */
public final class MutableClock extends Clock {

	private volatile Instant now;

	public MutableClock(Instant now) {
		this.now = Objects.requireNonNull(now, "now cannot be null");
	}

	/** Moves the clock forward (or back, with a negative duration). */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	/** Sets the clock to {@code now}. */
	public void set(Instant now) {
		this.now = Objects.requireNonNull(now, "now cannot be null");
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
