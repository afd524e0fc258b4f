package dev.leti.jobs.model;

import static dev.leti.features.nb201.Nb201Op.AVG_POOL_3X3;
import static dev.leti.features.nb201.Nb201Op.NONE;
import static dev.leti.features.nb201.Nb201Op.NOR_CONV_1X1;
import static dev.leti.features.nb201.Nb201Op.NOR_CONV_3X3;
import static dev.leti.features.nb201.Nb201Op.SKIP_CONNECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Op;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TwinCeilingTest {
  @Test
  void aTwinIsTheSameNetworkWithNodesOneAndTwoSwapped() {
    Nb201Arch a = Nb201Arch.of(NOR_CONV_3X3, SKIP_CONNECT, NONE, AVG_POOL_3X3, NOR_CONV_1X1, NONE);
    int twin = TwinCeiling.twin(Nb201Index.indexOf(a));
    assertThat(Nb201Index.arch(twin).ops())
        .containsExactly(SKIP_CONNECT, NOR_CONV_3X3, NONE, AVG_POOL_3X3, NONE, NOR_CONV_1X1);
    assertThat(TwinCeiling.twin(twin)).isEqualTo(Nb201Index.indexOf(a));
    Nb201Arch joined = Nb201Arch.of(NOR_CONV_3X3, SKIP_CONNECT, SKIP_CONNECT, AVG_POOL_3X3, NOR_CONV_1X1, NONE);
    assertThat(TwinCeiling.twin(Nb201Index.indexOf(joined))).as("an edge joins nodes 1 and 2").isEqualTo(-1);
    Nb201Arch symmetric = Nb201Arch.of(SKIP_CONNECT, SKIP_CONNECT, NONE, AVG_POOL_3X3, NOR_CONV_1X1, NOR_CONV_1X1);
    assertThat(TwinCeiling.twin(Nb201Index.indexOf(symmetric))).as("its own twin").isEqualTo(-1);
    long twins = java.util.stream.IntStream.range(0, Nb201Index.size()).filter(i -> TwinCeiling.twin(i) > i).count();
    assertThat(twins).as("5^5 archs without edge 1->2, less the 5^3 symmetric ones, in pairs").isEqualTo(1500);
  }

  @Test
  void pairsWithinCountsEveryPairOnce() {
    double[] sorted = {-0.3, -0.1, 0.0, 0.05, 0.4};
    // within 0.16: (-0.1, 0), (-0.1, 0.05), (0, 0.05)
    long brute = 0;
    for (int i = 0; i < sorted.length; i++) {
      for (int j = i + 1; j < sorted.length; j++) {
        brute += sorted[j] - sorted[i] <= 0.16 ? 1 : 0;
      }
    }
    assertThat(TwinCeiling.pairsWithin(sorted, 0.16)).isEqualTo(brute / 10.0).isEqualTo(0.3);
  }

  @Test
  void theImpliedCeilingIsThePerfectPredictorsScoreOnSyntheticMeasurements() {
    for (double sigma : new double[] {0.03, 0.06, 0.10}) {
      Random random = new Random(11);
      Map<Integer, Double> measured = new HashMap<>();
      int hits = 0;
      for (int i = 0; i < Nb201Index.size(); i++) {
        double truth = 3; // a sum of op costs: twins share it
        for (Nb201Op op : Nb201Index.arch(i).ops()) {
          truth += new double[] {0, 0.1, 1.0, 2.5, 0.7}[op.ordinal()];
        }
        double m = truth * Math.exp(sigma * random.nextGaussian());
        measured.put(i, m);
        hits += Math.abs(truth - m) <= 0.1 * m ? 1 : 0;
      }
      double perfect = hits / (double) Nb201Index.size();

      TwinCeiling.DeviceTwins t = TwinCeiling.of("synthetic", measured);

      assertThat(t.pairs()).isEqualTo(1500);
      assertThat(t.scale()).as("σ %s: normal errors give 1/√2", sigma).isCloseTo(Math.sqrt(0.5), offset(0.08));
      assertThat(t.ceiling()).as("σ %s", sigma).isCloseTo(perfect, offset(0.025));
      assertThat(t.ceiling()).as("a measurement meets the truth more often than its twin").isGreaterThan(
          t.twinsWithin10());
      assertThat(t.bound()).as("σ %s: the bound holds", sigma).isGreaterThanOrEqualTo(perfect - 0.01)
          .isGreaterThan(t.ceiling());
    }
  }
}
