package dev.agentauth.core.risk;

import java.util.Arrays;
import java.util.List;

/**
 * The robust z-score (Iglewicz and Hoaglin's modified z-score, {@code 0.6745·(x − median)/MAD}) and the
 * exponentially weighted moving average used for baselines.
 *
 * @since 0.1.0
 */
public final class RobustStatistics {

	private RobustStatistics() {
	}

	public static double median(double[] sorted) {
		int n = sorted.length;
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * The modified z-score of {@code x} against {@code values}: NaN without values; when the median absolute
	 * deviation is 0 (most values equal) the mean absolute deviation scaled by 1.2533 is used instead, and if
	 * that is 0 too, any {@code x} off the median is infinitely far.
	 */
	public static double zScore(double x, List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		double median = median(sorted);
		double[] deviations = new double[sorted.length];
		double sum = 0;
		for (int i = 0; i < sorted.length; i++) {
			deviations[i] = Math.abs(sorted[i] - median);
			sum += deviations[i];
		}
		Arrays.sort(deviations);
		double mad = median(deviations);
		if (mad > 0) {
			return 0.6745 * (x - median) / mad;
		}
		double meanDeviation = sum / sorted.length;
		if (meanDeviation > 0) {
			return (x - median) / (1.253314 * meanDeviation);
		}
		return (x == median) ? 0 : Math.copySign(Double.POSITIVE_INFINITY, x - median);
	}

	/**
	 * Folds a finished window's {@code count} into {@code ewma}, then decays it over {@code emptyWindows}
	 * windows without any activity.
	 */
	public static double ewma(double ewma, double count, double alpha, long emptyWindows) {
		double next = alpha * count + (1 - alpha) * ewma;
		return (emptyWindows > 0) ? next * Math.pow(1 - alpha, Math.min(emptyWindows, 1000)) : next;
	}

}
