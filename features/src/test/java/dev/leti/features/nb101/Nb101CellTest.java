package dev.leti.features.nb101;

import static dev.leti.features.nb101.Nb101TestCells.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leti.features.SharedData;
import dev.leti.features.nb101.InvalidCellException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Nb101CellTest {
  private static final JsonNode VECTORS = SharedData.json("datasets/nasbench101/vectors.json");

  @Test
  void everyPublishedHashIsReproduced() {
    int checked = 0;
    for (JsonNode v : VECTORS) {
      if (!v.get("hash").isNull()) {
        assertThat(cell(v).hash()).as(v.get("source").asText()).isEqualTo(v.get("hash").asText());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(1002);
  }

  @Test
  void everyPublishedParameterCountIsReproduced() {
    int checked = 0;
    for (JsonNode v : VECTORS) {
      long params = Nb101Network.build(cell(v)).params();
      if (v.hasNonNull("trainable_parameters")) {
        assertThat(params).as(v.toString()).isEqualTo(v.get("trainable_parameters").asLong());
        checked++;
      } else if (v.hasNonNull("parameters_millions")) {
        assertThat(params / 1e6).as("NNI stores millions").isEqualTo(v.get("parameters_millions").asDouble());
      }
    }
    assertThat(checked).isEqualTo(1003);
  }

  @Test
  void storedCellsAreAlreadyCanonical() {
    int checked = 0;
    for (JsonNode v : VECTORS) {
      if (v.get("source").asText().startsWith("tiga1231/nasbench-vis")) {
        Nb101Cell c = cell(v);
        assertThat(c.matrix()).as("stored form of " + v.get("hash")).isEqualTo(Nb101TestCells.matrix(v.get("adjacency")));
        assertThat(c.ops()).isEqualTo(Nb101TestCells.ops(v.get("ops")));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(1000);
  }

  @Test
  void queriedInceptionCellIsStoredInItsCanonicalOrder() {
    Nb101Cell c = Nb101TestCells.inception();
    assertThat(c.matrix()).isEqualTo(new int[][] {
        {0, 1, 1, 1, 1, 0, 0},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 1, 0},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 0}});
    assertThat(c.ops()).containsExactly("input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3",
        "conv3x3-bn-relu", "conv3x3-bn-relu", "output");
    assertThat(c.hash()).isEqualTo("28cfc7874f6d200472e1a9dcd8650aa0");
  }

  @Test
  void twoVertexCellIsValidAndHashesAsPublished() {
    assertThat(Nb101TestCells.twoVertex().hash()).isEqualTo("043721b9c7fe8c5fad811d47d83132ec");
    assertThat(Nb101Network.build(Nb101TestCells.twoVertex()).params()).isEqualTo(882_570);
  }

  @Test
  void randomRelabellingsGiveTheSameCellHashAndNetwork() {
    Random random = new Random(7);
    List<JsonNode> vectors = new ArrayList<>();
    VECTORS.forEach(vectors::add);
    for (int trial = 0; trial < 1000; trial++) {
      JsonNode v = vectors.get(random.nextInt(vectors.size()));
      int[][] m = Nb101TestCells.matrix(v.get("adjacency"));
      List<String> ops = Nb101TestCells.ops(v.get("ops"));
      Nb101Cell original = Nb101Cell.of(m, ops);
      // a random topological relabelling of the interior vertices
      int n = m.length;
      int[] perm = randomTopologicalOrder(m, random);
      int[][] pm = new int[n][n];
      List<String> pops = new ArrayList<>(Collections.nCopies(n, ""));
      for (int i = 0; i < n; i++) {
        pops.set(perm[i], ops.get(i));
        for (int j = 0; j < n; j++) {
          if (m[i][j] == 1) {
            pm[perm[i]][perm[j]] = 1;
          }
        }
      }
      Nb101Cell relabelled = Nb101Cell.of(pm, pops);
      assertThat(relabelled).as("relabelled %s", v.get("hash")).isEqualTo(original);
      assertThat(relabelled.hash()).isEqualTo(original.hash());
      assertThat(Nb101Network.build(relabelled).params()).isEqualTo(Nb101Network.build(original).params());
    }
  }

  /** perm[old] = new, for a uniformly chosen order of ready vertices (input first, output last). */
  private static int[] randomTopologicalOrder(int[][] m, Random random) {
    int n = m.length;
    int[] perm = new int[n];
    boolean[] placed = new boolean[n];
    placed[0] = true;
    for (int next = 1; next < n - 1; next++) {
      List<Integer> ready = new ArrayList<>();
      for (int v = 1; v < n - 1; v++) {
        boolean ok = !placed[v];
        for (int u = 0; u < n && ok; u++) {
          ok = m[u][v] == 0 || placed[u];
        }
        if (ok) {
          ready.add(v);
        }
      }
      int v = ready.get(random.nextInt(ready.size()));
      placed[v] = true;
      perm[v] = next;
    }
    perm[n - 1] = n - 1;
    return perm;
  }

  @Test
  void isomorphicInputsInAnotherVertexOrderBuildTheOfficialNetwork() {
    // Three parallel branches share 128 output channels as 43/43/42 by vertex order: given as-is, order (a) would
    // give the conv3x3 branch 43 channels and order (b) 42. Canonicalising first makes both the official network.
    int[][] parallel = {{0, 1, 1, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}};
    List<String> a = List.of("input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "output");
    List<String> b = List.of("input", "maxpool3x3", "conv1x1-bn-relu", "conv3x3-bn-relu", "output");
    int[] channels = Nb101Network.vertexChannels(parallel, 128, 128);
    assertThat(channels[a.indexOf("conv3x3-bn-relu")]).isNotEqualTo(channels[b.indexOf("conv3x3-bn-relu")]);
    Nb101Cell ca = Nb101Cell.of(parallel, a);
    Nb101Cell cb = Nb101Cell.of(parallel, b);
    assertThat(ca).isEqualTo(cb);
    assertThat(ca.ops()).containsExactly("input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "output");
    assertThat(Nb101Network.build(cb).params()).isEqualTo(Nb101Network.build(ca).params());
  }

  @Test
  void pruningDropsVerticesOffInputOutputPathsAndIgnoresTheirOps() {
    // vertex 2 is a dead end (no path to output), vertex 3 has no path from input: both pruned, ops unchecked
    int[][] m = {
        {0, 1, 1, 0, 0},
        {0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0},
        {0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0}};
    Nb101Cell c = Nb101Cell.of(m, List.of("input", "maxpool3x3", "not-an-op", "also-bad", "output"));
    assertThat(c.vertices()).isEqualTo(3);
    assertThat(c.ops()).containsExactly("input", "maxpool3x3", "output");
  }

  @Test
  void aMatrixWithMoreThanNineEdgesIsInTheSpaceWhenPruningBringsItDown() {
    int[][] m = new int[7][7];
    for (int i = 0; i < 6; i++) {
      for (int j = i + 1; j < 6; j++) {
        m[i][j] = 1; // 15 edges among vertices 0..5, but only vertex 5 reaches the output
      }
    }
    m[5][6] = 1;
    List<String> ops = List.of("input", "conv3x3-bn-relu", "conv3x3-bn-relu", "conv3x3-bn-relu",
        "conv3x3-bn-relu", "conv3x3-bn-relu", "output");
    assertThatThrownBy(() -> Nb101Cell.of(m, ops)).hasMessageContaining("16 edges after pruning");
    int[][] sparse = {
        {0, 1, 1, 1, 1, 1, 0},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0}};
    // 9 edges before and after pruning vertex 5 (a dead end) would still be 10 edges without pruning
    sparse[0][6] = 1;
    sparse[5][6] = 0;
    assertThat(Nb101Cell.of(sparse, ops).edges()).isEqualTo(9);
  }

  @Test
  void invalidInputsSayWhatIsWrong() {
    List<String> ops3 = List.of("input", "conv3x3-bn-relu", "output");
    int[][] chain = {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}};
    assertInvalid(null, ops3, Reason.MALFORMED, "the matrix is missing");
    assertInvalid(chain, null, Reason.MALFORMED, "the ops are missing");
    assertInvalid(new int[][] {{0}}, List.of("input"), Reason.MALFORMED, "at least the input and the output");
    assertInvalid(new int[][] {{0, 1, 0}, {0, 0}, {0, 0, 0}}, ops3, Reason.NOT_SQUARE,
        "row 1 has 2 entries, expected 3");
    assertInvalid(chain, List.of("input", "output"), Reason.OPS_LENGTH, "3 vertices but ops has 2 entries");
    assertInvalid(new int[][] {{0, 2, 0}, {0, 0, 1}, {0, 0, 0}}, ops3, Reason.NOT_ZERO_ONE, "matrix[0][1] = 2");
    assertInvalid(new int[][] {{0, 1, 0}, {0, 1, 1}, {0, 0, 0}}, ops3, Reason.NOT_UPPER_TRIANGULAR,
        "matrix[1][1] = 1 is on or below the diagonal");
    assertInvalid(new int[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}, ops3, Reason.NOT_UPPER_TRIANGULAR,
        "matrix[2][0] = 1");
    assertInvalid(new int[][] {{0, 1, 0}, {0, 0, 0}, {0, 0, 0}}, ops3, Reason.DISCONNECTED,
        "no path from the input (vertex 0) to the output (vertex 2)");
    assertInvalid(chain, List.of("input", "conv5x5", "output"), Reason.UNKNOWN_OP,
        "ops[1] = 'conv5x5' is not allowed at an interior vertex; allowed: [conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3]");
    assertInvalid(chain, List.of("input", "output", "output"), Reason.UNKNOWN_OP, "ops[1] = 'output'");
    assertInvalid(chain, List.of("conv3x3-bn-relu", "conv3x3-bn-relu", "output"), Reason.BAD_INPUT_OUTPUT,
        "ops[0] = 'conv3x3-bn-relu', expected 'input'");
    assertInvalid(chain, List.of("input", "conv3x3-bn-relu", "maxpool3x3"), Reason.BAD_INPUT_OUTPUT,
        "ops[2] = 'maxpool3x3', expected 'output'");
    int[][] eight = new int[8][8];
    List<String> ops8 = new ArrayList<>(Collections.nCopies(8, "conv3x3-bn-relu"));
    ops8.set(0, "input");
    ops8.set(7, "output");
    for (int i = 0; i < 7; i++) {
      eight[i][i + 1] = 1;
    }
    assertInvalid(eight, ops8, Reason.TOO_MANY_VERTICES, "8 vertices after pruning; NAS-Bench-101 allows at most 7");
  }

  private static void assertInvalid(int[][] m, List<String> ops, Reason reason, String message) {
    assertThatThrownBy(() -> Nb101Cell.of(m, ops))
        .isInstanceOfSatisfying(InvalidCellException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  @Test
  void theCellPrintsAsTheJsonTheCommandLineReads() {
    assertThat(Nb101TestCells.twoVertex().toString()).isEqualTo("{\"matrix\":[[0,1],[0,0]],\"ops\":[\"input\",\"output\"]}");
  }
}
