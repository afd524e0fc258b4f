package dev.leti.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentErrorBinsTest {
  @Test
  void countsEveryErrorWithTailsInTheOuterBins() {
    // errors: -80 % (tail), -10 %, 0 %, +1 %, +10 %, +300 % (tail), and one missing prediction
    double[] measured = {10, 10, 10, 10, 10, 10, 10};
    double[] predicted = {2, 9, 10, 10.1, 11, 40, Double.NaN};
    PercentErrorBins bins = PercentErrorBins.of(measured, predicted, 50, 5); // 20 % wide: centres -40..40
    assertThat(bins.labels()).containsExactly("<-30", "-20", "0", "20", ">30");
    assertThat(bins.counts()).containsExactly(1, 0, 3, 1, 1);
    assertThat(bins.notANumber()).isEqualTo(1);
  }

  @Test
  void tooFewBinsIsAnErrorNamingThem() {
    assertThatThrownBy(() -> PercentErrorBins.of(new double[0], new double[0], 50, 2))
        .hasMessageContaining("got 2 over 50.0");
  }
}
