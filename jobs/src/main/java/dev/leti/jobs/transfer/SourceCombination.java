package dev.leti.jobs.transfer;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The target's log latency as a linear function of one or more source devices' log latencies. With one source
 * and no ridge it is {@link Recalibration}'s power law; with several, the ridge keeps correlated sources from
 * getting large opposite weights on a handful of archs.
 */
public final class SourceCombination implements FewShotModel {
  private final String name;
  private final List<double[]> sourceLogs;
  private final double ridge;

  /** @param sourceLogs per source, its log latency at every arch position */
  public SourceCombination(String name, List<double[]> sourceLogs, double ridge) {
    if (sourceLogs.isEmpty()) {
      throw new IllegalArgumentException("a source combination needs at least one source: " + name);
    }
    this.name = name;
    this.sourceLogs = List.copyOf(sourceLogs);
    this.ridge = ridge;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public IntToDoubleFunction fit(int[] shots, double[] targetLog) {
    double[][] x = new double[shots.length][];
    for (int i = 0; i < shots.length; i++) {
      x[i] = row(shots[i]);
    }
    LinearFit f = LinearFit.fit(x, targetLog, ridge, true);
    return arch -> f.predict(row(arch));
  }

  private double[] row(int arch) {
    double[] r = new double[sourceLogs.size()];
    for (int j = 0; j < r.length; j++) {
      r[j] = sourceLogs.get(j)[arch];
    }
    return r;
  }
}
