package dev.leti.jobs.transfer;

import java.util.function.IntToDoubleFunction;

/**
 * A way to predict a target device's log latencies after measuring a few of its archs. Archs are positions in
 * arrays the model was built over; the target's values reach the model only through {@link #fit}, so a model
 * cannot peek at archs it was not given.
 */
public interface FewShotModel {
  String name();

  /**
   * @param shots positions of the measured archs
   * @param targetLog the target's log latency at each shot, in the same order
   * @return the predicted log latency of any arch position
   */
  IntToDoubleFunction fit(int[] shots, double[] targetLog);
}
