package dev.leti.features.nb201;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Nb201EncodingTest {
  /** Edge 0 feeds node 1, which feeds nothing; node 2 has no input; only 0 -> 3 reaches the output. */
  private static final Nb201Arch DEAD_ENDS =
      Nb201Arch.parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|");

  @Test
  void anEdgeIsLiveOnlyOnAPathFromInputToOutput() {
    assertThat(Nb201Encoding.liveEdges(DEAD_ENDS)).containsExactly(false, false, false, true, false, false);
    Nb201Arch chain = Nb201Arch.parse("|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|none~0|none~1|skip_connect~2|");
    assertThat(Nb201Encoding.liveEdges(chain)).containsExactly(true, false, true, false, false, true);
    Nb201Arch cut = Nb201Arch.parse("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_1x1~2|");
    assertThat(Nb201Encoding.liveEdges(cut)).as("no path from input to output: nothing is live").containsOnly(false);
  }

  @Test
  void allEdgesViewCountsDeadEdgesTooAndLiveViewIsItsFirstPart() {
    double[] all = Nb201Encoding.of(DEAD_ENDS);
    assertThat(all).hasSize(Nb201Encoding.LENGTH).hasSize(74);
    double[] liveOneHot = Arrays.copyOfRange(all, 0, 30);
    assertThat(liveOneHot[3 * 5 + Nb201Op.SKIP_CONNECT.index()]).isEqualTo(1);
    assertThat(Arrays.stream(liveOneHot).sum()).as("one live edge").isEqualTo(1);
    // live counts per op (none, skip, 1x1, 3x3, pool), connected, inputs of nodes 1..3
    assertThat(Arrays.copyOfRange(all, 30, 39)).containsExactly(0, 1, 0, 0, 0, 1, 1, 0, 2);
    double[] oneHot = Arrays.copyOfRange(all, 39, 69);
    assertThat(oneHot[0 * 5 + Nb201Op.NOR_CONV_3X3.index()]).isEqualTo(1);
    assertThat(oneHot[5 * 5 + Nb201Op.NOR_CONV_1X1.index()]).isEqualTo(1);
    assertThat(Arrays.stream(oneHot).sum()).as("one op per edge").isEqualTo(6);
    assertThat(Arrays.copyOfRange(all, 69, 74)).as("counts of every op").containsExactly(3, 1, 1, 1, 0);
    assertThat(Nb201Encoding.of(DEAD_ENDS, Nb201Encoding.View.LIVE_EDGES))
        .containsExactly(Arrays.copyOf(all, 39));
    assertThat(Nb201Encoding.of(DEAD_ENDS, Nb201Encoding.View.ALL_EDGES)).containsExactly(all);
  }
}
