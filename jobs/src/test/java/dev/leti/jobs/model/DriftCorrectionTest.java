package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftCorrectionTest {
  @Test
  void anEpisodeOfContentionIsFoundFromTheTrainingNeighbours() {
    // 40 sessions 600 ms apart; sessions 10..19 ran 1.5x slower (log 0.405); every 4th arch is held out
    int n = 40;
    long[] times = new long[n];
    double[] residuals = new double[n];
    boolean[] training = new boolean[n];
    for (int i = 0; i < n; i++) {
      times[i] = 1_000_000L + 600L * i;
      residuals[i] = i >= 10 && i < 20 ? Math.log(1.5) : 0;
      training[i] = i % 4 != 2;
    }
    double[] drift = DriftCorrection.estimate(times, residuals, training, 3);
    assertThat(drift[14]).as("held out inside the episode").isCloseTo(Math.log(1.5), offset(1e-12));
    assertThat(drift[30]).as("held out after it").isCloseTo(0, offset(1e-12));
    assertThat(drift[2]).as("held out before it").isCloseTo(0, offset(1e-12));
  }

  @Test
  void aHeldOutArchsOwnResidualNeverEntersAnyEstimate() {
    Random random = new Random(3);
    int n = 50;
    long[] times = new long[n];
    double[] residuals = new double[n];
    boolean[] training = new boolean[n];
    for (int i = 0; i < n; i++) {
      times[i] = random.nextInt(100_000); // any order
      residuals[i] = random.nextGaussian() * 0.2;
      training[i] = random.nextInt(5) != 0;
    }
    double[] before = DriftCorrection.estimate(times, residuals, training, 3);
    for (int i = 0; i < n; i++) {
      if (!training[i]) {
        residuals[i] = 1e6; // the measured value of a held-out arch, whatever it is
      }
    }
    assertThat(DriftCorrection.estimate(times, residuals, training, 3)).containsExactly(before);
  }

  @Test
  void aTrainingArchIsJudgedByItsNeighboursNotItselfAndEstimatesAreCentred() {
    long[] times = {0, 1, 2, 3, 4};
    double[] residuals = {0.1, 0.1, 5.0, 0.1, 0.1};
    boolean[] training = {true, true, true, true, true};
    double[] drift = DriftCorrection.estimate(times, residuals, training, 1);
    // raw estimates: [0.1 (arch 1), 2.55 (0, 2), 0.1 (1, 3), 2.55 (2, 4), 0.1 (3)]; their median 0.1 is taken out
    assertThat(drift[2]).as("its own 5.0 is not used").isCloseTo(0, offset(1e-12));
    assertThat(drift[1]).isCloseTo(2.45, offset(1e-12));
    assertThat(drift[3]).isCloseTo(2.45, offset(1e-12));
    assertThat(drift[4]).isCloseTo(0, offset(1e-12));
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> DriftCorrection.estimate(new long[2], new double[1], new boolean[2], 3))
        .hasMessageContaining("got 2, 1 and 2");
    assertThatThrownBy(() -> DriftCorrection.estimate(new long[1], new double[1], new boolean[1], 0))
        .hasMessageContaining("neighbours must be at least 1, got 0");
    assertThat(DriftCorrection.estimate(new long[] {5, 6}, new double[] {1, 2}, new boolean[2], 3))
        .as("no training archs: no estimate").containsExactly(0, 0);
  }
}
