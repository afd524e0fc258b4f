package dev.leti.jobs.transfer;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.sql.SparkSession;

/**
 * What a source device says about each arch: its measured median where it measured the arch, else the prediction
 * of a GBT fitted on all of the source's medians. Medians come first because they are what the source really did;
 * a model of the source trained on them reproduces them only approximately, and its error would be charged to the
 * transfer. The model only fills archs the source never ran.
 */
public record SourceSignal(String source, double[] ms, int modelled) {

  /**
   * @param needed positions that must have a value (others stay NaN unless measured)
   * @param seed seed of the filling model
   */
  public static SourceSignal of(SparkSession spark, TransferData data, String source, int[] needed, long seed) {
    double[] measured = data.latency(source);
    double[] ms = measured.clone();
    int[] missing = Arrays.stream(needed).filter(p -> Double.isNaN(measured[p])).toArray();
    if (missing.length > 0) {
      int[] known = data.measured(source);
      double[] logs = Arrays.stream(known).mapToDouble(p -> Math.log(measured[p])).toArray();
      IntToDoubleFunction model = new FewShotGbt(spark, "source model " + source, data.features(), List.of(), seed)
          .fit(known, logs);
      for (int p : missing) {
        ms[p] = Math.exp(model.applyAsDouble(p));
      }
    }
    return new SourceSignal(source, ms, missing.length);
  }

  public double[] logs() {
    return Arrays.stream(ms).map(Math::log).toArray();
  }
}
