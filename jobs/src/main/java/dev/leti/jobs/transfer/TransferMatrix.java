package dev.leti.jobs.transfer;

import dev.leti.jobs.model.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * For every ordered pair of devices with common archs: how well the source ranks the target's archs as it is
 * (zero-shot Spearman ρ and Kendall τ of the source's medians against the target's, on all common archs), and how
 * accurate the source becomes after a {@link Recalibration} fitted on k of the target's archs (±10 % share and ρ
 * on the common archs not fitted on, averaged over seeds). The k archs come from the train job's training archs;
 * both devices measured every common arch, so the source side is always a median here, never a model. Driver
 * only: no Spark job.
 */
public final class TransferMatrix {
  /** One ordered pair. */
  public record Row(String space, String source, String target, int commonArchs, double spearmanZeroShot,
      double kendallZeroShot, int k, double within10Recalibrated, double spearmanRecalibrated, int seeds) {}

  private TransferMatrix() {}

  public static List<Row> compute(TransferData data, int k, int seeds) {
    List<Row> rows = new ArrayList<>();
    for (String target : data.devices()) {
      for (String source : data.devices()) {
        int[] common = source.equals(target) ? new int[0] : data.common(source, target);
        if (common.length >= 2) {
          rows.add(pair(data, source, target, common, k, seeds));
        }
      }
    }
    return rows;
  }

  static Row pair(TransferData data, String source, String target, int[] common, int k, int seeds) {
    double[] sourceMs = data.latency(source);
    double[] targetMs = data.latency(target);
    Metrics zeroShot = Metrics.of(values(targetMs, common), values(sourceMs, common));
    int[] pool = data.split(common, false);
    int shots = Math.min(k, pool.length);
    double within10 = 0;
    double spearman = 0;
    for (int seed = 0; shots > 0 && seed < seeds; seed++) {
      int[] fitted = ShotSampler.sample(pool, shots, seed);
      int[] rest = ShotSampler.without(common, fitted);
      Recalibration r = Recalibration.fit(values(sourceMs, fitted), values(targetMs, fitted));
      Metrics m = Metrics.of(values(targetMs, rest), r.apply(values(sourceMs, rest)));
      within10 += m.within10() / seeds;
      spearman += m.spearman() / seeds;
    }
    return new Row(data.space(), source, target, common.length, zeroShot.spearman(), zeroShot.kendall(), shots,
        shots == 0 ? Double.NaN : within10, shots == 0 ? Double.NaN : spearman, seeds);
  }

  static double[] values(double[] byPosition, int[] positions) {
    return Arrays.stream(positions).mapToDouble(p -> byPosition[p]).toArray();
  }
}
