package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final Offset<Double> EPS = Offset.offset(1e-12);

  @Test
  void valuesComputedByHand() {
    double[] measured = {10, 20, 40, 80};
    double[] predicted = {10.4, 19, 48, 80};
    Metrics m = Metrics.of(measured, predicted);
    // errors 0.4, -1, 8, 0 -> squares 0.16, 1, 64, 0 -> mean 16.29
    assertThat(m.rmseMs()).isCloseTo(Math.sqrt(65.16 / 4), EPS);
    // relative 0.04, 0.05, 0.2, 0
    assertThat(m.mape()).isCloseTo(0.29 / 4, EPS);
    assertThat(m.within5()).isEqualTo(0.75);
    assertThat(m.within10()).isEqualTo(0.75);
    assertThat(m.spearman()).isCloseTo(1.0, EPS);
    assertThat(m.kendall()).isCloseTo(1.0, EPS);
    assertThat(m.n()).isEqualTo(4);
  }

  @Test
  void rankCorrelationsWithTiesAndReversals() {
    double[] x = {1, 2, 3, 4};
    double[] y = {4, 3, 2, 1};
    assertThat(Metrics.spearman(x, y)).isCloseTo(-1.0, EPS);
    assertThat(Metrics.kendall(x, y)).isCloseTo(-1.0, EPS);
    assertThat(Metrics.ranks(new double[] {5, 1, 5, 3})).containsExactly(3.5, 1, 3.5, 2);
    // one swapped pair of 6 among 4 items: tau = (5 - 1) / 6
    assertThat(Metrics.kendall(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4})).isCloseTo(4.0 / 6, EPS);
    // tau-b with a tie in y: pairs (1,2) tie in y; n0 = 6, ties_y = 1 -> (5 - 0) / sqrt(6 * 5)
    assertThat(Metrics.kendall(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 3})).isCloseTo(5 / Math.sqrt(30), EPS);
    assertThatThrownBy(() -> Metrics.of(new double[] {1}, new double[] {})).hasMessageContaining("got 1 and 0");
  }
}
