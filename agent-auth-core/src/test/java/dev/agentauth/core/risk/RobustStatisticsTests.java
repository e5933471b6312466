package dev.agentauth.core.risk;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RobustStatisticsTests {

	@Test
	void zScoreWhenSpreadThenModifiedZ() {
		// median 3, deviations 2,1,0,1,2 -> MAD 1
		assertThat(RobustStatistics.zScore(10, List.of(1.0, 2.0, 3.0, 4.0, 5.0))).isCloseTo(0.6745 * 7,
				within(1e-9));
	}

	@Test
	void zScoreWhenMostValuesEqualThenMeanDeviationFallback() {
		double z = RobustStatistics.zScore(20, List.of(10.0, 10.0, 10.0, 10.0, 20.0));
		assertThat(z).isCloseTo(10 / (1.253314 * 2), within(1e-6));
		assertThat(RobustStatistics.zScore(11, List.of(10.0, 10.0))).isInfinite();
		assertThat(RobustStatistics.zScore(10, List.of(10.0, 10.0))).isZero();
	}

	@Test
	void ewmaWhenWindowsSkippedThenDecays() {
		assertThat(RobustStatistics.ewma(10, 20, 0.5, 0)).isEqualTo(15);
		assertThat(RobustStatistics.ewma(10, 20, 0.5, 2)).isEqualTo(3.75);
	}

}
