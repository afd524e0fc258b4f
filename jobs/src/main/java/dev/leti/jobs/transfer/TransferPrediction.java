package dev.leti.jobs.transfer;

import dev.leti.jobs.model.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Latencies of a target device predicted from a source device and k measured target archs: the source's value
 * (median, or its model where it did not run the arch: {@link SourceSignal}) recalibrated on the k archs. The k
 * archs are drawn from the target's training archs exactly as {@link FewShotCurves} draws them for the same seed,
 * so the held-out accuracy reported here is the curves' {@code source_recalibrated} row for that source, k and seed.
 */
public final class TransferPrediction {
  /** One arch of the lake's training set; {@code measuredMs} is null where the target did not measure it. */
  public record Prediction(String archId, String device, double predictedMs, Double measuredMs) {}

  /** Every prediction, the fitted recalibration, and its accuracy on the target's held-out archs. */
  public record Result(List<Prediction> predictions, Recalibration recalibration, int shots, Metrics heldOut,
      int sourceModelled) {}

  private TransferPrediction() {}

  public static Result run(SparkSession spark, TransferData data, String source, String target, int shots, long seed) {
    if (source.equals(target)) {
      throw new IllegalArgumentException("source and target are the same device: " + source);
    }
    double[] targetMs = data.latency(target);
    data.latency(source);
    int[] pool = data.split(data.measured(target), false);
    if (shots < 0 || shots > pool.length) {
      throw new IllegalArgumentException("--shots must be in 0.." + pool.length + " (training archs of " + target
          + "), got " + shots);
    }
    int[] everyArch = ShotSampler.all(data.archIds().size());
    SourceSignal signal = SourceSignal.of(spark, data, source, everyArch, seed);
    int[] fitted = ShotSampler.sample(pool, shots, seed);
    double[] fittedLogs = Arrays.stream(fitted).mapToDouble(p -> Math.log(targetMs[p])).toArray();
    Recalibration r = new RecalibratedSource(source, signal.ms()).recalibration(fitted, fittedLogs);
    List<Prediction> out = new ArrayList<>();
    for (int p : everyArch) {
      out.add(new Prediction(data.archIds().get(p), target, r.apply(signal.ms()[p]),
          Double.isNaN(targetMs[p]) ? null : targetMs[p]));
    }
    int[] test = data.split(data.measured(target), true);
    Metrics heldOut = test.length == 0 ? null : Metrics.of(TransferMatrix.values(targetMs, test),
        r.apply(TransferMatrix.values(signal.ms(), test)));
    return new Result(out, r, shots, heldOut, signal.modelled());
  }
}
