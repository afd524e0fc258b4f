package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class InteractionRidgeTest {
  private static final InteractionRidge.Loss RELATIVE = InteractionRidge.Loss.RELATIVE;

  /** Three binary "ops" and how often each combination appears: every combination, several times. */
  private static double[][] binaryRows(int repeats) {
    double[][] x = new double[8 * repeats][];
    for (int i = 0; i < x.length; i++) {
      int c = i % 8;
      x[i] = new double[] {c & 1, (c >> 1) & 1, (c >> 2) & 1};
    }
    return x;
  }

  private static double additive(double[] x) {
    return 2 + 1.5 * x[0] + 0.5 * x[1] + 3 * x[2];
  }

  private static double interacting(double[] x) {
    return additive(x) + 4 * x[0] * x[1];
  }

  private static double[] targets(double[][] x, ToDoubleFunction<double[]> latency) {
    return Arrays.stream(x).mapToDouble(latency).toArray();
  }

  @Test
  void degreeOneRecoversASumOfCosts() {
    double[][] x = binaryRows(5);
    double[] y = targets(x, InteractionRidgeTest::additive);
    InteractionRidge m = InteractionRidge.fit(x, y, 1, 1e-6, 0.1, RELATIVE);
    for (double[] row : binaryRows(1)) {
      assertThat(m.predict(row)).isCloseTo(additive(row), within(1e-3));
    }
  }

  @Test
  void onlyDegreeTwoHoldsAPairwiseInteraction() {
    double[][] x = binaryRows(5);
    double[] y = targets(x, InteractionRidgeTest::interacting);
    InteractionRidge linear = InteractionRidge.fit(x, y, 1, 1e-6, 0.1, RELATIVE);
    InteractionRidge pairwise = InteractionRidge.fit(x, y, 2, 1e-6, 0.1, RELATIVE);
    double[] both = {1, 1, 0};
    assertThat(pairwise.predict(both)).isCloseTo(interacting(both), within(1e-3));
    assertThat(Math.abs(linear.predict(both) - interacting(both))).as("a sum of costs cannot hold x0 * x1")
        .isGreaterThan(0.5);
  }

  @Test
  void aFewBadlyMeasuredRowsDoNotPullTheFit() {
    double[][] x = binaryRows(10);
    double[] y = new double[x.length];
    Random random = new Random(3);
    for (int i = 0; i < x.length; i++) {
      y[i] = additive(x[i]) * (1 + 0.01 * random.nextGaussian());
    }
    y[0] *= 5;  // the all-zeros row, once in ten, measured 5x too slow
    y[9] *= 5;  // the (1, 0, 0) row, once in ten
    InteractionRidge m = InteractionRidge.fit(x, y, 1, 1e-3, 0.1, RELATIVE);
    for (double[] row : binaryRows(1)) {
      assertThat(m.predict(row) / additive(row)).as("row " + Arrays.toString(row)).isCloseTo(1, within(0.03));
    }
  }

  @Test
  void anAbsoluteLossIsNotHandedToArchsReportedAtAFewMicroseconds() {
    double[][] x = binaryRows(10);
    double[] y = targets(x, InteractionRidgeTest::additive);
    for (int i = 7; i < x.length; i += 16) {
      y[i] = 0.003;  // the (1, 1, 1) row, every other time: "no input-to-output path", reported as nearly nothing
    }
    InteractionRidge absolute = InteractionRidge.fit(x, y, 1, 1e-3, 0.1, InteractionRidge.Loss.ABSOLUTE);
    InteractionRidge relative = InteractionRidge.fit(x, y, 1, 1e-3, 0.1, RELATIVE);
    double[] plain = {1, 0, 1};
    assertThat(absolute.predict(plain) / additive(plain)).isCloseTo(1, within(0.03));
    assertThat(Math.abs(relative.predict(plain) / additive(plain) - 1))
        .as("weighted by 1 / latency², the microsecond rows outweigh all others").isGreaterThan(0.1);
  }

  @Test
  void theChoiceNamesTheLossThatJudgedBest() {
    double[][] x = binaryRows(10);
    double[] y = targets(x, InteractionRidgeTest::additive);
    for (int i = 7; i < x.length; i += 16) {
      y[i] = 0.003;
    }
    InteractionRidge.Setting s = InteractionRidge.choose(x, y, new int[] {1}, new double[] {1e-3},
        InteractionRidge.Loss.values(), 0.1);
    assertThat(s.loss()).isEqualTo(InteractionRidge.Loss.ABSOLUTE);
    assertThat(s.within10()).isGreaterThan(0.8);
  }

  @Test
  void predictionsOfManyRowsAreThoseOfEachRow() {
    double[][] x = binaryRows(2);
    double[] y = targets(x, InteractionRidgeTest::interacting);
    InteractionRidge m = InteractionRidge.fit(x, y, 2, 0.5, 0.1, RELATIVE);
    double[] many = m.predict(x);
    for (int i = 0; i < x.length; i++) {
      assertThat(many[i]).isEqualTo(m.predict(x[i]));
    }
  }

  @Test
  void noPredictionIsFasterThanTheFastestTrainingArch() {
    double[][] x = binaryRows(5);
    double[] y = targets(x, InteractionRidgeTest::additive);
    for (InteractionRidge.Loss loss : InteractionRidge.Loss.values()) {
      InteractionRidge m = InteractionRidge.fit(x, y, 1, 1e-6, 0.1, loss);
      double[] far = {-3, -3, -3}; // the sum of costs there is 2 - 15 = -13 ms
      assertThat(m.predict(far)).as("%s", loss).isEqualTo(2.0).isEqualTo(m.floorMs());
      assertThat(m.predict(new double[] {0, 0, 0})).as("%s: the fastest arch itself", loss)
          .isCloseTo(2.0, within(1e-3));
    }
  }

  @Test
  void badInputsAreNamed() {
    double[][] x = binaryRows(1);
    assertThatThrownBy(() -> InteractionRidge.fit(x, new double[3], 1, 1, 0.1, RELATIVE))
        .hasMessageContaining("need as many rows as latencies");
    double[] zero = new double[x.length];
    assertThatThrownBy(() -> InteractionRidge.fit(x, zero, 1, 1, 0.1, RELATIVE))
        .hasMessageContaining("positive and finite");
    assertThatThrownBy(() -> InteractionRidge.fit(x, new double[x.length], 0, 1, 0.1, RELATIVE))
        .hasMessageContaining("need degree >= 1");
  }
}
