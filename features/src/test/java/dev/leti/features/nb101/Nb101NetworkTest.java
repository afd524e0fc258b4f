package dev.leti.features.nb101;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.features.net.Layer;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.LayerRole;
import dev.leti.features.net.Network;
import dev.leti.features.net.Shape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Nb101NetworkTest {

  /** The official model_builder_test cases. */
  @ParameterizedTest(name = "{0} ({1}->{2})")
  @CsvSource(delimiter = ';', value = {
      "0,1,0,0/0,0,1,0/0,0,0,1/0,0,0,0; 8; 8; 8,8,8,8",
      "0,1,0,0/0,0,1,0/0,0,0,1/0,0,0,0; 8; 16; 8,16,16,16",
      "0,1,0,0/0,0,1,0/0,0,0,1/0,0,0,0; 16; 8; 16,8,8,8",
      "0,1/0,0; 1; 5; 1,5",
      "0,1/0,0; 5; 1; 5,1",
      "0,1,1,0/0,0,0,1/0,0,0,1/0,0,0,0; 8; 8; 8,4,4,8",
      "0,1,1,0/0,0,0,1/0,0,0,1/0,0,0,0; 8; 15; 8,8,7,15",
      "0,1,1,1,0/0,0,0,0,1/0,0,0,0,1/0,0,0,0,1/0,0,0,0,0; 8; 8; 8,3,3,2,8",
      "0,1,1,1,0/0,0,0,0,1/0,0,0,0,1/0,0,0,0,1/0,0,0,0,0; 8; 15; 8,5,5,5,15",
      "0,1,0,0,0/0,0,1,1,0/0,0,0,0,1/0,0,0,0,1/0,0,0,0,0; 8; 9; 8,5,5,4,9",
      "0,1,0,1,0/0,0,1,0,1/0,0,0,1,0/0,0,0,0,1/0,0,0,0,0; 8; 15; 8,8,7,7,15"})
  void vertexChannelsFollowTheOfficialTests(String matrix, int in, int out, String expected) {
    String[] rows = matrix.split("/");
    int[][] m = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      m[i] = java.util.Arrays.stream(rows[i].split(",")).mapToInt(Integer::parseInt).toArray();
    }
    int[] want = java.util.Arrays.stream(expected.split(",")).mapToInt(Integer::parseInt).toArray();
    assertThat(Nb101Network.vertexChannels(m, in, out)).containsExactly(want);
  }

  @Test
  void inceptionCellParametersPerModuleMatchTheSpecWorkedExample() {
    Network n = Nb101Network.build(Nb101TestCells.inception());
    assertThat(n.params()).isEqualTo(2_694_282);
    assertThat(moduleParams(n, "stem")).isEqualTo(3_712);
    assertThat(moduleParams(n, "stack0/module0/")).isEqualTo(45_568);
    assertThat(moduleParams(n, "stack0/module2/")).isEqualTo(45_568);
    assertThat(moduleParams(n, "stack1/module0/")).isEqualTo(148_480);
    assertThat(moduleParams(n, "stack1/module1/")).isEqualTo(181_248);
    assertThat(moduleParams(n, "stack2/module0/")).isEqualTo(591_872);
    assertThat(moduleParams(n, "stack2/module2/")).isEqualTo(722_944);
    assertThat(moduleParams(n, "dense")).isEqualTo(5_130);
  }

  private static long moduleParams(Network n, String prefix) {
    return n.layers().stream().filter(l -> l.name().startsWith(prefix)).mapToLong(Layer::params).sum();
  }

  @Test
  void macsFollowTheSpecConvention() {
    assertThat(Nb101Network.build(Nb101TestCells.inception()).macs()).isEqualTo(402_002_954L);
    assertThat(Nb101Network.build(Nb101TestCells.twoVertex()).macs()).isEqualTo(137_761_802L);
  }

  @Test
  void theSkeletonHasTheOfficialShapes() {
    Network n = Nb101Network.build(Nb101TestCells.inception());
    assertThat(n.input().output()).isEqualTo(new Shape(32, 32, 3));
    assertThat(n.layers().stream().filter(l -> l.role() == LayerRole.REDUCTION).map(Layer::output))
        .containsExactly(new Shape(16, 16, 128), new Shape(8, 8, 256));
    assertThat(output(n, "stack0/module2/")).isEqualTo(new Shape(32, 32, 128));
    assertThat(output(n, "stack1/module2/")).isEqualTo(new Shape(16, 16, 256));
    assertThat(output(n, "stack2/module2/")).isEqualTo(new Shape(8, 8, 512));
    assertThat(n.output().kind()).isEqualTo(LayerKind.DENSE);
    assertThat(n.output().output()).isEqualTo(new Shape(1, 1, 10));
    for (Layer l : n.layers()) {
      for (int in : l.inputs()) {
        assertThat(in).as("inputs come first: %s", l).isLessThan(l.id());
      }
    }
  }

  private static Shape output(Network n, String modulePrefix) {
    Layer last = null;
    for (Layer l : n.layers()) {
      if (l.name().startsWith(modulePrefix)) {
        last = l;
      }
    }
    return last.output();
  }

  @Test
  void aModuleProjectsTheInputTruncatesWiderVerticesConcatenatesAndAddsTheDirectPath() {
    // Vertex 1 feeds vertices 2, 3 and the output: the output's 128 channels split 43/43/42, so vertex 1 (43) is
    // truncated to 42 on its way into vertex 3. The input feeds vertex 1 and the output directly.
    int[][] m = {
        {0, 1, 0, 0, 1},
        {0, 0, 1, 1, 1},
        {0, 0, 0, 0, 1},
        {0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0}};
    Nb101Cell cell = Nb101Cell.of(m, List.of("input", "conv3x3-bn-relu", "conv3x3-bn-relu", "conv1x1-bn-relu", "output"));
    assertThat(cell.matrix()).as("already canonical").isEqualTo(m);
    Network n = Nb101Network.build(cell);
    List<Layer> module = n.layers().stream().filter(l -> l.name().startsWith("stack0/module0/")).toList();
    assertThat(module.stream().filter(l -> l.kind() == LayerKind.SLICE)).singleElement()
        .satisfies(l -> assertThat(l.name()).isEqualTo("stack0/module0/v1_to_v3/truncate"))
        .satisfies(l -> assertThat(l.output().channels()).isEqualTo(42));
    assertThat(module.stream().filter(l -> l.role() == LayerRole.PROJECTION).map(l -> l.output().channels()))
        .containsExactly(43, 128);
    Layer concat = module.stream().filter(l -> l.kind() == LayerKind.CONCAT).findFirst().orElseThrow();
    assertThat(concat.output().channels()).isEqualTo(128);
    assertThat(concat.inputCount()).isEqualTo(3);
    Layer last = module.get(module.size() - 1);
    assertThat(last.kind()).isEqualTo(LayerKind.ADD);
    assertThat(last.inputs()).contains(concat.id());
  }
}
