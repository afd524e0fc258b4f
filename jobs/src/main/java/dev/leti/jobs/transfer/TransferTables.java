package dev.leti.jobs.transfer;

import dev.leti.jobs.lake.TableRegistry;
import dev.leti.lake.Lake;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The transfer analysis in the lake: {@code gold/transfer_matrix} and {@code gold/transfer_curves}, appended per
 * run (the {@code transfer_run_id} column tells runs apart, as {@code version} does for models) and registered as
 * {@code leti.transfer_matrix} and {@code leti.transfer_curves}.
 */
public final class TransferTables {
  public static final String MATRIX = "transfer_matrix";
  public static final String CURVES = "transfer_curves";

  static final StructType MATRIX_SCHEMA = new StructType()
      .add("space", DataTypes.StringType).add("source", DataTypes.StringType).add("target", DataTypes.StringType)
      .add("common_archs", DataTypes.IntegerType).add("spearman_zero_shot", DataTypes.DoubleType)
      .add("kendall_zero_shot", DataTypes.DoubleType).add("k", DataTypes.IntegerType)
      .add("within10_recalibrated", DataTypes.DoubleType).add("spearman_recalibrated", DataTypes.DoubleType)
      .add("seeds", DataTypes.IntegerType).add("transfer_run_id", DataTypes.StringType);
  static final StructType CURVES_SCHEMA = new StructType()
      .add("space", DataTypes.StringType).add("target", DataTypes.StringType).add("method", DataTypes.StringType)
      .add("source", DataTypes.StringType, true).add("k", DataTypes.IntegerType).add("seed", DataTypes.IntegerType)
      .add("n_test", DataTypes.IntegerType).add("within10", DataTypes.DoubleType)
      .add("spearman", DataTypes.DoubleType).add("rmse_ms", DataTypes.DoubleType).add("mape", DataTypes.DoubleType)
      .add("transfer_run_id", DataTypes.StringType);

  private TransferTables() {}

  static void append(SparkSession spark, Lake lake, String runId, List<TransferMatrix.Row> matrix,
      List<FewShotCurves.Row> curves) {
    append(spark, lake, MATRIX, MATRIX_SCHEMA, matrix.stream().map(r -> RowFactory.create(r.space(), r.source(),
        r.target(), r.commonArchs(), r.spearmanZeroShot(), r.kendallZeroShot(), r.k(), r.within10Recalibrated(),
        r.spearmanRecalibrated(), r.seeds(), runId)).toList());
    append(spark, lake, CURVES, CURVES_SCHEMA, curves.stream().map(r -> RowFactory.create(r.space(), r.target(),
        r.method(), r.source(), r.k(), r.seed(), r.nTest(), r.within10(), r.spearman(), r.rmseMs(), r.mape(), runId))
        .toList());
  }

  public static String location(Lake lake, String table) {
    return lake.path("gold/" + table);
  }

  private static void append(SparkSession spark, Lake lake, String table, StructType schema, List<Row> rows) {
    String location = location(lake, table);
    spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Append).parquet(location);
    new TableRegistry(spark).registerParquet(table, location, schema);
  }
}
