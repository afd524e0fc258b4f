package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;

import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decides whether a device's newest model replaces the promoted one: both are judged on the same held-out archs
 * (the split is a hash of the arch, so it stays fixed as data grows), and the candidate wins unless its share
 * within ±10 % falls more than {@code tolerance} below the current model's. Every decision is appended to
 * {@code leti.model_promotions}; old versions beyond the newest {@code keep} are deleted, never the promoted one.
 */
public final class ModelPromotion {
  public static final String PROMOTIONS = "model_promotions";
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType).add("device_id", DataTypes.StringType)
      .add("arch_space", DataTypes.StringType).add("candidate_version", DataTypes.StringType)
      .add("current_version", DataTypes.StringType).add("candidate_within_10", DataTypes.DoubleType)
      .add("current_within_10", DataTypes.DoubleType).add("n_test", DataTypes.IntegerType)
      .add("tolerance", DataTypes.DoubleType).add("promoted", DataTypes.BooleanType)
      .add("reason", DataTypes.StringType).add("retired_versions", DataTypes.createArrayType(DataTypes.StringType))
      .add("decided_at_ms", DataTypes.LongType);

  /** One device's decision. */
  public record Decision(String device, String candidate, String current, double candidateWithin10,
      Double currentWithin10, int nTest, boolean promoted, String reason, List<String> retired) {}

  private final SparkSession spark;
  private final Lake lake;
  private final ModelRegistry registry;
  private double tolerance = 0.01;
  private int keep = 5;
  private long seed = 7;
  private int testPercent = 20;

  public ModelPromotion(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
    this.registry = new ModelRegistry(spark, lake);
  }

  public ModelPromotion tolerance(double tolerance) {
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("promotion tolerance must be within [0, 1), got " + tolerance);
    }
    this.tolerance = tolerance;
    return this;
  }

  /** Versions kept per device. */
  public ModelPromotion keep(int versions) {
    if (versions < 1) {
      throw new IllegalArgumentException("versions to keep must be >= 1, got " + versions);
    }
    this.keep = versions;
    return this;
  }

  /** The split the candidates were trained with. */
  public ModelPromotion split(long seed, int testPercent) {
    this.seed = seed;
    this.testPercent = testPercent;
    return this;
  }

  /** The rule alone: promote unless the candidate is worse by more than the tolerance. */
  static boolean promotes(double candidate, Double current, double tolerance) {
    return current == null || candidate >= current - tolerance - 1e-12;
  }

  /** Judges the newest model of each device against its promoted one and records the decisions. */
  public List<Decision> run(String space, List<String> devices, String runId) throws IOException {
    Dataset<Row> data = ModelInputs.prepare(TrainingSet.read(spark, lake, space), seed, testPercent)
        .where(col(ModelInputs.IS_TEST)).cache();
    List<Decision> decisions = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (String device : devices) {
      List<String> versions = registry.versions(space, device);
      if (versions.isEmpty()) {
        continue;
      }
      Dataset<Row> test = data.where(col(Columns.DEVICE_ID).equalTo(device));
      String candidate = versions.get(versions.size() - 1);
      String current = registry.promotedVersion(space, device);
      Metrics candidateMetrics = within10(space, device, candidate, test);
      Double currentWithin10 = null;
      String reason;
      if (current == null) {
        reason = "no promoted model yet";
      } else if (current.equals(candidate)) {
        reason = "already promoted";
      } else if (!versions.contains(current)) {
        reason = "the promoted version " + current + " is gone";
        current = null;
      } else {
        currentWithin10 = within10(space, device, current, test).within10();
        reason = String.format(Locale.ROOT, "within ±10 %%: candidate %.3f, current %.3f, tolerance %.3f",
            candidateMetrics.within10(), currentWithin10, tolerance);
      }
      boolean promoted = promotes(candidateMetrics.within10(), currentWithin10, tolerance);
      if (promoted && !candidate.equals(current)) {
        registry.promote(space, device, candidate);
      }
      List<String> retired = registry.retire(space, device, keep);
      Decision d = new Decision(device, candidate, current, candidateMetrics.within10(), currentWithin10,
          candidateMetrics.n(), promoted, reason, retired);
      decisions.add(d);
      rows.add(RowFactory.create(runId, device, space, candidate, current, d.candidateWithin10(), currentWithin10,
          d.nTest(), tolerance, promoted, reason, scala.collection.JavaConverters.asScalaBuffer(retired).toSeq(),
          System.currentTimeMillis()));
    }
    data.unpersist();
    registry.append(rows, SCHEMA, PROMOTIONS);
    return decisions;
  }

  private Metrics within10(String space, String device, String version, Dataset<Row> test) {
    PipelineModel model = registry.load(registry.deviceDir(space, device) + "/" + version + "/model");
    // judged against the medians as measured: the same yardstick for every version, whatever its training target
    return Metrics.of(model, test, Columns.LATENCY_MS);
  }
}
