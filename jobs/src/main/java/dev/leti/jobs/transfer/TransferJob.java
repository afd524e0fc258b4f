package dev.leti.jobs.transfer;

import dev.leti.lake.Lake;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The transfer analysis of a space: the {@link TransferMatrix} over every ordered pair of devices, then the
 * {@link FewShotCurves} of every target device (or the chosen ones), appended to {@code leti.transfer_matrix} and
 * {@code leti.transfer_curves} under one run id.
 *
 * <p>Cost: the training set is collected to the driver (devices × archs rows); the matrix and the recalibrations
 * are driver arithmetic; the GBT fits of the curves are the bulk — about 40 small fits per target with the
 * default sizes and 3 seeds. Sources missing some of a target's archs add one GBT fit each (see
 * {@link SourceSignal}).
 */
public final class TransferJob {
  /** k of {@link FewShotCurves} besides "all"; 0 only applies to the recalibrated source. */
  public static final List<Integer> SIZES_DEFAULT = List.of(0, 5, 10, 20, 50, 100, 200);
  public static final int MATRIX_SHOTS_DEFAULT = 20;
  public static final int SEEDS_DEFAULT = 3;
  /** The train job's split (TrainModelsJob's defaults), so held-out archs are the same. */
  public static final long SPLIT_SEED_DEFAULT = 7;
  public static final int TEST_PERCENT_DEFAULT = 20;
  /** GBT fits run at once (see {@link FewShotCurves#runInOrder}). */
  public static final int PARALLELISM_DEFAULT = 2;

  public record Result(String runId, List<TransferMatrix.Row> matrix, List<FewShotCurves.Row> curves,
      double seconds) {}

  private final Lake lake;
  private String space = "nb101";
  private List<Integer> sizes = SIZES_DEFAULT;
  private int matrixShots = MATRIX_SHOTS_DEFAULT;
  private int seeds = SEEDS_DEFAULT;
  private long splitSeed = SPLIT_SEED_DEFAULT;
  private int testPercent = TEST_PERCENT_DEFAULT;
  private List<String> targets = List.of();
  private boolean write = true;
  private int parallelism = PARALLELISM_DEFAULT;

  public TransferJob(Lake lake) {
    this.lake = lake;
  }

  public TransferJob space(String space) {
    this.space = space;
    return this;
  }

  public TransferJob sizes(List<Integer> sizes) {
    for (int k : sizes) {
      if (k < 0) {
        throw new IllegalArgumentException("shot counts must be at least 0, got " + k);
      }
    }
    this.sizes = List.copyOf(sizes);
    return this;
  }

  public TransferJob matrixShots(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("the matrix needs at least 1 shot, got " + k);
    }
    this.matrixShots = k;
    return this;
  }

  public TransferJob seeds(int seeds) {
    if (seeds < 1) {
      throw new IllegalArgumentException("need at least one seed, got " + seeds);
    }
    this.seeds = seeds;
    return this;
  }

  /** The held-out split: must match the train job's to compare with its metrics. */
  public TransferJob split(long seed, int testPercent) {
    this.splitSeed = seed;
    this.testPercent = testPercent;
    return this;
  }

  /** Only the curves of these targets (all devices when empty); the matrix always covers every pair. */
  public TransferJob targets(List<String> targets) {
    this.targets = List.copyOf(targets);
    return this;
  }

  public TransferJob parallelism(int fits) {
    if (fits < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + fits);
    }
    this.parallelism = fits;
    return this;
  }

  /** False: compute and return, write no table (for callers that only look). */
  public TransferJob write(boolean write) {
    this.write = write;
    return this;
  }

  public Result run(SparkSession spark) {
    long start = System.nanoTime();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    spark.sparkContext().setJobGroup("transfer-" + runId, "leti transfer " + space, false);
    TransferData data = TransferData.load(spark, lake, space, splitSeed, testPercent);
    for (String t : targets) {
      data.latency(t); // an unknown target is an error naming the known devices
    }
    List<TransferMatrix.Row> matrix = TransferMatrix.compute(data, matrixShots, seeds);
    List<FewShotCurves.Row> curves = new ArrayList<>();
    for (String target : targets.isEmpty() ? data.devices() : targets) {
      int[] needed = data.measured(target);
      Map<String, SourceSignal> signals = new LinkedHashMap<>();
      for (String source : data.devices()) {
        if (!source.equals(target)) {
          signals.put(source, SourceSignal.of(spark, data, source, needed, splitSeed));
        }
      }
      curves.addAll(FewShotCurves.compute(spark, data, target, signals, bestSource(matrix, target), sizes, seeds,
          parallelism));
    }
    if (write) {
      TransferTables.append(spark, lake, runId, matrix, curves);
    }
    spark.sparkContext().clearJobGroup();
    return new Result(runId, matrix, curves, (System.nanoTime() - start) / 1e9);
  }

  /** The source whose recalibration is most accurate on the target (±10 % share, then zero-shot ρ), or null. */
  static String bestSource(List<TransferMatrix.Row> matrix, String target) {
    return matrix.stream().filter(r -> r.target().equals(target) && !Double.isNaN(r.within10Recalibrated()))
        .max(Comparator.comparingDouble(TransferMatrix.Row::within10Recalibrated)
            .thenComparingDouble(TransferMatrix.Row::spearmanZeroShot))
        .map(TransferMatrix.Row::source).orElse(null);
  }
}
