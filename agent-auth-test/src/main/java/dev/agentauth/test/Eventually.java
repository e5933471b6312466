package dev.agentauth.test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waiting for something to happen elsewhere (a revocation reaching a merchant, a feed's first poll, a server
 * starting) instead of fixed sleeps and hand-written deadline loops: probes with Awaitility, at once and then every
 * {@code interval}, until {@code done} holds or {@code atMost} has passed, and returns the last answer either way,
 * so that the test's own assertion on it says what was seen when it fails.
 */
public final class Eventually {

	private Eventually() {
	}

	/**
	 * @return the first answer {@code done} accepts, or the last answer when {@code atMost} passed first
	 * (an exception thrown by {@code probe} ends the wait and reaches the caller)
	 */
	public static <T> T poll(Duration atMost, Duration interval, Callable<T> probe, Predicate<? super T> done) {
		AtomicReference<T> last = new AtomicReference<>();
		try {
			return Awaitility.await()
				.pollDelay(Duration.ZERO)
				.pollInterval(interval)
				.atMost(atMost)
				.pollInSameThread()
				.until(() -> {
					T answer = probe.call();
					last.set(answer);
					return answer;
				}, done::test);
		}
		catch (ConditionTimeoutException ex) {
			return last.get();
		}
	}

}
