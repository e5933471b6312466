package dev.agentauth.core.risk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * An isolation forest: F. T. Liu, K. M. Ting and Z.-H. Zhou, "Isolation Forest", Proc. 8th IEEE International
 * Conference on Data Mining (ICDM 2008), pp. 413–422. Anomalies are few and different, so random axis-parallel
 * splits isolate them in fewer steps: each tree is grown on a random sub-sample of {@code ψ} points, splitting on a
 * random attribute at a random value between its minimum and maximum, up to the height limit ⌈log₂ ψ⌉; the score of
 * a point is s = 2^(−E[h(x)] / c(ψ)), where h is the path length (plus c(n) for a leaf holding n points) and
 * c(n) = 2H(n − 1) − 2(n − 1)/n the average path length of an unsuccessful binary-search-tree search. s near 1 is
 * anomalous, well below 0.5 is normal. Deterministic for a seed; immutable and thread-safe once trained.
 *
 * @since 0.1.0
 */
public final class IsolationForest {

	private static final double EULER = 0.5772156649015329;

	private final int sampleSize;

	private final int dimensions;

	private final List<Node> trees;

	private IsolationForest(int sampleSize, int dimensions, List<Node> trees) {
		this.sampleSize = sampleSize;
		this.dimensions = dimensions;
		this.trees = List.copyOf(trees);
	}

	/**
	 * Grows {@code trees} trees on sub-samples of {@code sampleSize} points (the paper's defaults: 100 and 256).
	 * @throws IllegalArgumentException if there are no samples, their dimensions differ, or a size is not positive
	 */
	public static IsolationForest train(List<double[]> samples, int trees, int sampleSize, long seed) {
		Objects.requireNonNull(samples, "samples cannot be null");
		if (samples.isEmpty()) {
			throw new IllegalArgumentException("An isolation forest needs at least one sample");
		}
		if (trees < 1 || sampleSize < 2) {
			throw new IllegalArgumentException("trees must be positive and sampleSize at least 2");
		}
		int dimensions = samples.get(0).length;
		for (double[] sample : samples) {
			if (sample.length != dimensions) {
				throw new IllegalArgumentException("Every sample must have " + dimensions + " values");
			}
		}
		int psi = Math.min(sampleSize, samples.size());
		int limit = (int) Math.ceil(Math.log(psi) / Math.log(2));
		Random random = new Random(seed);
		List<Node> grown = new ArrayList<>(trees);
		for (int t = 0; t < trees; t++) {
			List<double[]> sub = new ArrayList<>(psi);
			// sampling without replacement (partial Fisher–Yates over the indices)
			int[] indices = new int[samples.size()];
			for (int i = 0; i < indices.length; i++) {
				indices[i] = i;
			}
			for (int i = 0; i < psi; i++) {
				int j = i + random.nextInt(indices.length - i);
				int swap = indices[i];
				indices[i] = indices[j];
				indices[j] = swap;
				sub.add(samples.get(indices[i]));
			}
			grown.add(grow(sub, 0, limit, dimensions, random));
		}
		return new IsolationForest(psi, dimensions, grown);
	}

	private static Node grow(List<double[]> points, int depth, int limit, int dimensions, Random random) {
		if (depth >= limit || points.size() <= 1) {
			return Node.leaf(points.size());
		}
		// the attributes on which these points differ
		List<Integer> splittable = new ArrayList<>(dimensions);
		double[] min = new double[dimensions];
		double[] max = new double[dimensions];
		for (int q = 0; q < dimensions; q++) {
			min[q] = Double.POSITIVE_INFINITY;
			max[q] = Double.NEGATIVE_INFINITY;
			for (double[] point : points) {
				min[q] = Math.min(min[q], point[q]);
				max[q] = Math.max(max[q], point[q]);
			}
			if (max[q] > min[q]) {
				splittable.add(q);
			}
		}
		if (splittable.isEmpty()) {
			return Node.leaf(points.size());
		}
		int q = splittable.get(random.nextInt(splittable.size()));
		double p = min[q] + random.nextDouble() * (max[q] - min[q]);
		List<double[]> left = new ArrayList<>();
		List<double[]> right = new ArrayList<>();
		for (double[] point : points) {
			((point[q] < p) ? left : right).add(point);
		}
		return new Node(q, p, grow(left, depth + 1, limit, dimensions, random),
				grow(right, depth + 1, limit, dimensions, random), 0);
	}

	/**
	 * The anomaly score of {@code point}, in (0, 1].
	 * @throws IllegalArgumentException if its dimension is not the training samples'
	 */
	public double score(double[] point) {
		if (point.length != this.dimensions) {
			throw new IllegalArgumentException("Expected " + this.dimensions + " values, not " + point.length);
		}
		double total = 0;
		for (Node tree : this.trees) {
			total += pathLength(tree, point, 0);
		}
		return Math.pow(2, -(total / this.trees.size()) / c(this.sampleSize));
	}

	public int dimensions() {
		return this.dimensions;
	}

	private static double pathLength(Node node, double[] point, int depth) {
		Node current = node;
		int e = depth;
		while (current.left != null) {
			current = (point[current.feature] < current.split) ? current.left : Objects.requireNonNull(current.right);
			e++;
		}
		return e + c(current.size);
	}

	/** c(n): the average path length of an unsuccessful search in a binary search tree of n points. */
	static double c(int n) {
		if (n <= 1) {
			return 0;
		}
		if (n == 2) {
			return 1;
		}
		return 2 * (Math.log(n - 1) + EULER) - 2.0 * (n - 1) / n;
	}

	/** The model as JSON (sample size, dimensions, trees as nested nodes). */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new HashMap<>();
		json.put("sample_size", this.sampleSize);
		json.put("dimensions", this.dimensions);
		json.put("trees", this.trees.stream().map(Node::toJson).toList());
		return json;
	}

	/**
	 * The model written by {@link #toJson()}.
	 * @throws IllegalArgumentException if it is not such a model
	 */
	public static IsolationForest fromJson(Map<String, ?> json) {
		try {
			int sampleSize = ((Number) json.get("sample_size")).intValue();
			int dimensions = ((Number) json.get("dimensions")).intValue();
			List<Node> trees = new ArrayList<>();
			for (Object tree : (List<?>) json.get("trees")) {
				trees.add(Node.fromJson((Map<?, ?>) tree, dimensions));
			}
			if (sampleSize < 2 || dimensions < 1 || trees.isEmpty()) {
				throw new IllegalArgumentException("empty");
			}
			return new IsolationForest(sampleSize, dimensions, trees);
		}
		catch (ClassCastException | NullPointerException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not an isolation forest model: " + ex.getMessage(), ex);
		}
	}

	private record Node(int feature, double split, @Nullable Node left, @Nullable Node right, int size) {

		static Node leaf(int size) {
			return new Node(-1, 0, null, null, size);
		}

		Map<String, Object> toJson() {
			Map<String, Object> json = new HashMap<>();
			if (this.left == null) {
				json.put("n", this.size);
				return json;
			}
			json.put("q", this.feature);
			json.put("p", this.split);
			json.put("l", this.left.toJson());
			json.put("r", Objects.requireNonNull(this.right).toJson());
			return json;
		}

		static Node fromJson(Map<?, ?> json, int dimensions) {
			if (json.containsKey("n")) {
				return leaf(((Number) json.get("n")).intValue());
			}
			int q = ((Number) json.get("q")).intValue();
			if (q < 0 || q >= dimensions) {
				throw new IllegalArgumentException("attribute " + q + " out of range");
			}
			return new Node(q, ((Number) json.get("p")).doubleValue(), fromJson((Map<?, ?>) json.get("l"), dimensions),
					fromJson((Map<?, ?>) json.get("r"), dimensions), 0);
		}

	}

}
