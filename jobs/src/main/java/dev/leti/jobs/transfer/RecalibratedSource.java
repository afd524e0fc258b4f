package dev.leti.jobs.transfer;

import java.util.function.IntToDoubleFunction;

/** One source device's latencies, mapped onto the target by a {@link Recalibration} fitted on the shots. */
public final class RecalibratedSource implements FewShotModel {
  private final String source;
  private final double[] sourceMs;

  /** @param sourceMs the source's latency (ms) at every arch position the model will be asked about */
  public RecalibratedSource(String source, double[] sourceMs) {
    this.source = source;
    this.sourceMs = sourceMs;
  }

  @Override
  public String name() {
    return source;
  }

  /** With no shots, the identity: the source's milliseconds as they are (zero-shot). */
  @Override
  public IntToDoubleFunction fit(int[] shots, double[] targetLog) {
    Recalibration r = recalibration(shots, targetLog);
    return arch -> Math.log(r.apply(sourceMs[arch]));
  }

  public Recalibration recalibration(int[] shots, double[] targetLog) {
    if (shots.length == 0) {
      return Recalibration.IDENTITY;
    }
    double[] x = new double[shots.length];
    double[] y = new double[shots.length];
    for (int i = 0; i < shots.length; i++) {
      x[i] = sourceMs[shots[i]];
      y[i] = Math.exp(targetLog[i]);
    }
    return Recalibration.fit(x, y);
  }
}
