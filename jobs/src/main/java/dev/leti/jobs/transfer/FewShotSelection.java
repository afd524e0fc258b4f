package dev.leti.jobs.transfer;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Picks, among candidate few-shot models, the one that predicts the measured archs best when each is left out in
 * turn (leave-one-out RMSE in log space). Only the shots are used, so the choice is honest: the archs it is later
 * judged on play no part.
 */
public final class FewShotSelection {
  /** The chosen model, its leave-one-out RMSE (log space) and its fit on all the shots. */
  public record Choice(FewShotModel model, double looRmse, IntToDoubleFunction predictLog) {}

  private FewShotSelection() {}

  /** Leave-one-out RMSE of {@code model} on the shots; needs at least two shots. */
  public static double leaveOneOutRmse(FewShotModel model, int[] shots, double[] targetLog) {
    if (shots.length < 2) {
      throw new IllegalArgumentException("leave-one-out needs at least 2 shots, got " + shots.length);
    }
    double se = 0;
    for (int out = 0; out < shots.length; out++) {
      int[] rest = new int[shots.length - 1];
      double[] restY = new double[shots.length - 1];
      for (int i = 0, j = 0; i < shots.length; i++) {
        if (i != out) {
          rest[j] = shots[i];
          restY[j++] = targetLog[i];
        }
      }
      double err;
      try {
        err = model.fit(rest, restY).applyAsDouble(shots[out]) - targetLog[out];
      } catch (IllegalArgumentException singular) {
        return Double.POSITIVE_INFINITY; // cannot be fitted on these archs: never the choice
      }
      se += err * err;
    }
    return Math.sqrt(se / shots.length);
  }

  /** A candidate with its leave-one-out RMSE (log space). */
  public record Scored(FewShotModel model, double looRmse) {}

  /** The best candidate by leave-one-out RMSE, fitted on all the shots; ties keep the earlier candidate. */
  public static Choice choose(List<? extends FewShotModel> candidates, int[] shots, double[] targetLog) {
    Scored best = rank(candidates, shots, targetLog).get(0);
    return new Choice(best.model(), best.looRmse(), best.model().fit(shots, targetLog));
  }

  /** Candidates ordered from best to worst leave-one-out RMSE (stable: ties keep their order). */
  public static List<Scored> rank(List<? extends FewShotModel> candidates, int[] shots, double[] targetLog) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidate models to choose from");
    }
    return candidates.stream().map(m -> new Scored(m, leaveOneOutRmse(m, shots, targetLog)))
        .sorted(java.util.Comparator.comparingDouble(Scored::looRmse)).toList();
  }
}
