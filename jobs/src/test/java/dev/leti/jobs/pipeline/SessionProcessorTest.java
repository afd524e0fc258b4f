package dev.leti.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** The session's statistics from one sort equal those of the textbook computation, which sorts each set anew. */
class SessionProcessorTest {
  private static final UTF8String DEVICE = UTF8String.fromString("phone");
  private static final UTF8String SPACE = UTF8String.fromString("nb101");
  private static final UTF8String ARCH = UTF8String.fromString("a1");

  @Test
  void deviationsMergedOutwardsAreTheSortedDeviations() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + random.nextInt(40);
      double[] sorted = new double[n];
      for (int i = 0; i < n; i++) {
        // few distinct values on some trials: ties with the median and between the sides
        sorted[i] = trial % 2 == 0 ? 1 + random.nextInt(5) : Math.exp(random.nextGaussian());
      }
      Arrays.sort(sorted);
      double median = Percentiles.of(sorted, n, 0.5);
      double[] expected = new double[n];
      for (int i = 0; i < n; i++) {
        expected[i] = Math.abs(sorted[i] - median);
      }
      Arrays.sort(expected);

      assertThat(SessionProcessor.deviations(sorted, n, median)).as("trial %d", trial).containsExactly(expected);
    }
  }

  @Test
  void medianMadAndUsedLatenciesEqualTheTextbookOnesUnderBothRules() {
    Random random = new Random(11);
    for (String rule : List.of("mad", "iqr")) {
      CleaningRules rules = new CleaningRules(rule, 3.5, 1.5, 0.01, 5, 0.10, 5.0, 0.10, false, false);
      for (int trial = 0; trial < 500; trial++) {
        List<SessionProcessor.Run> runs = session(random, 3 + random.nextInt(30));
        SessionProcessor.Session s = new SessionProcessor(rules).process(runs, null);

        double[] measured = runs.stream().filter(r -> !r.warmup).mapToDouble(r -> r.latency).sorted().toArray();
        double median = Percentiles.of(measured, measured.length, 0.5);
        double[] deviations = Arrays.stream(measured).map(x -> Math.abs(x - median)).sorted().toArray();
        double mad = Percentiles.of(deviations, deviations.length, 0.5);
        double[] good = runs.stream().filter(r -> !r.warmup && !r.outlier).mapToDouble(r -> r.latency).sorted()
            .toArray();
        long outliers = runs.stream().filter(r -> r.outlier).count();

        assertThat(s.madMs).as("%s trial %d: MAD", rule, trial).isEqualTo(mad);
        assertThat(s.goodRuns).isEqualTo(good.length);
        assertThat(s.outlierRuns).isEqualTo(outliers);
        assertThat(s.medianMs).isEqualTo(Percentiles.of(good, good.length, 0.5));
        assertThat(s.used ? s.usedMs : good).as("%s trial %d: used latencies", rule, trial).containsExactly(good);
        assertThat(s.firstStartedAt).isEqualTo(runs.get(0).startedAt);
      }
    }
  }

  /** Warm-ups, then runs around a session level with a few slow ones; ties from 0.01 ms rounding. */
  private static List<SessionProcessor.Run> session(Random random, int n) {
    double level = 1 + 20 * random.nextDouble();
    List<SessionProcessor.Run> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SessionProcessor.Run r = new SessionProcessor.Run();
      r.device = DEVICE;
      r.space = SPACE;
      r.arch = ARCH;
      r.runIndex = i;
      r.warmup = i < 2;
      double slow = random.nextInt(8) == 0 ? 1.5 + random.nextDouble() : 1;
      r.latency = Math.round(level * slow * (1 + 0.05 * random.nextGaussian()) * 100) / 100.0;
      r.startedAt = 1_700_000_000_000L + 10L * i;
      runs.add(r);
    }
    return runs;
  }
}
