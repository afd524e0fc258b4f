package dev.leti.jobs.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The few-shot arithmetic against values worked out by hand. */
class FewShotMathTest {

  @Test
  void recalibrationRecoversAPowerLaw() {
    // target = 3 * source^0.5: log t = ln 3 + 0.5 log s, so the fit must give exactly these two numbers
    double[] source = {1, 4, 16, 64};
    double[] target = {3, 6, 12, 24};
    Recalibration r = Recalibration.fit(source, target);
    assertThat(r.intercept()).as("ln 3").isCloseTo(Math.log(3), within(1e-12));
    assertThat(r.slope()).isCloseTo(0.5, within(1e-12));
    assertThat(r.apply(256)).as("3 * 16").isCloseTo(48, within(1e-9));
  }

  @Test
  void withTooFewArchsOnlyTheSpeedRatioIsFitted() {
    // two archs: slope fixed at 1, offset = mean of log(t/s) = (ln 2 + ln 8) / 2 = ln 4
    Recalibration r = Recalibration.fit(new double[] {1, 10}, new double[] {2, 80});
    assertThat(r.slope()).isEqualTo(1);
    assertThat(r.apply(5)).isCloseTo(20, within(1e-9));
    // equal source values carry no slope either
    assertThat(Recalibration.fit(new double[] {2, 2, 2}, new double[] {1, 2, 4}).slope()).isEqualTo(1);
  }

  @Test
  void recalibrationRejectsNonPositiveLatencies() {
    assertThatThrownBy(() -> Recalibration.fit(new double[] {1, 0, 2}, new double[] {1, 1, 1}))
        .hasMessageContaining("source latency must be a positive number of ms, got 0.0");
  }

  @Test
  void leastSquaresWithAndWithoutInterceptAndRidge() {
    // y = 1 + 2 a - b on four rows: exact
    double[][] x = {{0, 0}, {1, 0}, {0, 1}, {2, 3}};
    double[] y = {1, 3, 0, 2};
    LinearFit f = LinearFit.fit(x, y, 0, true);
    assertThat(f.intercept()).isCloseTo(1, within(1e-12));
    assertThat(f.weights()).containsExactly(new double[] {2, -1}, within(1e-12));
    // through the origin: y = 2x on x = 1, 2 -> weight 2; ridge 1 shrinks it to (Σxy)/(Σx² + 1) = 10 / 6
    assertThat(LinearFit.fit(new double[][] {{1}, {2}}, new double[] {2, 4}, 0, false).weights()[0])
        .isCloseTo(2, within(1e-12));
    assertThat(LinearFit.fit(new double[][] {{1}, {2}}, new double[] {2, 4}, 1, false).weights()[0])
        .isCloseTo(10.0 / 6, within(1e-12));
    assertThatThrownBy(() -> LinearFit.fit(new double[][] {{1, 2}, {2, 4}, {3, 6}}, new double[] {1, 2, 3}, 0, true))
        .hasMessageContaining("singular");
  }

  @Test
  void leaveOneOutPrefersTheSourceThatExplainsTheShots() {
    double[] exact = {1, 2, 3, 4, 5, 6};
    double[] noisy = {1, 3, 2, 5, 4, 6};
    double[] targetLog = Arrays.stream(exact).map(v -> Math.log(7 * v * v)).toArray(); // 7 * exact^2
    int[] shots = {0, 1, 2, 3, 4};
    double[] shotLogs = Arrays.stream(shots).mapToDouble(i -> targetLog[i]).toArray();
    List<RecalibratedSource> candidates = List.of(new RecalibratedSource("noisy", noisy),
        new RecalibratedSource("exact", exact));
    FewShotSelection.Choice c = FewShotSelection.choose(candidates, shots, shotLogs);
    assertThat(c.model().name()).isEqualTo("exact");
    assertThat(c.looRmse()).isCloseTo(0, within(1e-9));
    assertThat(c.predictLog().applyAsDouble(5)).as("the unseen arch").isCloseTo(targetLog[5], within(1e-9));
    assertThat(FewShotSelection.rank(candidates, shots, shotLogs).get(1).looRmse()).isGreaterThan(0.1);
  }

  @Test
  void shotsAreSeededAndNested() {
    int[] pool = ShotSampler.all(50);
    assertThat(ShotSampler.sample(pool, 10, 3)).isEqualTo(ShotSampler.sample(pool, 10, 3));
    assertThat(ShotSampler.sample(pool, 10, 3)).isNotEqualTo(ShotSampler.sample(pool, 10, 4));
    assertThat(ShotSampler.sample(pool, 20, 3)).startsWith(ShotSampler.sample(pool, 10, 3));
    assertThat(ShotSampler.sample(pool, 50, 3)).containsExactlyInAnyOrder(pool);
    assertThat(ShotSampler.without(new int[] {5, 1, 9, 3}, new int[] {9, 5})).containsExactly(1, 3);
    assertThatThrownBy(() -> ShotSampler.sample(pool, 51, 0)).hasMessageContaining("cannot take 51 shots from a pool of 50");
  }

  @Test
  void anAdditiveTableIsRecoveredFromAsManyShotsAsOpKinds() {
    double[] cost = {0.5, 1, 2};
    double[][] counts = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {2, 1, 3}, {1, 1, 1}};
    double[] ms = Arrays.stream(counts).mapToDouble(c -> c[0] * cost[0] + c[1] * cost[1] + c[2] * cost[2]).toArray();
    int[] shots = {0, 1, 2};
    double[] shotLogs = Arrays.stream(shots).mapToDouble(i -> Math.log(ms[i])).toArray();
    var predict = new AdditiveOpModel(counts).fit(shots, shotLogs);
    // 2 * 0.5 + 1 * 1 + 3 * 2 = 8; the tiny ridge (1e-3) scales each cost by 1 / 1.001 here
    assertThat(Math.exp(predict.applyAsDouble(3))).isCloseTo(8 / 1.001, within(1e-9));
  }
}
