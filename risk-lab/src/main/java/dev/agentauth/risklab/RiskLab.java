package dev.agentauth.risklab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.agentauth.core.risk.AnomalyModel;
import dev.agentauth.core.risk.InMemoryRiskFeatureStore;
import dev.agentauth.core.risk.IsolationForest;
import dev.agentauth.core.risk.RiskDecision;
import dev.agentauth.core.risk.RiskEngine;
import dev.agentauth.core.risk.RiskFeatureStore;
import dev.agentauth.core.risk.RiskMode;
import dev.agentauth.core.risk.RiskPolicy;
import dev.agentauth.core.risk.RiskRules;
import dev.agentauth.merchant.risk.RedisRiskFeatureStore;

/**
 * The risk lab: runs every scenario of {@link Scenarios} through the shipped rules and thresholds in enforce mode
 * and prints the report as a markdown table. {@code --help} lists the options.
 */
public final class RiskLab {

	/** Scale of the long form ({@code --long}). */
	public static final double LONG_SCALE = 10;

	private final Options options;

	private double threshold = Double.NaN;

	RiskLab(Options options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("risk-lab: " + ex.getMessage());
			System.err.println(Options.USAGE);
			System.exit(2);
			return;
		}
		if (options.help) {
			System.out.println(Options.USAGE);
			return;
		}
		List<ScenarioResult> results = new RiskLab(options).run();
		print(System.out, options, results);
	}

	/** The shipped rules and thresholds, in enforce mode. */
	static RiskEngine shippedEngine() {
		return new RiskEngine(RiskRules.defaults(), RiskPolicy.DEFAULT.withMode(RiskMode.ENFORCE));
	}

	List<ScenarioResult> run() throws IOException {
		List<ScenarioResult> results = new ArrayList<>();
		Trained trained = train(this.options);
		this.threshold = trained.threshold();
		try (Stores stores = new Stores(this.options.store, this.options.redisHost, this.options.redisPort);
				DecisionLog log = new DecisionLog(this.options.decisionLog)) {
			Simulation simulation = new Simulation(shippedEngine(), this.options.within, log.writer())
				.withModel(trained.model(), trained.threshold());
			for (Scenario scenario : Scenarios.all()) {
				List<LabRequest> requests = Simulation.requests(scenario, this.options.scale, this.options.seed);
				RiskFeatureStore store = stores.next();
				results.add(ScenarioResult.of(scenario, simulation.run(requests, store, scenario.attack())));
			}
		}
		return results;
	}

	/** The anomaly model and its threshold, once {@link #run()} trained them. */
	double threshold() {
		return this.threshold;
	}

	/** The anomaly model and the score from which it flags a request. */
	record Trained(AnomalyModel model, double threshold) {
	}

	/**
	 * Trains the anomaly model on benign traffic only, with another seed (the decision log of a quiet week): every
	 * benign scenario at half the scale, in memory. Its threshold is the highest score it gives a request of that
	 * traffic, so that it adds no false positive there.
	 */
	static Trained train(Options options) throws IOException {
		List<double[]> vectors = new ArrayList<>();
		Simulation simulation = new Simulation(shippedEngine(), options.within,
				(decision) -> vectors.add(AnomalyModel.vector(decision.features())));
		for (Scenario scenario : Scenarios.all()) {
			if (!scenario.attack()) {
				simulation.run(Simulation.requests(scenario, options.scale / 2, options.seed + 1),
						new InMemoryRiskFeatureStore(1_000_000), false);
			}
		}
		AnomalyModel model = new AnomalyModel(IsolationForest.train(vectors, 100, 256, options.seed));
		double threshold = 0;
		for (double[] vector : vectors) {
			threshold = Math.max(threshold, model.forest().score(vector));
		}
		return new Trained(model, threshold);
	}

	static void print(PrintStream out, Options options, List<ScenarioResult> results) {
		out.println(ScenarioResult.header());
		results.forEach((r) -> out.println(r.row()));
		out.println();
		out.println(summary(results));
		out.printf(Locale.ROOT, "(store %s, scale %s, seed %d, attacks caught within %d scored requests)%n",
				options.store, options.scale, options.seed, options.within);
	}

	static String summary(List<ScenarioResult> results) {
		int attacks = 0;
		int caught = 0;
		int benign = 0;
		int touched = 0;
		for (ScenarioResult result : results) {
			if (result.scenario().attack()) {
				attacks += result.sessions();
				caught += result.touched();
			}
			else {
				benign += result.sessions();
				touched += result.touched();
			}
		}
		int caughtWithModel = 0;
		int touchedWithModel = 0;
		for (ScenarioResult result : results) {
			if (result.scenario().attack()) {
				caughtWithModel += result.touchedWithModel();
			}
			else {
				touchedWithModel += result.touchedWithModel();
			}
		}
		return String.format(Locale.ROOT,
				"attack sessions caught: %d of %d (%.1f %%); benign sessions touched: %d of %d (%.2f %%)%n"
						+ "rules + anomaly model (shadow): caught %d (%.1f %%); touched %d (%.2f %%)",
				caught, attacks, 100.0 * caught / Math.max(1, attacks), touched, benign,
				100.0 * touched / Math.max(1, benign), caughtWithModel, 100.0 * caughtWithModel / Math.max(1, attacks),
				touchedWithModel, 100.0 * touchedWithModel / Math.max(1, benign));
	}

	/** Command-line options. */
	static final class Options {

		static final String USAGE = """
				usage: java -jar risk-lab/target/risk-lab.jar [options]
				  --store memory|redis   the feature store (default memory: InMemoryRiskFeatureStore)
				  --redis host:port      Redis for --store redis (default 127.0.0.1:6379); keys go under a fresh
				                         prefix risklab:<uuid>: and are deleted afterwards (never FLUSHDB)
				  --scale x              sessions per scenario times x (default 1)
				  --long                 the long form: --scale 10
				  --seed n               the random seed (default 27)
				  --within n             an attack counts as caught when touched within its first n scored
				                         requests (default 200)
				  --decision-log file    append every decision as one JSON line (the starter's replay format)
				""";

		boolean help;

		String store = "memory";

		String redisHost = "127.0.0.1";

		int redisPort = 6379;

		double scale = 1;

		long seed = 27;

		int within = 200;

		@Nullable Path decisionLog;

		static Options parse(String... args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				switch (arg) {
					case "--help", "-h" -> options.help = true;
					case "--long" -> options.scale = LONG_SCALE;
					case "--store" -> {
						options.store = value(args, ++i, arg);
						if (!options.store.equals("memory") && !options.store.equals("redis")) {
							throw new IllegalArgumentException("--store must be memory or redis, not " + options.store);
						}
					}
					case "--redis" -> {
						String value = value(args, ++i, arg);
						int colon = value.lastIndexOf(':');
						if (colon < 1) {
							throw new IllegalArgumentException("--redis must be host:port, not " + value);
						}
						options.redisHost = value.substring(0, colon);
						options.redisPort = number(value.substring(colon + 1), arg);
					}
					case "--scale" -> {
						try {
							options.scale = Double.parseDouble(value(args, ++i, arg));
						}
						catch (NumberFormatException ex) {
							throw new IllegalArgumentException("--scale must be a number");
						}
						if (!(options.scale > 0)) {
							throw new IllegalArgumentException("--scale must be positive");
						}
					}
					case "--seed" -> options.seed = number(value(args, ++i, arg), arg);
					case "--within" -> {
						options.within = number(value(args, ++i, arg), arg);
						if (options.within < 1) {
							throw new IllegalArgumentException("--within must be positive");
						}
					}
					case "--decision-log" -> options.decisionLog = Path.of(value(args, ++i, arg));
					default -> throw new IllegalArgumentException("unknown option " + arg);
				}
			}
			return options;
		}

		private static String value(String[] args, int i, String option) {
			if (i >= args.length) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			return args[i];
		}

		private static int number(String value, String option) {
			try {
				return Integer.parseInt(value);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(option + " must be a whole number, not " + value);
			}
		}

	}

	/** A fresh store per scenario: a new in-memory store, or a new Redis prefix (deleted on close). */
	static final class Stores implements AutoCloseable {

		private final boolean redis;

		private final @Nullable LettuceConnectionFactory factory;

		private final List<String> prefixes = new ArrayList<>();

		Stores(String store, String host, int port) {
			this.redis = store.equals("redis");
			if (this.redis) {
				this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
				this.factory.afterPropertiesSet();
				this.factory.start();
			}
			else {
				this.factory = null;
			}
		}

		RiskFeatureStore next() {
			if (!this.redis) {
				return new InMemoryRiskFeatureStore(1_000_000);
			}
			String prefix = "risklab:" + UUID.randomUUID() + ":";
			this.prefixes.add(prefix);
			// generous: the lab measures the rules, not a busy machine's Redis latency
			return new RedisRiskFeatureStore(new StringRedisTemplate(this.factory), prefix, Duration.ofSeconds(10));
		}

		@Override
		public void close() {
			if (this.factory == null) {
				return;
			}
			StringRedisTemplate redis = new StringRedisTemplate(this.factory);
			for (String prefix : this.prefixes) {
				List<String> keys = new ArrayList<>();
				try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
					cursor.forEachRemaining(keys::add);
				}
				for (int i = 0; i < keys.size(); i += 500) {
					redis.delete(keys.subList(i, Math.min(keys.size(), i + 500)));
				}
			}
			this.factory.destroy();
		}

	}

	/** The decision log in the starter's format (one {@link RiskDecision#toJson()} per line), if asked for. */
	static final class DecisionLog implements AutoCloseable {

		private final java.io.@Nullable BufferedWriter writer;

		DecisionLog(@Nullable Path file) throws IOException {
			this.writer = (file != null) ? Files.newBufferedWriter(file, StandardCharsets.UTF_8) : null;
		}

		@Nullable Consumer<RiskDecision> writer() {
			if (this.writer == null) {
				return null;
			}
			return (decision) -> {
				try {
					this.writer.write(JSONObjectUtils.toJSONString(decision.toJson()));
					this.writer.newLine();
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			};
		}

		@Override
		public void close() throws IOException {
			if (this.writer != null) {
				this.writer.close();
			}
		}

	}

}
