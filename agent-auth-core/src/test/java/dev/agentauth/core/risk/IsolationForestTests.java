package dev.agentauth.core.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class IsolationForestTests {

	private static List<double[]> cluster(int n, long seed) {
		Random random = new Random(seed);
		List<double[]> points = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			points.add(new double[] { random.nextGaussian(), random.nextGaussian(), 5 + random.nextGaussian() });
		}
		return points;
	}

	@Test
	void scoreWhenPointFarFromTheClusterThenNearOneAndClusterPointsBelowAHalf() {
		IsolationForest forest = IsolationForest.train(cluster(2000, 1), 100, 256, 7);
		assertThat(forest.score(new double[] { 8, -8, 20 })).isGreaterThan(0.7);
		assertThat(forest.score(new double[] { 0, 0, 5 })).isLessThan(0.5);
		// an outlier on one attribute only still stands out against the cluster's own spread
		assertThat(forest.score(new double[] { 0, 0, 15 })).isGreaterThan(forest.score(new double[] { 1, 1, 6 }));
	}

	@Test
	void cWhenNThenTheAveragePathLengthOfThePaper() {
		assertThat(IsolationForest.c(1)).isZero();
		assertThat(IsolationForest.c(2)).isEqualTo(1);
		// 2 H(255) - 2 * 255 / 256, H(i) ~ ln(i) + Euler's constant
		assertThat(IsolationForest.c(256)).isCloseTo(10.24, within(0.01));
	}

	@Test
	void trainWhenSameSeedThenSameScoresAndTheJsonReadsBackTheSame() throws Exception {
		List<double[]> points = cluster(500, 2);
		IsolationForest forest = IsolationForest.train(points, 20, 64, 3);
		IsolationForest again = IsolationForest.train(points, 20, 64, 3);
		IsolationForest other = IsolationForest.train(points, 20, 64, 4);
		double[] probe = { 2, -1, 3 };
		assertThat(again.score(probe)).isEqualTo(forest.score(probe));
		assertThat(other.score(probe)).isNotEqualTo(forest.score(probe));
		Map<String, Object> json = JSONObjectUtils.parse(JSONObjectUtils.toJSONString(forest.toJson()));
		assertThat(IsolationForest.fromJson(json).score(probe)).isEqualTo(forest.score(probe));
	}

	@Test
	void trainWhenFewerSamplesThanTheSampleSizeOrIdenticalOnesThenStillScores() {
		IsolationForest forest = IsolationForest.train(List.of(new double[] { 1 }, new double[] { 1 },
				new double[] { 1 }), 10, 256, 1);
		assertThat(forest.score(new double[] { 1 })).isBetween(0.0, 1.0);
	}

	@Test
	void badInputThenSpecificErrors() {
		assertThatIllegalArgumentException().isThrownBy(() -> IsolationForest.train(List.of(), 10, 256, 1))
			.withMessage("An isolation forest needs at least one sample");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IsolationForest.train(List.of(new double[] { 1 }, new double[] { 1, 2 }), 10, 256, 1))
			.withMessage("Every sample must have 1 values");
		IsolationForest forest = IsolationForest.train(cluster(100, 1), 5, 32, 1);
		assertThatIllegalArgumentException().isThrownBy(() -> forest.score(new double[] { 1 }))
			.withMessage("Expected 3 values, not 1");
		assertThatIllegalArgumentException().isThrownBy(() -> IsolationForest.fromJson(Map.of("trees", "no")))
			.withMessageStartingWith("Not an isolation forest model");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IsolationForest.fromJson(Map.of("sample_size", 32, "dimensions", 1, "trees",
					List.of(Map.of("q", 5, "p", 1.0, "l", Map.of("n", 1), "r", Map.of("n", 1))))))
			.withMessageContaining("attribute 5 out of range");
	}

}
