package dev.leti.features.nb101;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.features.FeatureSchema;
import org.junit.jupiter.api.Test;

class Nb101FeaturesTest {
  private static final FeatureSchema S = Nb101Features.SCHEMA;

  private static long get(long[] row, String name) {
    return row[S.indexOf(name)];
  }

  @Test
  void schemaHasOneDocumentedColumnPerValue() {
    assertThat(S.size()).isEqualTo(22 + 21 + 15 + 6);
    assertThat(S.columns()).allSatisfy(c -> assertThat(c.description()).isNotBlank());
    assertThat(Nb101Features.compute(Nb101TestCells.twoVertex())).hasSize(S.size());
  }

  @Test
  void inceptionCellFeatures() {
    long[] f = Nb101Features.compute(Nb101TestCells.inception());
    assertThat(get(f, "params")).isEqualTo(2_694_282);
    assertThat(get(f, "macs")).isEqualTo(402_002_954L);
    assertThat(get(f, "macs_stack0") + get(f, "macs_stack1") + get(f, "macs_stack2"))
        .as("stacks hold all MACs but the stem's and the dense layer's")
        .isEqualTo(402_002_954L - 3L * 3 * 3 * 128 * 32 * 32 - (512 * 10 + 10));
    // canonical: 1=conv3x3, 2=conv1x1, 3=maxpool, 4=conv3x3, 5=conv3x3; input feeds 1,2,3,4
    assertThat(get(f, "n_conv3x3")).isEqualTo(9 * 3);
    assertThat(get(f, "n_conv1x1")).isEqualTo(9);
    assertThat(get(f, "n_maxpool")).isEqualTo(9);
    assertThat(get(f, "n_projection")).isEqualTo(9 * 4);
    assertThat(get(f, "n_concat")).isEqualTo(9);
    assertThat(get(f, "n_add")).isZero();
    assertThat(get(f, "n_truncation")).isZero();
    // stem + 9 modules x (4 projections + 5 ops + concat) + 2 downsamples + pool + dense
    assertThat(get(f, "kernels")).isEqualTo(1 + 9 * 10 + 2 + 2);
    // stem, then per module projection -> conv3x3 (v4) -> conv3x3 (v5) -> concat, then 2 downsamples, pool, dense
    assertThat(get(f, "critical_path")).isEqualTo(1 + 9 * 4 + 2 + 2);
    assertThat(get(f, "num_vertices")).isEqualTo(7);
    assertThat(get(f, "num_edges")).isEqualTo(9);
    assertThat(get(f, "longest_path")).isEqualTo(3);
    assertThat(get(f, "input_fanout")).isEqualTo(4);
    assertThat(get(f, "output_fanin")).isEqualTo(4);
    assertThat(get(f, "input_output_edge")).isZero();
    assertThat(get(f, "adj_0_1") + get(f, "adj_4_5") + get(f, "adj_5_6")).isEqualTo(3);
    assertThat(get(f, "op1_conv3x3") + get(f, "op2_conv1x1") + get(f, "op3_maxpool")).isEqualTo(3);
    for (int s = 0; s < 3; s++) {
      assertThat(get(f, "macs_conv3x3_stack" + s) + get(f, "macs_conv1x1_stack" + s))
          .as("stack %d: its 3x3 and 1x1 convs are all its MACs", s).isEqualTo(get(f, "macs_stack" + s));
    }
    // stack 0: 3 modules x 3 conv3x3 ops, each 32 -> 32 channels (128 split over 4 output feeders) at 32x32
    assertThat(get(f, "macs_conv3x3_stack0")).isEqualTo(3L * 3 * 9 * 32 * 32 * 32 * 32);
  }

  @Test
  void smallCellsArePaddedWithTheOutputAtVertexSix() {
    long[] f = Nb101Features.compute(Nb101TestCells.twoVertex());
    assertThat(get(f, "adj_0_6")).isEqualTo(1);
    assertThat(get(f, "adj_0_1")).isZero();
    for (int v = 1; v <= 5; v++) {
      for (String op : new String[] {"conv3x3", "conv1x1", "maxpool"}) {
        assertThat(get(f, "op" + v + "_" + op)).isZero();
      }
    }
    long edges = S.names().stream().filter(n -> n.startsWith("adj_")).mapToLong(n -> get(f, n)).sum();
    assertThat(edges).isEqualTo(1);
    assertThat(get(f, "kernels")).as("stem, 9 projections, 2 pools, global pool, dense").isEqualTo(14);
    assertThat(get(f, "mem_write_bytes")).isEqualTo(4L * (32 * 32 * 128 * 4 + 16 * 16 * 128 + 16 * 16 * 256 * 3
        + 8 * 8 * 256 + 8 * 8 * 512 * 3 + 512 + 10));
  }

  @Test
  void cellsAreReadFromJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Nb101Cell c = Nb101CellJson.parse(json.readTree(
        "{\"matrix\":[[0,1],[0,0]],\"ops\":[\"input\",\"output\"],\"note\":\"extra keys are ignored\"}"));
    assertThat(c).isEqualTo(Nb101TestCells.twoVertex());
    assertThat(Nb101CellJson.parse(json.readTree(c.toString()))).isEqualTo(c);
    assertThatThrownBy(() -> Nb101CellJson.parse(json.readTree("[1]"))).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> Nb101CellJson.parse(json.readTree("{\"ops\":[]}"))).hasMessageContaining("'matrix'");
    assertThatThrownBy(() -> Nb101CellJson.parse(json.readTree("{\"matrix\":[[0,\"a\"],[0,0]],\"ops\":[\"input\",\"output\"]}")))
        .hasMessageContaining("matrix[0][1] = \"a\" is not 0 or 1");
    assertThatThrownBy(() -> Nb101CellJson.parse(json.readTree("{\"matrix\":[[0,1],[0,0]],\"ops\":[\"input\",3]}")))
        .hasMessageContaining("ops[1] = 3 is not a string");
  }
}
