package dev.leti.features.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Network;
import dev.leti.features.nb101.Nb101Op;
import dev.leti.features.nb101.Nb101Space;
import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Network;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.Network;
import dev.leti.features.net.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported models in a real TFLite runtime (DJL's engine): each loads and returns [1, 10]; narrow networks
 * compute what the reference forward pass computes, within 1e-4 of the output's scale, max(1, max |y|).
 *
 * <p>The scale is needed because seeded weights are not trained: sums of branches grow from module to module
 * (an all-skip NAS-Bench-201 net multiplies by 4 per cell, to about 1e9), and float32 keeps about 7 digits. A wrong
 * op, padding or channel order changes outputs far beyond that; float32 rounding stays below 1e-5 of it.
 */
class TfliteRuntimeTest {
  /** Narrow enough that the pure-Java reference takes milliseconds, wide enough for uneven channel splits. */
  private static final int STEM = 8;
  private static final double TOLERANCE = 1e-4;
  private static final ExportOptions FP32 = new ExportOptions(42, WeightPrecision.FP32);
  private static final ExportOptions FP16 = FP32.withPrecision(WeightPrecision.FP16);

  private static final Map<String, Nb101Cell> NB101 = new LinkedHashMap<>();

  @TempDir static Path dir;

  /** Cells picked from a seeded sample for the cases an export can get wrong, then a few plain random ones. */
  @BeforeAll
  static void pickCells() {
    List<Nb101Cell> sample = Nb101Space.sample(3000, 11);
    NB101.put("2-vertex", Nb101Cell.of(new int[][] {{0, 1}, {0, 0}}, List.of("input", "output")));
    pick("truncation", sample, c -> hasLayer(Nb101Network.build(c, STEM), LayerKind.SLICE));
    pick("input->output edge and concat", sample, c -> c.vertices() > 3 && c.hasEdge(0, c.vertices() - 1)
        && hasLayer(Nb101Network.build(c, STEM), LayerKind.CONCAT));
    pick("maxpool only", sample, c -> c.vertices() > 3 && interiorOpsAre(c, Nb101Op.MAXPOOL3X3));
    pick("maxpool only, input->output edge", sample,
        c -> c.vertices() > 2 && c.hasEdge(0, c.vertices() - 1) && interiorOpsAre(c, Nb101Op.MAXPOOL3X3));
    pick("7 vertices, 9 edges", sample, c -> c.vertices() == 7 && c.edges() == 9);
    for (int i = 0; i < 4; i++) {
      NB101.put("random " + i, sample.get(i));
    }
  }

  @Test
  void narrowNb101NetworksComputeTheReferenceOutput() throws Exception {
    assertThat(NB101).as("every case found in the sample").hasSize(10);
    for (Map.Entry<String, Nb101Cell> e : NB101.entrySet()) {
      Network net = Nb101Network.build(e.getValue(), STEM);
      assertMatchesReference(e.getKey() + " " + e.getValue(), net, FP32);
    }
  }

  @Test
  void float16WeightsComputeTheReferenceOutputOfRoundedWeights() throws Exception {
    for (String name : List.of("truncation", "input->output edge and concat")) {
      assertMatchesReference(name + " fp16", Nb101Network.build(NB101.get(name), STEM), FP16);
    }
    assertMatchesReference("nb201 #0 fp16", Nb201Network.build(Nb201Index.arch(0), 10, 32, 4), FP16);
  }

  @Test
  void narrowNb201NetworksComputeTheReferenceOutput() throws Exception {
    Map<String, Nb201Arch> archs = new LinkedHashMap<>();
    archs.put("index 0 (pool, conv, skip)", Nb201Index.arch(0));
    archs.put("all none: every cell output is zero",
        Nb201Arch.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
    archs.put("all skip", Nb201Arch.parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"));
    archs.put("zero node feeding convs and a pool",
        Nb201Arch.parse("|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|avg_pool_3x3~0|nor_conv_3x3~1|skip_connect~2|"));
    archs.put("index 9 (none edges, zero-free)", Nb201Index.arch(9));
    for (Map.Entry<String, Nb201Arch> e : archs.entrySet()) {
      assertMatchesReference(e.getKey(), Nb201Network.build(e.getValue(), 10, 32, 4), FP32);
    }
  }

  @Test
  void fullSizeModelsLoadAndReturnTenOutputs() throws Exception {
    List<Network> nets = new ArrayList<>();
    nets.add(Nb101Network.build(NB101.get("2-vertex")));
    nets.add(Nb101Network.build(NB101.get("truncation")));
    nets.add(Nb201Network.build(Nb201Index.arch(0), 10));
    int i = 0;
    for (Network net : nets) {
      for (ExportOptions options : List.of(FP32, FP16)) {
        Path file = dir.resolve("full" + i++ + ".tflite");
        TfliteExporter.write(net, options, file);
        DjlTflite.Output out = DjlTflite.run(file, input(net.input().output()), 32, 32, 3);
        assertThat(out.shape()).as("%s %s output shape", net.space(), options).containsExactly(1, 10);
        for (float v : out.values()) {
          assertThat(Float.isFinite(v)).as("finite output").isTrue();
        }
      }
    }
  }

  private static void assertMatchesReference(String name, Network net, ExportOptions options) throws Exception {
    Shape in = net.input().output();
    Path file = dir.resolve(Integer.toHexString(name.hashCode()) + "-" + options.precision().label() + ".tflite");
    TfliteExporter.write(net, options, file);
    float[] x = input(in);
    DjlTflite.Output out = DjlTflite.run(file, x, in.height(), in.width(), in.channels());
    double[] expected = new ReferenceForward(net, options).run(x);
    assertThat(out.shape()).as(name + ": output shape").containsExactly(1, 10);
    double scale = 1;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) out.values()[i]).as("%s: output %d (reference scale %.3g)", name, i, scale)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(TOLERANCE * scale));
    }
  }

  /** A fixed input in [-1, 1): the same for the runtime and the reference. */
  private static float[] input(Shape s) {
    return new SplitMix64(2024).uniform((int) s.elements(), -1f, 1f);
  }

  private static void pick(String name, List<Nb101Cell> sample, Predicate<Nb101Cell> wanted) {
    sample.stream().filter(wanted).filter(c -> !NB101.containsValue(c)).findFirst()
        .ifPresent(c -> NB101.put(name, c));
  }

  private static boolean hasLayer(Network net, LayerKind kind) {
    return net.layers().stream().anyMatch(l -> l.kind() == kind);
  }

  private static boolean interiorOpsAre(Nb101Cell cell, Nb101Op op) {
    for (int v = 1; v < cell.vertices() - 1; v++) {
      if (cell.op(v) != op) {
        return false;
      }
    }
    return true;
  }
}
