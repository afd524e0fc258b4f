package dev.leti.features.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101CellJson;
import dev.leti.features.nb101.Nb101Network;
import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Network;
import dev.leti.features.net.Layer;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.Network;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flatbuffer an export writes, read back byte by byte. */
class TfliteExporterTest {
  /** README's Inception-like cell: convs, a maxpool, an input->output projection, a 4-way concat. */
  static final Nb101Cell INCEPTION = cell("{\"matrix\": [[0,1,1,1,0,1,0], [0,0,0,0,0,0,1], [0,0,0,0,0,0,1],"
      + " [0,0,0,0,1,0,0], [0,0,0,0,0,0,1], [0,0,0,0,0,0,1], [0,0,0,0,0,0,0]], \"ops\": [\"input\","
      + " \"conv1x1-bn-relu\", \"conv3x3-bn-relu\", \"conv3x3-bn-relu\", \"conv3x3-bn-relu\", \"maxpool3x3\","
      + " \"output\"]}");
  private static final Map<LayerKind, TfliteOp> OP_OF = new EnumMap<>(Map.of(
      LayerKind.CONV, TfliteOp.CONV_2D, LayerKind.RELU, TfliteOp.RELU, LayerKind.MAX_POOL, TfliteOp.MAX_POOL_2D,
      LayerKind.AVG_POOL, TfliteOp.AVERAGE_POOL_2D, LayerKind.ADD, TfliteOp.ADD, LayerKind.CONCAT,
      TfliteOp.CONCATENATION, LayerKind.SLICE, TfliteOp.SLICE, LayerKind.GLOBAL_AVG_POOL, TfliteOp.AVERAGE_POOL_2D,
      LayerKind.DENSE, TfliteOp.FULLY_CONNECTED, LayerKind.BATCH_NORM, TfliteOp.DEPTHWISE_CONV_2D));

  @Test
  void headerSubgraphAndInputOutputFollowTheSchema() {
    Network net = Nb101Network.build(INCEPTION, 16);
    TfliteFile f = new TfliteFile(TfliteExporter.toBytes(net, ExportOptions.DEFAULT));
    assertThat(f.identifier).isEqualTo("TFL3");
    assertThat(f.version).isEqualTo(3);
    assertThat(f.subgraphCount).isEqualTo(1);
    assertThat(f.buffers.get(0)).as("buffer 0 is the empty sentinel").isEqualTo(new TfliteFile.Buffer(0, 0));
    assertThat(f.inputs).hasSize(1);
    assertThat(f.tensors.get(f.inputs[0]).shape()).containsExactly(1, 32, 32, 3);
    assertThat(f.tensors.get(f.inputs[0]).type()).isEqualTo(TfliteSchema.FLOAT32);
    assertThat(f.outputs).hasSize(1);
    assertThat(f.tensors.get(f.outputs[0]).shape()).containsExactly(1, 10);
    assertThat(f.description).isEqualTo("leti nb101 seed=1 weights=fp32");
    for (TfliteFile.OperatorCode code : f.operatorCodes) {
      assertThat(code.deprecatedCode()).as("old and new builtin code fields agree").isEqualTo(code.code());
    }
  }

  @Test
  void oneOperatorPerLayerOfTheMatchingKindWithTheLayersShape() {
    for (Network net : List.of(Nb101Network.build(INCEPTION, 16), Nb201Network.build(ZERO_NODE, 10, 32, 4))) {
      TfliteFile f = new TfliteFile(TfliteExporter.toBytes(net, ExportOptions.DEFAULT));
      Map<String, TfliteFile.Tensor> byName = new HashMap<>();
      f.tensors.forEach(t -> byName.put(t.name(), t));
      Map<Integer, Integer> expected = new HashMap<>();
      for (Layer l : net.layers()) {
        if (l.kind() != LayerKind.INPUT && l.kind() != LayerKind.ZERO) {
          expected.merge(OP_OF.get(l.kind()).code, 1, Integer::sum);
        }
        TfliteFile.Tensor t = byName.get(l.name());
        assertThat(t).as("tensor of %s", l.name()).isNotNull();
        int[] shape = l.kind() == LayerKind.DENSE ? new int[] {1, l.output().channels()}
            : new int[] {1, l.output().height(), l.output().width(), l.output().channels()};
        assertThat(t.shape()).as("shape of %s", l.name()).containsExactly(shape);
        assertThat(t.buffer() != 0).as("only a zero node holds data: %s", l.name())
            .isEqualTo(l.kind() == LayerKind.ZERO);
      }
      Map<Integer, Integer> actual = new HashMap<>();
      f.operators.forEach(op -> actual.merge(f.code(op), 1, Integer::sum));
      assertThat(actual).as(net.space() + " operator codes and counts").isEqualTo(expected);
    }
  }

  @Test
  void convWeightsAreFoldedWithTheirBatchNormAndEveryBufferIsAlignedAndSized() {
    Network net = Nb101Network.build(INCEPTION, 16);
    TfliteFile f = new TfliteFile(TfliteExporter.toBytes(net, ExportOptions.DEFAULT));
    Layer stem = net.layer(1);
    ConvParams p = new SeededWeights(net, ExportOptions.DEFAULT_SEED).conv(stem);
    TfliteFile.Tensor w = tensorNamed(f, stem.name() + "/weights");
    assertThat(w.shape()).containsExactly(16, 3, 3, 3);
    assertThat(floats(f, w)).containsExactly(p.foldedWeights());
    assertThat(floats(f, tensorNamed(f, stem.name() + "/bias"))).containsExactly(p.batchNorm().shift());
    for (TfliteFile.Tensor t : f.tensors) {
      if (t.buffer() == 0) {
        continue;
      }
      TfliteFile.Buffer b = f.buffers.get(t.buffer());
      long elements = 1;
      for (int d : t.shape()) {
        elements *= d;
      }
      int elementSize = t.type() == TfliteSchema.FLOAT16 ? 2 : 4;
      assertThat(b.length()).as("bytes of %s", t.name()).isEqualTo(elements * elementSize);
      assertThat(b.position() % 16).as("alignment of %s", t.name()).isZero();
    }
  }

  @Test
  void float16StoresHalfWeightsEachDequantizedBeforeUse() {
    Network net = Nb101Network.build(INCEPTION, 16);
    byte[] fp32 = TfliteExporter.toBytes(net, ExportOptions.DEFAULT);
    byte[] fp16 = TfliteExporter.toBytes(net, ExportOptions.DEFAULT.withPrecision(WeightPrecision.FP16));
    TfliteFile f = new TfliteFile(fp16);
    long halfTensors = f.tensors.stream().filter(t -> t.type() == TfliteSchema.FLOAT16).count();
    long dequantize = f.operators.stream().filter(op -> f.code(op) == TfliteOp.DEQUANTIZE.code).count();
    assertThat(halfTensors).isPositive().isEqualTo(dequantize);
    assertThat(f.operatorCodes).filteredOn(c -> c.code() == TfliteOp.DEQUANTIZE.code)
        .extracting(TfliteFile.OperatorCode::version).containsExactly(3);
    assertThat(f.operators.size() - dequantize).isEqualTo(new TfliteFile(fp32).operators.size());
    Network full = Nb101Network.build(INCEPTION);
    double ratio = (double) TfliteExporter.export(full, ExportOptions.DEFAULT.withPrecision(WeightPrecision.FP16))
        .remaining() / TfliteExporter.export(full, ExportOptions.DEFAULT).remaining();
    assertThat(ratio).as("size ratio fp16/fp32 at full width, where weights dominate").isBetween(0.49, 0.52);
    assertThat(f.tensors.stream().filter(t -> t.type() == TfliteSchema.FLOAT32 && t.buffer() != 0))
        .as("no float32 weights left").isEmpty();
  }

  @Test
  void sameNetworkAndSeedGiveTheSameBytesAndAnotherSeedOtherWeights() {
    Network net = Nb101Network.build(INCEPTION);
    byte[] a = TfliteExporter.toBytes(net, ExportOptions.DEFAULT);
    byte[] b = TfliteExporter.toBytes(Nb101Network.build(INCEPTION), ExportOptions.DEFAULT);
    byte[] other = TfliteExporter.toBytes(net, new ExportOptions(2, WeightPrecision.FP32));
    assertThat(a).isEqualTo(b);
    assertThat(other).hasSameSizeAs(a).isNotEqualTo(a);
    assertThat(a.length).as("full-width model holds its float32 weights")
        .isGreaterThan((int) (4 * (net.params() - batchNormParams(net))));
  }

  /** Node 1 all 'none' is a zero node that still feeds a conv and a pool. */
  static final Nb201Arch ZERO_NODE =
      Nb201Arch.parse("|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|avg_pool_3x3~0|nor_conv_3x3~1|skip_connect~2|");

  private static Nb101Cell cell(String json) {
    try {
      return Nb101CellJson.parse(new ObjectMapper().readTree(json));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long batchNormParams(Network net) {
    return net.layers().stream().filter(Layer::batchNorm).mapToLong(l -> 2L * l.output().channels()).sum();
  }

  private static TfliteFile.Tensor tensorNamed(TfliteFile f, String name) {
    return f.tensors.stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow();
  }

  private static float[] floats(TfliteFile f, TfliteFile.Tensor t) {
    TfliteFile.Buffer b = f.buffers.get(t.buffer());
    float[] out = new float[b.length() / 4];
    ByteBuffer data = f.bb.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    data.position(b.position());
    data.asFloatBuffer().get(out);
    return out;
  }
}
