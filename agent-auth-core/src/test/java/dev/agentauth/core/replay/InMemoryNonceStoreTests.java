package dev.agentauth.core.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class InMemoryNonceStoreTests {

	private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);

	private final MutableClock clock = new MutableClock(T0);

	@Test
	void consumeWhenNonceSeenTwiceThenNonceReplayed() throws Exception {
		InMemoryNonceStore store = new InMemoryNonceStore(10, 10, this.clock);
		store.consume("key-a", "n1", T0.plusSeconds(60));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> store.consume("key-a", "n1", T0.plusSeconds(60)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_REPLAYED));
		assertThat(store.size()).isEqualTo(1);
	}

	@Test
	void consumeWhenSameNonceForAnotherKeyThenAccepted() throws Exception {
		InMemoryNonceStore store = new InMemoryNonceStore(10, 10, this.clock);
		store.consume("key-a", "n1", T0.plusSeconds(60));
		assertThatNoException().isThrownBy(() -> store.consume("key-b", "n1", T0.plusSeconds(60)));
	}

	@Test
	void consumeWhenFullOfLiveNoncesThenNonceStoreFullAndNothingEvicted() throws Exception {
		InMemoryNonceStore store = new InMemoryNonceStore(3, 3, this.clock);
		store.consume("key-a", "n1", T0.plusSeconds(60));
		store.consume("key-b", "n2", T0.plusSeconds(60));
		store.consume("key-c", "n3", T0.plusSeconds(60));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> store.consume("key-d", "n4", T0.plusSeconds(60)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_STORE_FULL))
			.withMessageContaining("maximum of 3 unexpired nonces (all keys)");
		// the first nonce is still remembered: flooding did not open a replay window
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> store.consume("key-a", "n1", T0.plusSeconds(60)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_REPLAYED));
	}

	@Test
	void consumeWhenOneKeyAtItsLimitThenOnlyThatKeyRefused() throws Exception {
		InMemoryNonceStore store = new InMemoryNonceStore(100, 2, this.clock);
		store.consume("noisy", "n1", T0.plusSeconds(60));
		store.consume("noisy", "n2", T0.plusSeconds(60));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> store.consume("noisy", "n3", T0.plusSeconds(60)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_STORE_FULL))
			.withMessageContaining("This key has 2 unexpired nonces, the most this server keeps per key");
		assertThatNoException().isThrownBy(() -> store.consume("quiet", "n1", T0.plusSeconds(60)));
	}

	@Test
	void consumeWhenFullButEntriesExpiredThenPurgedAndAccepted() throws Exception {
		InMemoryNonceStore store = new InMemoryNonceStore(2, 2, this.clock);
		store.consume("key-a", "n1", T0.plusSeconds(10));
		store.consume("key-a", "n2", T0.plusSeconds(10));
		this.clock.advance(Duration.ofSeconds(11));
		assertThatNoException().isThrownBy(() -> store.consume("key-a", "n3", T0.plusSeconds(100)));
		assertThat(store.size()).isEqualTo(1);
	}

	@Test
	void consumeWhenExpiredNonceReusedThenAcceptedAgain() throws Exception {
		// after expiry the signature carrying it is no longer valid anyway; the slot is reused, not leaked
		InMemoryNonceStore store = new InMemoryNonceStore(5, 5, this.clock);
		store.consume("key-a", "n1", T0.plusSeconds(10));
		this.clock.advance(Duration.ofSeconds(11));
		store.consume("key-a", "n1", T0.plusSeconds(100));
		assertThat(store.size()).isEqualTo(1);
	}

	@Test
	void consumeWhenManyThreadsRaceOnOneNonceThenExactlyOneWins() throws Exception {
		InMemoryNonceStore store = new InMemoryNonceStore(10_000, 10_000, Clock.fixed(T0, ZoneOffset.UTC));
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				String nonce = "race-" + round;
				CountDownLatch start = new CountDownLatch(1);
				AtomicInteger accepted = new AtomicInteger();
				AtomicInteger replayed = new AtomicInteger();
				List<Future<?>> futures = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					futures.add(executor.submit(() -> {
						start.await();
						try {
							store.consume("key-a", nonce, T0.plusSeconds(60));
							accepted.incrementAndGet();
						}
						catch (AgentAuthException ex) {
							if (ex.errorCode() == ErrorCode.NONCE_REPLAYED) {
								replayed.incrementAndGet();
							}
						}
						return null;
					}));
				}
				start.countDown();
				for (Future<?> future : futures) {
					future.get();
				}
				assertThat(accepted.get()).as("round %d", round).isEqualTo(1);
				assertThat(replayed.get()).isEqualTo(threads - 1);
			}
			assertThat(store.size()).isEqualTo(200);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void consumeWhenKeyIdAndNonceWouldConcatenateToTheSameTextThenBothAccepted() throws Exception {
		InMemoryNonceStore store = new InMemoryNonceStore(10, 10, this.clock);
		store.consume("k1", "2x", T0.plusSeconds(60));
		assertThatNoException().isThrownBy(() -> store.consume("k12", "x", T0.plusSeconds(60)));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> store.consume("k12", "x", T0.plusSeconds(60)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_REPLAYED));
	}

	@Test
	void consumeWhenManyThreadsFillOneKeyThenExactlyItsBoundAcceptedAndReleasedOnExpiry() throws Exception {
		int perKey = 500;
		InMemoryNonceStore store = new InMemoryNonceStore(10_000, perKey, this.clock);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			AtomicInteger accepted = new AtomicInteger();
			AtomicInteger full = new AtomicInteger();
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < 200; i++) {
						try {
							store.consume("key-a", "n-" + thread + "-" + i, T0.plusSeconds(60));
							accepted.incrementAndGet();
						}
						catch (AgentAuthException ex) {
							if (ex.errorCode() == ErrorCode.NONCE_STORE_FULL) {
								full.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get();
			}
			assertThat(accepted.get()).isEqualTo(perKey);
			assertThat(full.get()).isEqualTo(threads * 200 - perKey);
			assertThat(store.size()).isEqualTo(perKey);
			// another key is not held back by key-a's bound
			assertThatNoException().isThrownBy(() -> store.consume("key-b", "n", T0.plusSeconds(60)));
			// once key-a's nonces expire, its count is released and it can fill again
			this.clock.advance(Duration.ofSeconds(61));
			for (int i = 0; i < perKey; i++) {
				store.consume("key-a", "again-" + i, T0.plusSeconds(120));
			}
			assertThatExceptionOfType(AgentAuthException.class)
				.isThrownBy(() -> store.consume("key-a", "one-more", T0.plusSeconds(120)))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_STORE_FULL));
		}
		finally {
			executor.shutdownNow();
		}
	}

}
