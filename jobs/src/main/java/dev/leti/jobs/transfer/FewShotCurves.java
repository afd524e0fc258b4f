package dev.leti.jobs.transfer;

import dev.leti.jobs.model.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Few-shot curves of one target device: accuracy on the train job's held-out archs after measuring k of the
 * target's training archs, for k in the given sizes and the whole training pool ("all"), over several seeds. Every
 * method and k is judged on the same held-out archs. Methods:
 * <ul>
 *   <li>{@value #TARGET_ONLY}: a GBT on the k archs' features ({@link FewShotGbt});
 *   <li>{@value #SOURCE_RECALIBRATED}: the best source by the transfer matrix, recalibrated on the k archs (k = 0:
 *       the source's milliseconds as they are). "Best" uses the matrix, which saw the target's other archs: this
 *       is the oracle choice that {@value #AUTO_SOURCE} is measured against;
 *   <li>{@value #SOURCE_FEATURE}: a GBT on the k archs with every source's log latency as extra features;
 *   <li>{@value #AUTO_SOURCE}: the source whose recalibration has the lowest leave-one-out error on the k archs,
 *       recalibrated on them ({@link FewShotSelection}).
 * </ul>
 * With all archs the shots are the same for every seed, so "all" runs once (seed 0); so does k = 0.
 *
 * <p>Cost: two GBT fits per (k, seed); each is a chain of small Spark jobs, about one per tree level (see
 * {@link FewShotGbt.Size}), run {@code parallelism} at a time.
 */
public final class FewShotCurves {
  public static final String TARGET_ONLY = "target_only";
  public static final String SOURCE_RECALIBRATED = "source_recalibrated";
  public static final String SOURCE_FEATURE = "source_feature";
  public static final String AUTO_SOURCE = "auto_source";

  /** One method at one k and seed; {@code source} is null for target-only, comma-joined for several. */
  public record Row(String space, String target, String method, String source, int k, int seed, int nTest,
      double within10, double spearman, double rmseMs, double mape) {}

  private FewShotCurves() {}

  /**
   * @param signals the other devices, each with a value at every archs of the target
   * @param bestSource the matrix's best source for this target, or null when there is no source
   */
  public static List<Row> compute(SparkSession spark, TransferData data, String target, Map<String, SourceSignal> signals,
      String bestSource, List<Integer> sizes, int seeds, int parallelism) {
    double[] targetMs = data.latency(target);
    int[] measured = data.measured(target);
    int[] test = data.split(measured, true);
    int[] pool = data.split(measured, false);
    if (test.length == 0 || pool.length < 2) {
      throw new IllegalArgumentException("target " + target + " has " + test.length + " held-out and " + pool.length
          + " training archs; the curves need at least 1 and 2");
    }
    double[] targetLog = Arrays.stream(targetMs).map(Math::log).toArray();
    double[] measuredTest = TransferMatrix.values(targetMs, test);
    List<Callable<Row>> work = new ArrayList<>();
    List<String> sources = List.copyOf(signals.keySet());
    List<double[]> sourceLogs = sources.stream().map(s -> signals.get(s).logs()).toList();
    List<RecalibratedSource> recalibrated = sources.stream()
        .map(s -> new RecalibratedSource(s, signals.get(s).ms())).toList();
    List<Integer> ks = new ArrayList<>(sizes.stream().filter(k -> k >= 0 && k < pool.length).sorted().toList());
    ks.add(pool.length);
    for (int k : ks) {
      int repeats = k == 0 || k == pool.length ? 1 : seeds;
      for (int seed = 0; seed < repeats; seed++) {
        int[] shots = ShotSampler.sample(pool, k, seed);
        double[] shotLogs = TransferMatrix.values(targetLog, shots);
        int kk = k;
        int s = seed;
        if (bestSource != null) {
          work.add(() -> row(data, target, SOURCE_RECALIBRATED, bestSource, kk, s, test, measuredTest,
              new RecalibratedSource(bestSource, signals.get(bestSource).ms()).fit(shots, shotLogs)));
        }
        if (k < 2) {
          continue; // nothing else can be fitted or chosen on fewer than 2 archs
        }
        work.add(() -> row(data, target, TARGET_ONLY, null, kk, s, test, measuredTest,
            new FewShotGbt(spark, TARGET_ONLY, data.features(), List.of(), s).fit(shots, shotLogs)));
        if (sources.isEmpty()) {
          continue;
        }
        work.add(() -> row(data, target, SOURCE_FEATURE, String.join(",", sources), kk, s, test, measuredTest,
            new FewShotGbt(spark, SOURCE_FEATURE, data.features(), sourceLogs, s).fit(shots, shotLogs)));
        work.add(() -> {
          FewShotSelection.Choice choice = FewShotSelection.choose(recalibrated, shots, shotLogs);
          return row(data, target, AUTO_SOURCE, choice.model().name(), kk, s, test, measuredTest,
              choice.predictLog());
        });
      }
    }
    return runInOrder(work, parallelism);
  }

  /**
   * Runs the fits on {@code parallelism} threads: an MLlib fit on a few archs is a chain of tiny Spark jobs that
   * mostly waits on the scheduler, so two chains at once use the cores better than one. Results keep the order of
   * {@code work}; each fit is seeded, so the threads change nothing in the rows.
   */
  static List<Row> runInOrder(List<Callable<Row>> work, int parallelism) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<Row>> futures = new ArrayList<>();
      work.forEach(w -> futures.add(pool.submit(w)));
      List<Row> rows = new ArrayList<>();
      for (Future<Row> f : futures) {
        rows.add(f.get());
      }
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting few-shot curves", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Row row(TransferData data, String target, String method, String source, int k, int seed, int[] test,
      double[] measuredTest, IntToDoubleFunction predictLog) {
    double[] predicted = Arrays.stream(test).mapToDouble(p -> Math.exp(predictLog.applyAsDouble(p))).toArray();
    Metrics m = Metrics.of(measuredTest, predicted);
    return new Row(data.space(), target, method, source, k, seed, test.length, m.within10(), m.spearman(), m.rmseMs(),
        m.mape());
  }

  /** Mean over seeds of one target, method and k. */
  public record Mean(String target, String method, int k, int seeds, double within10, double spearman) {}

  /** The curves averaged over seeds, in the rows' order of first appearance. */
  public static List<Mean> means(List<Row> rows) {
    Map<List<Object>, List<Row>> groups = new java.util.LinkedHashMap<>();
    for (Row r : rows) {
      groups.computeIfAbsent(List.of(r.target(), r.method(), r.k()), g -> new ArrayList<>()).add(r);
    }
    List<Mean> out = new ArrayList<>();
    groups.forEach((key, group) -> out.add(new Mean((String) key.get(0), (String) key.get(1), (Integer) key.get(2),
        group.size(), group.stream().mapToDouble(Row::within10).average().orElseThrow(),
        group.stream().mapToDouble(Row::spearman).average().orElseThrow())));
    return out;
  }
}
