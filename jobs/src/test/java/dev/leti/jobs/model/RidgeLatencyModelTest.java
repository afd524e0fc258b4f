package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.leti.jobs.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ridge as a pipeline stage: it predicts log ms like the GBT pipeline, and survives MLlib's save and load. */
class RidgeLatencyModelTest {
  @TempDir Path dir;

  /** Latency of a made-up network: a sum of op costs plus one interaction, in ms. */
  private static double latency(long a, long b, long c) {
    return 1 + 0.8 * a + 0.3 * b + 0.05 * c + 0.2 * a * b;
  }

  private static Dataset<Row> archs(SparkSession spark, int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long a = random.nextInt(6);
      long b = random.nextInt(6);
      long c = random.nextInt(40);
      rows.add(RowFactory.create("arch" + i, a, b, c, latency(a, b, c)));
    }
    return spark.createDataFrame(rows, new StructType().add("arch_id", DataTypes.StringType)
        .add("a", DataTypes.LongType).add("b", DataTypes.LongType).add("c", DataTypes.LongType)
        .add("latency_ms", DataTypes.DoubleType));
  }

  private static PipelineModel fitted(Dataset<Row> train) {
    List<Row> rows = train.orderBy("arch_id").collectAsList();
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      Row r = rows.get(i);
      x[i] = new double[] {r.getLong(1), r.getLong(2), r.getLong(3)};
      y[i] = r.getDouble(4);
    }
    VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"a", "b", "c"})
        .setOutputCol(TrainModelsJob.FEATURES);
    return new Pipeline().setStages(new PipelineStage[] {assembler,
        new RidgeLatencyModel(RidgeCandidate.fit(x, y))}).fit(train);
  }

  @Test
  void predictsLogMillisecondsAndRoundTripsThroughMllibsFormat() throws Exception {
    SparkSession spark = SharedSpark.session();
    PipelineModel model = fitted(archs(spark, 200, 1));
    Dataset<Row> unseen = archs(spark, 50, 2);
    List<Row> before = model.transform(unseen).select("arch_id", "latency_ms", TrainModelsJob.PREDICTION)
        .orderBy("arch_id").collectAsList();
    for (Row r : before) {
      assertThat(Math.exp(r.getDouble(2)) / r.getDouble(1)).as(r.getString(0)).isCloseTo(1, within(0.02));
    }

    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertThat(loaded.stages()[1]).isInstanceOf(RidgeLatencyModel.class);
    assertThat(loaded.stages()[1].uid()).isEqualTo(model.stages()[1].uid());
    assertThat(((RidgeLatencyModel) loaded.stages()[1]).setting())
        .isEqualTo(((RidgeLatencyModel) model.stages()[1]).setting());
    List<Row> after = loaded.transform(unseen).select("arch_id", "latency_ms", TrainModelsJob.PREDICTION)
        .orderBy("arch_id").collectAsList();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aRidgeSavedBeforeItsFloorWasKeptStillLoads() throws Exception {
    SparkSession spark = SharedSpark.session();
    PipelineModel model = fitted(archs(spark, 200, 1));
    String path = dir.resolve("old").toString();
    model.write().overwrite().save(path);
    // the saved ridge as session 11 wrote it: no floor_ms column
    String data = path + "/stages/1_" + model.stages()[1].uid() + "/data";
    Dataset<Row> old = spark.read().parquet(data).drop("floor_ms").cache();
    old.count();
    old.coalesce(1).write().mode("overwrite").parquet(data);

    PipelineModel loaded = PipelineModel.load(path);
    Dataset<Row> unseen = archs(spark, 20, 2);
    assertThat(loaded.transform(unseen).select(TrainModelsJob.PREDICTION).collectAsList())
        .isEqualTo(model.transform(unseen).select(TrainModelsJob.PREDICTION).collectAsList());
  }

  @Test
  void anInputWithoutTheFeatureVectorIsNamed() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> train = archs(spark, 30, 3);
    RidgeLatencyModel ridge = (RidgeLatencyModel) fitted(train).stages()[1];
    assertThatThrownBy(() -> ridge.transform(train)).hasMessageContaining("reads the column 'features'");
  }
}
