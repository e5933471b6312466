package dev.agentauth.bench;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.agentauth.core.risk.InMemoryRiskFeatureStore;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskPolicy;
import dev.agentauth.core.risk.RiskRules;
import dev.agentauth.merchant.risk.RiskEvaluator;

/**
 * The in-memory risk feature store shared by concurrent requests, as in a merchant instance: one
 * {@link RiskEvaluator} over one {@link InMemoryRiskFeatureStore} (whose methods hold one lock), each JMH thread
 * an agent key of its own with a client address of its own ({@code MerchantRiskBenchmark.riskInMemory}'s
 * operation). Run with {@code -t 1} and {@code -t 8}: the time per operation at 8 threads against 1 shows what the
 * lock costs (on a machine with fewer cores than threads, mostly the CPU share).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InMemoryRiskStoreBenchmark {

	private RiskEvaluator evaluator;

	@Setup(Level.Trial)
	public void setUp() {
		this.evaluator = new RiskEvaluator(new RiskEngine(RiskRules.defaults(), RiskPolicy.DEFAULT),
				new InMemoryRiskFeatureStore(100_000), Clock.systemUTC());
	}

	/** One agent key and client address per JMH thread. */
	@State(Scope.Thread)
	public static class Agent {

		final String keyId = UUID.randomUUID().toString();

		final MockHttpServletRequest cart = new MockHttpServletRequest("POST", "/api/v1/cart");

		private static int next;

		@Setup(Level.Trial)
		public void setUp() {
			synchronized (Agent.class) {
				this.cart.setRemoteAddr("203.0." + (next++ % 250) + ".7");
			}
		}

	}

	@Benchmark
	public RiskDecision evaluateSharedStore(Agent agent) {
		return this.evaluator.evaluate(agent.cart, "bench-agent", agent.keyId, List.of(), null);
	}

}
