package dev.leti.jobs.transfer;

import java.util.function.IntToDoubleFunction;

/**
 * The "lookup table" idea in few-shot form: latency (ms, not log) as a sum of one cost per op kind times how often
 * the arch uses it, fitted through the origin on the shots. With NAS-Bench-201's five op kinds that is five
 * numbers, so ten shots determine it; devices whose table is itself an additive per-op estimate fit it exactly.
 * Predictions below {@value #FLOOR_MS} ms are floored there to stay in log space.
 */
public final class AdditiveOpModel implements FewShotModel {
  static final double FLOOR_MS = 1e-6;
  /** Keeps the fit defined when the shots do not use every op kind. */
  private static final double RIDGE = 1e-3;

  private final double[][] opCounts;

  /** @param opCounts per arch position, how often it uses each op kind */
  public AdditiveOpModel(double[][] opCounts) {
    this.opCounts = opCounts;
  }

  @Override
  public String name() {
    return "additive_ops";
  }

  @Override
  public IntToDoubleFunction fit(int[] shots, double[] targetLog) {
    double[][] x = new double[shots.length][];
    double[] ms = new double[shots.length];
    for (int i = 0; i < shots.length; i++) {
      x[i] = opCounts[shots[i]];
      ms[i] = Math.exp(targetLog[i]);
    }
    LinearFit f = LinearFit.fit(x, ms, RIDGE, false);
    return arch -> Math.log(Math.max(f.predict(opCounts[arch]), FLOOR_MS));
  }
}
