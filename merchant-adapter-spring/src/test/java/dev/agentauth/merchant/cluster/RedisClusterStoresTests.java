package dev.agentauth.merchant.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;
import dev.agentauth.merchant.delegation.RedisBudgetStore;
import dev.agentauth.merchant.delegation.RedisRevocationSet;
import dev.agentauth.merchant.replay.RedisNonceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The starter's Redis stores on a real Redis Cluster (3 primaries + 3 replicas on this machine), as two merchant
 * instances use them: each with its own Lettuce cluster connection. Every script must touch one slot (a CROSSSLOT
 * error would be a 503 on every signed request), and a failover must never let a replay through.
 */
class RedisClusterStoresTests {

	private static LocalRedisCluster cluster;

	private static LettuceConnectionFactory first;

	private static LettuceConnectionFactory second;

	@BeforeAll
	static void startCluster() throws Exception {
		assumeThat(LocalRedisCluster.available()).as("redis-server and redis-cli installed").isTrue();
		cluster = LocalRedisCluster.start();
		first = cluster.connectionFactory();
		second = cluster.connectionFactory();
	}

	@AfterAll
	static void stopCluster() {
		if (first != null) {
			first.destroy();
		}
		if (second != null) {
			second.destroy();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void nonceUsedOnOneInstanceIsAReplayOnTheOtherForKeysInEverySlotGroup() throws Exception {
		RedisNonceStore a = nonceStore(first, "agentauth:nonce:");
		RedisNonceStore b = nonceStore(second, "agentauth:nonce:");
		Instant created = Instant.now();
		Instant expires = created.plusSeconds(60);
		for (int i = 0; i < 300; i++) {
			String keyId = "kid-" + UUID.randomUUID();
			String nonce = UUID.randomUUID().toString();
			a.consume(keyId, nonce, created, expires);
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> b.consume(keyId, nonce, created, expires))
				.extracting(AgentAuthException::errorCode)
				.isEqualTo(ErrorCode.NONCE_REPLAYED);
			// the simple-header form (no created time) shares the same keys
			String other = UUID.randomUUID().toString();
			b.consume(keyId, other, expires);
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> a.consume(keyId, other, expires))
				.extracting(AgentAuthException::errorCode)
				.isEqualTo(ErrorCode.NONCE_REPLAYED);
		}
	}

	@Test
	void budgetsAreSharedAcrossInstancesAndSlots() throws Exception {
		RedisBudgetStore a = new RedisBudgetStore(new StringRedisTemplate(first), "agentauth:budget:");
		RedisBudgetStore b = new RedisBudgetStore(new StringRedisTemplate(second), "agentauth:budget:");
		for (int i = 0; i < 50; i++) {
			String grant = "grant-" + UUID.randomUUID();
			assertThat(a.tryReserve(grant, 600, 1000, Duration.ofMinutes(5))).isTrue();
			assertThat(b.tryReserve(grant, 600, 1000, Duration.ofMinutes(5))).as("over the limit").isFalse();
			assertThat(b.tryReserve(grant, 400, 1000, Duration.ofMinutes(5))).isTrue();
			a.release(grant, 400);
			assertThat(a.tryReserve(grant, 400, 1000, Duration.ofMinutes(5))).isTrue();
		}
	}

	@Test
	void revocationsAppliedByOneInstanceAreSeenByTheOtherAcrossSlots() {
		RedisRevocationSet a = new RedisRevocationSet(new StringRedisTemplate(first), "agentauth:revoked:shop:",
				Duration.ofDays(1), Clock.systemUTC());
		RedisRevocationSet b = new RedisRevocationSet(new StringRedisTemplate(second), "agentauth:revoked:shop:",
				Duration.ofDays(1), Clock.systemUTC());
		a.replayed();
		for (int i = 0; i < 50; i++) {
			String agent = "agent-" + UUID.randomUUID();
			String grant = "grant-" + UUID.randomUUID();
			assertThat(b.check(agent, "kid-" + i, grant)).isNull();
			a.apply(new RevocationEvent(UUID.randomUUID().toString(), RevocationEventType.GRANT_REVOKED, grant, agent, Instant.now()));
			assertThat(b.check(agent, "kid-" + i, grant)).isEqualTo(ErrorCode.GRANT_REVOKED);
			a.apply(new RevocationEvent(UUID.randomUUID().toString(), RevocationEventType.AGENT_SUSPENDED, agent, null, Instant.now()));
			assertThat(b.check(agent, "kid-" + i, null)).isEqualTo(ErrorCode.AGENT_SUSPENDED);
		}
	}

	/**
	 * SIGKILL of a primary while two instances consume nonces. During the failover a consume fails (503), never
	 * passes unchecked; afterwards no acknowledged nonce can be replayed: the promoted replica has another
	 * replication id, so the store's epoch fence refuses every signature created before the failover, including
	 * those whose nonce the dead primary acknowledged but never replicated.
	 */
	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void failoverOfAPrimaryUnderLoadLetsNoReplayThrough() throws Exception {
		String prefix = "agentauth-failover:";
		RedisNonceStore a = nonceStore(first, prefix);
		RedisNonceStore b = nonceStore(second, prefix);
		record Used(String keyId, String nonce, Instant created) {
		}
		ConcurrentLinkedQueue<Used> acknowledged = new ConcurrentLinkedQueue<>();
		AtomicInteger refusedDuringFailover = new AtomicInteger();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> load = new ArrayList<>();
		for (RedisNonceStore store : List.of(a, b)) {
			load.add(Thread.ofPlatform().start(() -> {
				while (running.get()) {
					Used used = new Used("kid-" + UUID.randomUUID(), UUID.randomUUID().toString(),
							Instant.now().minusMillis(1));
					try {
						store.consume(used.keyId(), used.nonce(), used.created(), used.created().plusSeconds(120));
						acknowledged.add(used);
					}
					catch (AgentAuthException ex) {
						assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_STORE_UNAVAILABLE);
						refusedDuringFailover.incrementAndGet();
					}
				}
			}));
		}
		Thread.sleep(1500);
		int victim = cluster.primaryOf(prefix + "{g0}:epoch");
		cluster.kill(victim);
		cluster.awaitFailover(victim);
		Thread.sleep(2000);
		running.set(false);
		for (Thread thread : load) {
			thread.join();
		}
		assertThat(acknowledged).hasSizeGreaterThan(100);

		int replayed = 0;
		int fenced = 0;
		for (Used used : acknowledged) {
			try {
				a.consume(used.keyId(), used.nonce(), used.created(), used.created().plusSeconds(120));
			}
			catch (AgentAuthException ex) {
				if (ex.errorCode() == ErrorCode.NONCE_REPLAYED) {
					replayed++;
				}
				else {
					assertThat(ex.errorCode()).isEqualTo(ErrorCode.NONCE_STORE_UNAVAILABLE);
					fenced++;
				}
				continue;
			}
			throw new AssertionError("A nonce acknowledged before the failover was accepted again: " + used);
		}
		assertThat(replayed + fenced).isEqualTo(acknowledged.size());
		assertThat(fenced).as("nonces of the failed-over slots are fenced by the new replication id").isPositive();
		System.out.printf("failover: %d nonces acknowledged, %d refused during the failover, after it %d refused as "
				+ "replays and %d by the epoch fence%n", acknowledged.size(), refusedDuringFailover.get(), replayed,
				fenced);
	}

	private static RedisNonceStore nonceStore(LettuceConnectionFactory factory, String prefix) {
		RedisNonceStore store = new RedisNonceStore(new StringRedisTemplate(factory), Clock.systemUTC());
		store.setKeyPrefix(prefix);
		store.start();
		return store;
	}

}
