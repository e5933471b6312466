package dev.agentauth.bench;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.risk.InMemoryRiskFeatureStore;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskPolicy;
import dev.agentauth.core.risk.RiskRules;
import dev.agentauth.merchant.risk.RedisRiskFeatureStore;
import dev.agentauth.merchant.risk.RiskEvaluator;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationConverter;
import dev.agentauth.merchant.signature.AgentSignatureAuthenticationProvider;
import dev.agentauth.merchant.signature.CachedBodyRequest;

/**
 * What layer 3 adds to the merchant's layer-1 path (issue 12). {@code layer1} is
 * {@link MerchantLayer1Benchmark}'s operation; {@code layer1WithRiskInMemory} the same with the risk evaluator in
 * shadow mode over the in-memory feature store and the 12 built-in rules; {@code riskInMemory} and
 * {@code riskRedis} the evaluation alone (a mock {@code POST /api/v1/cart} of one agent key, no delegation), the
 * latter with the Redis store (one pipelined round trip) against {@code redisPort} on loopback; run that one in
 * {@code SampleTime} mode for percentiles. At the end of a Redis trial the commands Redis counted (INFO
 * commandstats, commands run inside the scripts included) are printed per evaluation: use a Redis of its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MerchantRiskBenchmark {

	@Param("6379")
	public int redisPort;

	private SignedPostRing ring;

	private AgentSignatureAuthenticationConverter converter;

	private AgentSignatureAuthenticationProvider plain;

	private AgentSignatureAuthenticationProvider withRisk;

	private RiskEvaluator memory;

	private RiskEvaluator redis;

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate template;

	private Map<String, Long> statsBefore;

	private long redisEvaluations;

	private final MockHttpServletRequest cart = new MockHttpServletRequest("POST", "/api/v1/cart");

	private final String keyId = UUID.randomUUID().toString();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.ring = new SignedPostRing(AgentKeyPair.generateEd25519(), "/api/v1/cart", null);
		this.converter = new AgentSignatureAuthenticationConverter();
		this.plain = this.ring.provider("bouncycastle");
		this.withRisk = this.ring.provider("bouncycastle");
		this.memory = evaluator(new InMemoryRiskFeatureStore(100_000));
		this.withRisk.setRiskEvaluator(this.memory);
		this.cart.setRemoteAddr("203.0.113.7");
	}

	private static RiskEvaluator evaluator(RiskFeatureStore store) {
		return new RiskEvaluator(new RiskEngine(RiskRules.defaults(), RiskPolicy.DEFAULT), store,
				Clock.systemUTC());
	}

	private RiskEvaluator redis() {
		if (this.redis == null) {
			this.connectionFactory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", this.redisPort));
			this.connectionFactory.afterPropertiesSet();
			this.connectionFactory.start();
			this.template = new StringRedisTemplate(this.connectionFactory);
			RedisRiskFeatureStore store = new RedisRiskFeatureStore(this.template,
					"agentauth-bench:" + UUID.randomUUID() + ":", Duration.ofSeconds(1));
			store.loadScripts(Duration.ofSeconds(5));
			this.redis = evaluator(store);
			this.statsBefore = commandStats();
		}
		return this.redis;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.ring.close();
		if (this.redis != null) {
			Map<String, Long> after = commandStats();
			System.out.println();
			System.out.println("Redis commands per risk evaluation (" + this.redisEvaluations + " evaluations):");
			after.forEach((command, calls) -> {
				long delta = calls - this.statsBefore.getOrDefault(command, 0L);
				if (delta > 0) {
					System.out.printf("  %-12s %.2f%n", command, (double) delta / this.redisEvaluations);
				}
			});
			this.connectionFactory.destroy();
		}
	}

	private Map<String, Long> commandStats() {
		Properties info = this.template.execute((RedisCallback<Properties>) (c) -> c.serverCommands()
			.info("commandstats"));
		Map<String, Long> calls = new TreeMap<>();
		for (String name : info.stringPropertyNames()) {
			String value = info.getProperty(name);
			int start = value.indexOf("calls=");
			if (name.startsWith("cmdstat_") && start >= 0) {
				int end = value.indexOf(',', start);
				calls.put(name.substring("cmdstat_".length()),
						Long.parseLong(value.substring(start + 6, (end < 0) ? value.length() : end)));
			}
		}
		return calls;
	}

	@Benchmark
	public Authentication layer1() throws AgentAuthException, IOException {
		return this.plain.authenticate(this.converter.convert(new CachedBodyRequest(this.ring.next())));
	}

	@Benchmark
	public Authentication layer1WithRiskInMemory() throws AgentAuthException, IOException {
		return this.withRisk.authenticate(this.converter.convert(new CachedBodyRequest(this.ring.next())));
	}

	@Benchmark
	public RiskDecision riskInMemory() {
		return this.memory.evaluate(this.cart, "bench-agent", this.keyId, List.of(), null);
	}

	@Benchmark
	public RiskDecision riskRedis() {
		this.redisEvaluations++;
		return redis().evaluate(this.cart, "bench-agent", this.keyId, List.of(), null);
	}

}
