package dev.leti.jobs.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MLlib's GBT on the log latency of a few target archs, from the arch features and optionally extra columns (the
 * source devices' log latencies). Sized by the number of shots, because MLlib pays a few Spark jobs per tree level
 * and iteration whatever the data size: a handful of archs cannot support deep trees anyway, and shallow short
 * ensembles keep a curve of dozens of fits within minutes on 2 cores. Measured on the shared data (800 archs, all
 * 630 training archs of a target): target-only ±10 % share 0.55 (CPU) / 0.32 (GPU) with these sizes, 0.55 / 0.34
 * with twice the trees and one level more at every k, which cost 1.8× the CPU time of the whole analysis.
 * Predictions run on the driver ({@link GBTRegressionModel#predict}), with no Spark job.
 */
public final class FewShotGbt implements FewShotModel {
  static final String FEATURES = "features";
  static final String LABEL = "label";

  /** Trees and depth for a number of shots. */
  record Size(int maxDepth, int maxIter, double stepSize) {
    static Size forShots(int shots) {
      if (shots <= 20) {
        return new Size(2, 10, 0.4);
      }
      if (shots <= 100) {
        return new Size(3, 20, 0.3);
      }
      return new Size(4, 40, 0.2);
    }
  }

  private final SparkSession spark;
  private final String name;
  private final double[][] features;
  private final List<double[]> extraColumns;
  private final long seed;

  /**
   * @param features per arch position, its feature values
   * @param extraColumns per extra column, its value at every arch position (e.g. a source's log latency)
   */
  public FewShotGbt(SparkSession spark, String name, double[][] features, List<double[]> extraColumns, long seed) {
    this.spark = spark;
    this.name = name;
    this.features = features;
    this.extraColumns = List.copyOf(extraColumns);
    this.seed = seed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public IntToDoubleFunction fit(int[] shots, double[] targetLog) {
    if (shots.length < 2) {
      throw new IllegalArgumentException("a GBT needs at least 2 archs, got " + shots.length);
    }
    StructType schema = new StructType().add(FEATURES, SQLDataTypes.VectorType()).add(LABEL, DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < shots.length; i++) {
      rows.add(RowFactory.create(vector(shots[i]), targetLog[i]));
    }
    Size size = Size.forShots(shots.length);
    GBTRegressionModel model = new GBTRegressor().setFeaturesCol(FEATURES).setLabelCol(LABEL)
        .setMaxDepth(size.maxDepth()).setMaxIter(size.maxIter()).setStepSize(size.stepSize()).setSeed(seed)
        .fit(spark.createDataFrame(rows, schema).coalesce(1));
    return arch -> model.predict(vector(arch));
  }

  private Vector vector(int arch) {
    double[] f = features[arch];
    double[] v = java.util.Arrays.copyOf(f, f.length + extraColumns.size());
    for (int j = 0; j < extraColumns.size(); j++) {
      v[f.length + j] = extraColumns.get(j)[arch];
    }
    return Vectors.dense(v);
  }
}
