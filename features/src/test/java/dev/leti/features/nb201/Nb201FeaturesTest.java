package dev.leti.features.nb201;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.features.FeatureSchema;
import dev.leti.features.net.Network;
import dev.leti.features.net.NetworkStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class Nb201FeaturesTest {
  private static final FeatureSchema S = Nb201Features.SCHEMA;
  private static final String README =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

  private static long f(long[] row, String name) {
    return row[S.indexOf(name)];
  }

  private static long[] features(String arch) {
    return Nb201Features.compute(Nb201Arch.parse(arch));
  }

  @Test
  void schemaColumns() {
    assertThat(S.size()).isEqualTo(17 + 30);
    assertThat(S.names().subList(0, 17)).containsExactly("params", "flops", "macs_stage0", "macs_stage1",
        "macs_stage2", "mem_read_bytes", "mem_write_bytes", "kernels", "critical_path", "n_none", "n_skip",
        "n_conv1x1", "n_conv3x3", "n_avgpool", "n_edges", "connected", "longest_path");
    assertThat(S.names().subList(17, 22)).containsExactly("e0_none", "e0_skip_connect", "e0_nor_conv_1x1",
        "e0_nor_conv_3x3", "e0_avg_pool_3x3");
    assertThat(S.names().get(46)).isEqualTo("e5_avg_pool_3x3");
    assertThat(S.columns()).allSatisfy(c -> {
      assertThat(c.name()).matches("[a-z0-9_]+");
      assertThat(c.description()).isNotBlank();
    });
    assertThat(S.columns().get(S.indexOf("e2_avg_pool_3x3")).description()).contains("node 1 -> node 2");
  }

  @Test
  void readmeArchOnCifar10() {
    long[] row = features(README);
    assertThat(row).hasSize(S.size());
    // 73,306 skeleton + 3 conv3x3 edges x 5 cells x (2,336 + 9,280 + 36,992).
    assertThat(f(row, "params")).isEqualTo(73_306 + 3 * 5 * (2_336 + 9_280 + 36_992));
    // 7,783,050 skeleton + 3 conv3x3 edges x 15 cells x 9 x 262,144 (C^2 * H * W is the same in every stage).
    assertThat(f(row, "flops")).isEqualTo(7_783_050L + 3L * 15 * 9 * 262_144);
    // Per cell: node 1 relu+conv, node 2 relu+conv+pool+add, node 3 relu+conv+add+add; stem 1, blocks 2 x 7, head 3.
    assertThat(f(row, "kernels")).isEqualTo(15 * 10 + 1 + 14 + 3);
    assertThat(new long[] {f(row, "n_none"), f(row, "n_skip"), f(row, "n_conv1x1"), f(row, "n_conv3x3"),
        f(row, "n_avgpool"), f(row, "n_edges"), f(row, "connected"), f(row, "longest_path")})
        .containsExactly(0, 2, 0, 3, 1, 6, 1, 3);
  }

  @Test
  void totalsComeFromTheBuiltNetwork() {
    for (int index : new int[] {0, 1, 9, 123, 15_624}) {
      Nb201Arch arch = Nb201Index.arch(index);
      long[] row = Nb201Features.compute(arch);
      Network net = Nb201Network.build(arch, Nb201Dataset.CIFAR10);
      NetworkStats stats = NetworkStats.of(net, 3);
      assertThat(new long[] {f(row, "params"), f(row, "flops"), f(row, "mem_read_bytes"),
          f(row, "mem_write_bytes"), f(row, "kernels"), f(row, "critical_path")})
          .as("index %d", index)
          .containsExactly(net.params(), net.macs(), stats.readBytes(), stats.writeBytes(), stats.kernels(),
              stats.criticalPath());
      // Stages hold everything but the stem conv (27*16*32*32) and the classifier (64*10+10).
      assertThat(f(row, "macs_stage0") + f(row, "macs_stage1") + f(row, "macs_stage2"))
          .isEqualTo(f(row, "flops") - 442_368 - 650);
    }
  }

  @Test
  void stageMacsIncludeTheReductionBlock() {
    long[] row = features("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
    assertThat(f(row, "macs_stage0")).isZero();
    assertThat(f(row, "macs_stage1")).isEqualTo((9L * 16 * 32 + 9L * 32 * 32 + 16L * 32) * 16 * 16);
    assertThat(f(row, "macs_stage2")).isEqualTo((9L * 32 * 64 + 9L * 64 * 64 + 32L * 64) * 8 * 8);
    assertThat(f(row, "kernels")).as("45 zero layers + stem + 2 blocks + head").isEqualTo(45 + 1 + 14 + 3);
  }

  @Test
  void connectivityNeedsAPathNotJustEdges() {
    // Two non-none edges, but node 1 has no input, so nothing reaches node 3.
    long[] cut = features("|none~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|");
    assertThat(new long[] {f(cut, "n_edges"), f(cut, "connected"), f(cut, "longest_path")})
        .containsExactly(2, 0, 0);
    long[] direct = features("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|none~2|");
    assertThat(new long[] {f(direct, "n_edges"), f(direct, "connected"), f(direct, "longest_path")})
        .containsExactly(4, 1, 1);
    long[] viaNode2 = features("|none~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|");
    assertThat(new long[] {f(viaNode2, "connected"), f(viaNode2, "longest_path")}).containsExactly(1, 2);
  }

  @Test
  void longestPathOverTheWholeSpace() {
    int[] histogram = new int[4];
    for (int code = 0; code < Nb201Arch.SPACE_SIZE; code++) {
      histogram[Nb201Features.longestPath(Nb201Arch.fromCode(code))]++;
    }
    // Each edge is non-none with 4 of 5 ops. Path 0->1->2->3: 4^3 * 5^3 archs have length 3.
    assertThat(histogram[3]).isEqualTo(64 * 125);
    assertThat(histogram[0] + histogram[1] + histogram[2] + histogram[3]).isEqualTo(15_625);
    // Disconnected: check_valid is false; counted directly by brute force over the edges.
    int disconnected = 0;
    for (int code = 0; code < Nb201Arch.SPACE_SIZE; code++) {
      Nb201Arch a = Nb201Arch.fromCode(code);
      boolean n1 = a.op(0, 1) != Nb201Op.NONE;
      boolean n2 = a.op(0, 2) != Nb201Op.NONE || (n1 && a.op(1, 2) != Nb201Op.NONE);
      boolean n3 = a.op(0, 3) != Nb201Op.NONE || (n1 && a.op(1, 3) != Nb201Op.NONE)
          || (n2 && a.op(2, 3) != Nb201Op.NONE);
      disconnected += n3 ? 0 : 1;
    }
    assertThat(histogram[0]).isEqualTo(disconnected);
  }

  @Test
  void oneHotEncodesEachEdge() {
    Nb201Arch arch = Nb201Index.arch(123);
    long[] row = Nb201Features.compute(arch);
    List<Nb201Op> ops = arch.ops();
    for (int e = 0; e < Nb201Arch.EDGES; e++) {
      for (Nb201Op op : Nb201Op.values()) {
        assertThat(f(row, Nb201Features.oneHotName(e, op))).as("e%d %s", e, op).isEqualTo(ops.get(e) == op ? 1 : 0);
      }
    }
    assertThat(f(row, "e1_avg_pool_3x3")).isEqualTo(1);
    assertThat(f(row, "e3_none")).isEqualTo(1);
    assertThat(f(row, "e5_nor_conv_3x3")).isEqualTo(1);
  }

  @Test
  void datasetChangesOnlyTheNetworkTotals() {
    Nb201Arch arch = Nb201Arch.parse(README);
    long[] cifar = Nb201Features.compute(arch);
    long[] imagenet = Nb201Features.compute(arch, Nb201Dataset.IMAGENET16_120);
    assertThat(f(imagenet, "params") - f(cifar, "params")).isEqualTo(110L * 64 + 110);
    assertThat(f(imagenet, "macs_stage0")).isEqualTo(f(cifar, "macs_stage0") / 4);
    int first = S.indexOf("n_none");
    for (int i = first; i < S.size(); i++) {
      assertThat(imagenet[i]).as(S.names().get(i)).isEqualTo(cifar[i]);
    }
  }
}
