package dev.agentauth.core.risk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * An unsupervised per-request anomaly score beside the rules: an {@link IsolationForest} over a few behaviour
 * features of a {@link RiskFeatures} snapshot ({@link #FEATURES}, each as log(1 + x)), trained offline on a decision
 * log (the replay format: one decision with its features per line). It runs in shadow only: its score is logged and
 * measured, never acted on.
 *
 * <pre>
 * java -cp merchant.jar -Dloader.main=dev.agentauth.core.risk.AnomalyModel \
 *   org.springframework.boot.loader.launch.PropertiesLauncher train --out anomaly-model.json decisions.jsonl
 * </pre>
 *
 * @since 0.1.0
 */
public final class AnomalyModel {

	/** What the model sees of a request, in order. */
	public static final List<String> FEATURES = List.of("agent_requests", "agent_requests_over_baseline",
			"agent_networks", "agent_resources", "key_failures", "denied_attempts", "consumer_agents",
			"delegation_purchases", "checkout_minutes_since_cart", "unsafe");

	private static final String KIND = "agentauth-risk-anomaly-model";

	private final IsolationForest forest;

	public AnomalyModel(IsolationForest forest) {
		this.forest = Objects.requireNonNull(forest, "forest cannot be null");
		if (forest.dimensions() != FEATURES.size()) {
			throw new IllegalArgumentException("The forest has " + forest.dimensions() + " dimensions, not "
					+ FEATURES.size());
		}
	}

	/** The isolation forest behind the score. */
	public IsolationForest forest() {
		return this.forest;
	}

	/** The request's features as the model sees them. */
	public static double[] vector(RiskFeatures f) {
		double sinceCart = 0;
		if (f.endpoint() == RiskFeatures.Endpoint.CHECKOUT) {
			sinceCart = (f.lastCart() == null) ? 60
					: Math.min(60, Duration.between(f.lastCart(), f.now()).toMillis() / 60000.0);
		}
		return new double[] { log(f.agentRequests()), log(f.agentRequests() / Math.max(1, f.agentRequestsBaseline())),
				log(f.agentNetworks()), log(f.agentResources()), log(f.keyFailures()), log(f.deniedAttempts()),
				log(f.consumerAgents()), log(f.delegationPurchases()), log(sinceCart), f.safe() ? 0 : 1 };
	}

	private static double log(double x) {
		return Math.log1p(Math.max(0, x));
	}

	/** The anomaly score of the request, in (0, 1]: near 1 anomalous, well below 0.5 normal. */
	public double score(RiskFeatures features) {
		return this.forest.score(vector(features));
	}

	/**
	 * Trains a model on the decisions of a decision log; lines made without the feature store (degraded) and
	 * malformed lines are skipped.
	 * @throws IllegalArgumentException if the log holds no usable decision
	 */
	public static AnomalyModel train(BufferedReader decisionLog, int trees, int sampleSize, long seed)
			throws IOException {
		List<double[]> samples = new ArrayList<>();
		String line;
		while ((line = decisionLog.readLine()) != null) {
			if (line.isBlank()) {
				continue;
			}
			try {
				RiskFeatures features = RiskFeatures
					.fromJson(JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(line), "features"))
					.build();
				if (features.stateAvailable()) {
					samples.add(vector(features));
				}
			}
			catch (ParseException | IllegalArgumentException | NullPointerException ex) {
				// skipped, as the replay does
			}
		}
		if (samples.isEmpty()) {
			throw new IllegalArgumentException("The decision log holds no decision made with the feature store");
		}
		return new AnomalyModel(IsolationForest.train(samples, trees, sampleSize, seed));
	}

	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("kind", KIND);
		json.put("features", FEATURES);
		json.put("forest", this.forest.toJson());
		return json;
	}

	/**
	 * Reads a model written by {@link #write}.
	 * @throws IllegalArgumentException if the file is not such a model or was trained on other features
	 */
	public static AnomalyModel read(Path file) throws IOException {
		try {
			Map<String, Object> json = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
			if (!KIND.equals(json.get("kind")) || !FEATURES.equals(json.get("features"))) {
				throw new IllegalArgumentException(file + " is not an anomaly model of these features (" + FEATURES
						+ "): train it again");
			}
			return new AnomalyModel(IsolationForest.fromJson(JSONObjectUtils.getJSONObject(json, "forest")));
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(file + " is not JSON: " + ex.getMessage(), ex);
		}
	}

	public void write(Path file) throws IOException {
		Files.writeString(file, JSONObjectUtils.toJSONString(toJson()), StandardCharsets.UTF_8);
	}

	public static void main(String[] args) throws IOException {
		int status = run(args, System.out, System.err);
		if (status != 0) {
			System.exit(status);
		}
	}

	/**
	 * The command line: {@code train --out model.json [--trees 100] [--sample-size 256] [--seed 1] decisions.jsonl}.
	 * @return the exit status: 0, or 2 for bad arguments or an unusable log
	 */
	static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
		Path model = null;
		Path log = null;
		int trees = 100;
		int sampleSize = 256;
		long seed = 1;
		try {
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "train" -> {
					}
					case "--out" -> model = Path.of(value(args, ++i));
					case "--trees" -> trees = Integer.parseInt(value(args, ++i));
					case "--sample-size" -> sampleSize = Integer.parseInt(value(args, ++i));
					case "--seed" -> seed = Long.parseLong(value(args, ++i));
					default -> {
						if (args[i].startsWith("--") || log != null) {
							throw new IllegalArgumentException("unknown argument " + args[i]);
						}
						log = Path.of(args[i]);
					}
				}
			}
			if (model == null || log == null) {
				throw new IllegalArgumentException("a model file (--out) and a decision log are needed");
			}
			AnomalyModel trained;
			try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
				trained = train(reader, trees, sampleSize, seed);
			}
			trained.write(model);
			out.println("trained on " + log + ": " + trees + " trees of " + sampleSize + " samples -> " + model);
			return 0;
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.println("usage: train --out model.json [--trees 100] [--sample-size 256] [--seed 1] decisions.jsonl");
			return 2;
		}
	}

	private static String value(String[] args, int i) {
		if (i >= args.length) {
			throw new IllegalArgumentException(args[i - 1] + " needs a value");
		}
		return args[i];
	}

}
