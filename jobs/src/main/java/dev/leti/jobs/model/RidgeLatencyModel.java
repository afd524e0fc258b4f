package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The {@link RidgeCandidate} as an MLlib pipeline stage, so that the registry saves it in MLlib's own format and
 * {@code PipelineModel.load} brings it back beside the GBT: it reads the assembled {@code features} vector and
 * writes {@code prediction} = log(predicted ms), the GBT pipeline's output, so prediction and promotion treat both
 * families alike.
 *
 * <p>Saved as MLlib's stage metadata plus one Parquet row under {@code data/}: the setting, the degree, the
 * standardisation and the training rows with their dual weights.
 */
public final class RidgeLatencyModel extends Model<RidgeLatencyModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  /**
   * The floor of a ridge saved before ridges kept their own (the fastest training latency): 1 ns, so that an arch
   * where its polynomial dips to zero or below shows up as a gross under-prediction instead of a NaN.
   */
  static final double OLD_MODELS_FLOOR_MS = 1e-6;
  private static final ArrayType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);
  private static final StructType DATA = new StructType().add("setting", DataTypes.StringType)
      .add("degree", DataTypes.IntegerType).add("mean", DOUBLES).add("scale", DOUBLES)
      .add("dual_weights", DOUBLES).add("training_rows", DataTypes.createArrayType(DOUBLES, false))
      .add("floor_ms", DataTypes.DoubleType);

  private final String uid;
  private final RidgeCandidate ridge;

  RidgeLatencyModel(String uid, RidgeCandidate ridge) {
    this.uid = uid;
    this.ridge = ridge;
  }

  RidgeLatencyModel(RidgeCandidate ridge) {
    this(Identifiable$.MODULE$.randomUID("ridgeLatency"), ridge);
  }

  String setting() {
    return ridge.setting();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    RidgeCandidate fitted = ridge;
    UserDefinedFunction logMs = udf(
        (Vector v) -> Math.log(fitted.predict(v.toArray())), DataTypes.DoubleType);
    return dataset.withColumn(TrainModelsJob.PREDICTION, logMs.apply(col(TrainModelsJob.FEATURES)));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!List.of(schema.fieldNames()).contains(TrainModelsJob.FEATURES)) {
      throw new IllegalArgumentException("the ridge reads the column '" + TrainModelsJob.FEATURES
          + "', which the input lacks: " + schema.simpleString());
    }
    return schema.add(TrainModelsJob.PREDICTION, DataTypes.DoubleType);
  }

  @Override
  public RidgeLatencyModel copy(ParamMap extra) {
    return copyValues(new RidgeLatencyModel(uid, ridge), extra);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** What {@code PipelineModel.load} calls (by reflection) to read a saved stage of this class. */
  public static MLReader<RidgeLatencyModel> read() {
    return new Reader();
  }

  public static RidgeLatencyModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final RidgeLatencyModel model;

    Writer(RidgeLatencyModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      RidgeCandidate r = model.ridge;
      List<Object> rows = new ArrayList<>();
      for (double[] row : r.ridge().trainingRows()) {
        rows.add(boxed(row));
      }
      Row data = RowFactory.create(r.setting(), r.ridge().degree(), boxed(r.mean()), boxed(r.scale()),
          boxed(r.ridge().dualWeights()), JavaConverters.asScalaBuffer(rows).toSeq(), r.ridge().floorMs());
      sparkSession().createDataFrame(List.of(data), DATA).coalesce(1).write().mode(SaveMode.Overwrite)
          .parquet(path + "/data");
    }

    private static scala.collection.Seq<Object> boxed(double[] values) {
      List<Object> out = new ArrayList<>(values.length);
      for (double v : values) {
        out.add(v);
      }
      return JavaConverters.asScalaBuffer(out).toSeq();
    }
  }

  private static final class Reader extends MLReader<RidgeLatencyModel> {
    @Override
    public RidgeLatencyModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), RidgeLatencyModel.class.getName());
      Row data = sparkSession().read().schema(DATA).parquet(path + "/data").first();
      List<Object> rows = data.getList(5);
      double[][] training = new double[rows.size()][];
      for (int i = 0; i < training.length; i++) {
        training[i] = unboxed(JavaConverters.seqAsJavaList((scala.collection.Seq<?>) rows.get(i)));
      }
      // a model saved before floor_ms existed reads it as null
      double floorMs = data.isNullAt(6) ? OLD_MODELS_FLOOR_MS : data.getDouble(6);
      InteractionRidge ridge = InteractionRidge.of(training, unboxed(data.getList(4)), data.getInt(1), floorMs);
      RidgeCandidate fitted = RidgeCandidate.of(unboxed(data.getList(2)), unboxed(data.getList(3)), ridge,
          data.getString(0));
      RidgeLatencyModel model = new RidgeLatencyModel(metadata.uid(), fitted);
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }

    private static double[] unboxed(List<?> values) {
      double[] out = new double[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = (Double) values.get(i);
      }
      return out;
    }
  }
}
