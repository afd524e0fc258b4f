package dev.leti.features.nb201;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leti.features.net.Layer;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.LayerRole;
import dev.leti.features.net.Network;
import dev.leti.features.net.Shape;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class Nb201NetworkTest {
  private static final String README =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
  private static final String ALL_NONE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

  /** The official params in units of 1e6, as the API stores them (integer count / 1e6). */
  private static BigDecimal paramsM(long params) {
    return BigDecimal.valueOf(params, 6).setScale(6, RoundingMode.HALF_EVEN);
  }

  /** The official flops in units of 1e6, to the 5 decimals the sources print. */
  private static BigDecimal flopsM(long flops) {
    return BigDecimal.valueOf(flops, 6).setScale(5, RoundingMode.HALF_EVEN);
  }

  @Test
  void nniVectorParamsAndFlops() {
    JsonNode v = Nb201Vectors.root().path("cost_vectors").get(0);
    Nb201Dataset dataset = Nb201Dataset.fromName(v.path("dataset").asText());
    assertThat(dataset.classes()).isEqualTo(v.path("num_classes").asInt());
    Network net = Nb201Network.build(Nb201Arch.parse(v.path("arch").asText()), dataset);
    assertThat(paramsM(net.params())).isEqualByComparingTo(v.path("params_M").decimalValue());
    assertThat(flopsM(net.macs())).isEqualByComparingTo(v.path("flops_M").decimalValue());
    // The same numbers written out: index 0 on cifar100.
    assertThat(net.params()).isEqualTo(135_156);
    assertThat(flopsM(net.macs())).isEqualByComparingTo("15.65322");
  }

  @Test
  void minAndMaxOverTheSpaceMatchThePublishedTable() {
    JsonNode table = Nb201Vectors.root().path("cost_vectors").get(1);
    int checked = 0;
    for (Nb201Dataset dataset : Nb201Dataset.values()) {
      JsonNode row = table.path(dataset.officialName());
      if (row.isMissingNode()) {
        continue; // cifar10 is published as cifar10-valid, the same network
      }
      long minParams = Long.MAX_VALUE;
      long maxParams = 0;
      long minFlops = Long.MAX_VALUE;
      long maxFlops = 0;
      for (int i = 0; i < Nb201Index.size(); i++) {
        Network net = Nb201Network.build(Nb201Index.arch(i), dataset);
        minParams = Math.min(minParams, net.params());
        maxParams = Math.max(maxParams, net.params());
        minFlops = Math.min(minFlops, net.macs());
        maxFlops = Math.max(maxFlops, net.macs());
      }
      // The file writes ImageNet16-120's FLOPs range as two keys instead of a pair.
      JsonNode flops = row.path("flops_M");
      BigDecimal flopsMin = flops.isArray() ? flops.get(0).decimalValue() : row.path("flops_M_min").decimalValue();
      BigDecimal flopsMax = flops.isArray() ? flops.get(1).decimalValue() : row.path("flops_M_max").decimalValue();
      assertThat(paramsM(minParams)).as("%s min params", dataset).isEqualByComparingTo(row.path("params_M").get(0)
          .decimalValue());
      assertThat(paramsM(maxParams)).as("%s max params", dataset).isEqualByComparingTo(row.path("params_M").get(1)
          .decimalValue());
      assertThat(flopsM(minFlops)).as("%s min flops", dataset).isEqualByComparingTo(flopsMin);
      assertThat(flopsM(maxFlops)).as("%s max flops", dataset).isEqualByComparingTo(flopsMax);
      checked++;
    }
    assertThat(checked).as("datasets in the table").isEqualTo(3);
  }

  @Test
  void paramsAndFlopsFollowTheClosedFormsForEveryArch() {
    for (Nb201Dataset dataset : Nb201Dataset.values()) {
      int k = dataset.classes();
      int size = dataset.inputSize();
      // §6.4: stem 464 + blocks 14,464 and 57,600 + last BN 128 + classifier.
      long skeletonParams = 464 + 14_464 + 57_600 + 128 + 64L * k + k;
      // §6.5: stem conv, the two residual blocks (conv_a stride 2, conv_b, 1x1 shortcut after the 2x2 pool), dense.
      long skeletonFlops = 27L * 16 * size * size + 64L * k + k;
      for (int s = 1; s < 3; s++) {
        long cin = 16L << (s - 1);
        long cout = 16L << s;
        long hw = (long) (size >> s) * (size >> s);
        skeletonFlops += (9 * cin * cout + 9 * cout * cout + cin * cout) * hw;
      }
      for (int code = 0; code < Nb201Arch.SPACE_SIZE; code++) {
        Nb201Arch arch = Nb201Arch.fromCode(code);
        long params = skeletonParams;
        long flops = skeletonFlops;
        for (Nb201Op op : arch.ops()) {
          for (int s = 0; s < 3; s++) {
            long c = 16L << s;
            long hw = (long) (size >> s) * (size >> s);
            long kk = (long) op.convKernel() * op.convKernel();
            if (op.isConv()) {
              params += 5 * (kk * c * c + 2 * c);
              flops += 5 * kk * c * c * hw;
            }
          }
        }
        Network net = Nb201Network.build(arch, dataset);
        assertThat(net.params()).as("%s params of %s", dataset, arch).isEqualTo(params);
        assertThat(net.macs()).as("%s flops of %s", dataset, arch).isEqualTo(flops);
      }
    }
  }

  @Test
  void skeletonParamsForEachClassCount() {
    Nb201Arch none = Nb201Arch.parse(ALL_NONE);
    assertThat(Nb201Network.build(none, 10).params()).isEqualTo(73_306);
    assertThat(Nb201Network.build(none, Nb201Dataset.CIFAR100).params()).isEqualTo(79_156);
    assertThat(Nb201Network.build(none, Nb201Dataset.IMAGENET16_120).params()).isEqualTo(80_456);
  }

  @Test
  void stemBlocksAndHead() {
    Network net = Nb201Network.build(Nb201Arch.parse(README), Nb201Dataset.CIFAR10);
    assertThat(net.space()).isEqualTo("nb201");
    assertThat(net.input().output()).isEqualTo(new Shape(32, 32, 3));

    Layer stem = net.layer(1);
    assertThat(stem.kind()).isEqualTo(LayerKind.CONV);
    assertThat(stem.role()).isEqualTo(LayerRole.STEM);
    assertThat(new Object[] {stem.kernel(), stem.stride(), stem.batchNorm(), stem.relu(), stem.params()})
        .as("conv3x3 3->16 + BN, no ReLU").containsExactly(3, 1, true, false, 464L);
    assertThat(stem.output()).isEqualTo(new Shape(32, 32, 16));

    List<Layer> reduction = net.layers().stream().filter(l -> l.role() == LayerRole.REDUCTION).toList();
    assertThat(reduction).hasSize(12);
    List<Layer> block1 = reduction.subList(0, 6);
    assertThat(block1).extracting(Layer::kind).containsExactly(LayerKind.RELU, LayerKind.CONV, LayerKind.RELU,
        LayerKind.CONV, LayerKind.AVG_POOL, LayerKind.CONV);
    assertThat(block1).allSatisfy(l -> assertThat(l.stage()).isEqualTo(1));
    Layer convA = block1.get(1);
    Layer convB = block1.get(3);
    Layer pool = block1.get(4);
    Layer shortcut = block1.get(5);
    assertThat(new int[] {convA.kernel(), convA.stride(), convB.kernel(), convB.stride(), pool.kernel(),
        pool.stride(), shortcut.kernel(), shortcut.stride()}).containsExactly(3, 2, 3, 1, 2, 2, 1, 1);
    assertThat(new boolean[] {convA.batchNorm(), convB.batchNorm(), shortcut.batchNorm(), shortcut.relu()})
        .containsExactly(true, true, false, false);
    int blockInput = block1.get(0).input(0);
    assertThat(pool.input(0)).as("shortcut reads the block input").isEqualTo(blockInput);
    assertThat(block1.stream().mapToLong(Layer::params).sum()).isEqualTo(14_464);
    assertThat(reduction.subList(6, 12).stream().mapToLong(Layer::params).sum()).isEqualTo(57_600);
    Layer add = net.layers().stream().filter(l -> l.kind() == LayerKind.ADD && l.input(0) == shortcut.id())
        .findFirst().orElseThrow();
    assertThat(add.inputs()).containsExactly(shortcut.id(), convB.id());
    assertThat(add.role()).isEqualTo(LayerRole.MERGE);
    assertThat(add.output()).isEqualTo(new Shape(16, 16, 32));

    List<Layer> layers = net.layers();
    Layer lastact = layers.get(layers.size() - 3);
    assertThat(lastact.kind()).isEqualTo(LayerKind.BATCH_NORM);
    assertThat(new Object[] {lastact.role(), lastact.relu(), lastact.params(), lastact.macs(), lastact.output()})
        .containsExactly(LayerRole.HEAD, true, 128L, 0L, new Shape(8, 8, 64));
    assertThat(layers.get(layers.size() - 2).kind()).isEqualTo(LayerKind.GLOBAL_AVG_POOL);
    Layer dense = net.output();
    assertThat(dense.kind()).isEqualTo(LayerKind.DENSE);
    assertThat(new Object[] {dense.params(), dense.macs(), dense.output()})
        .containsExactly(650L, 650L, new Shape(1, 1, 10));
  }

  @Test
  void cellLayersFollowTheArch() {
    Network net = Nb201Network.build(Nb201Arch.parse(README), Nb201Dataset.CIFAR10);
    // First cell: layers 2.. after the stem (layer 1, the cell input).
    List<Layer> cell = net.layers().subList(2, 12);
    assertThat(cell).extracting(Layer::kind).containsExactly(
        LayerKind.RELU, LayerKind.CONV, // node 1 = conv3x3(n0)
        LayerKind.RELU, LayerKind.CONV, LayerKind.AVG_POOL, LayerKind.ADD, // node 2 = conv3x3(n0) + pool(n1)
        LayerKind.RELU, LayerKind.CONV, LayerKind.ADD, LayerKind.ADD); // node 3 = n0 + conv3x3(n1) + n2
    assertThat(cell).extracting(Layer::role).containsExactly(LayerRole.CELL_OP, LayerRole.CELL_OP,
        LayerRole.CELL_OP, LayerRole.CELL_OP, LayerRole.CELL_OP, LayerRole.MERGE, LayerRole.CELL_OP,
        LayerRole.CELL_OP, LayerRole.MERGE, LayerRole.MERGE);
    assertThat(cell).allSatisfy(l -> {
      assertThat(l.stage()).isZero();
      assertThat(l.output()).isEqualTo(new Shape(32, 32, 16));
    });
    int n0 = 1;
    int n1 = 3;
    int n2 = 7;
    assertThat(net.layer(2).inputs()).containsExactly(n0);
    assertThat(net.layer(4).inputs()).as("each conv edge has its own ReLU").containsExactly(n0);
    assertThat(net.layer(6).inputs()).containsExactly(n1);
    assertThat(net.layer(7).inputs()).as("sum in source order").containsExactly(5, 6);
    assertThat(net.layer(8).inputs()).containsExactly(n1);
    assertThat(net.layer(10).inputs()).as("skip n0 + conv(n1)").containsExactly(n0, 9);
    assertThat(net.layer(11).inputs()).as("then + skip n2").containsExactly(10, n2);
    Layer pool = net.layer(6);
    Layer conv = net.layer(3);
    assertThat(new int[] {pool.kernel(), pool.stride(), conv.kernel(), conv.stride()}).containsExactly(3, 1, 3, 1);
    assertThat(new boolean[] {conv.batchNorm(), conv.relu()}).containsExactly(true, false);
    assertThat(net.layer(12).inputs()).as("next cell reads node 3").containsExactly(11);
  }

  @Test
  void allNoneCellsAreZeroLayers() {
    Network net = Nb201Network.build(Nb201Arch.parse(ALL_NONE), Nb201Dataset.CIFAR10);
    assertThat(net.layers()).hasSize(1 + 1 + 3 * 15 + 2 * 7 + 3);
    List<Layer> zeros = net.layers().stream().filter(l -> l.kind() == LayerKind.ZERO).toList();
    assertThat(zeros).hasSize(45).allSatisfy(l -> assertThat(l.role()).isEqualTo(LayerRole.CELL_OP));
    assertThat(zeros.get(44).output()).isEqualTo(new Shape(8, 8, 64));
    assertThat(net.layers().get(net.layers().size() - 3).inputs()).as("lastact reads the zero output")
        .containsExactly(zeros.get(44).id());
  }

  @Test
  void noneEdgesAddNothingAndZeroNodesStillFeedTheirEdges() {
    // Node 1 is zero; node 2 = conv1x1(node 1) still runs, as in the official model; node 3 = skip(node 0).
    Network net = Nb201Network.build(
        Nb201Arch.parse("|none~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|none~1|none~2|"), 10);
    List<Layer> cell = net.layers().subList(2, 5);
    assertThat(cell).extracting(Layer::kind).containsExactly(LayerKind.ZERO, LayerKind.RELU, LayerKind.CONV);
    assertThat(net.layer(3).inputs()).containsExactly(2);
    assertThat(net.layer(4).kernel()).isEqualTo(1);
    assertThat(net.layer(5).inputs()).as("node 3 is the cell input: next cell's zero has no input, then relu")
        .isEmpty();
    assertThat(net.layer(6).inputs()).containsExactly(5);
    assertThat(net.layers()).noneMatch(l -> l.kind() == LayerKind.ADD && l.role() == LayerRole.MERGE
        && l.stage() == 0);
    // The reduction block reads the last stage-0 cell's output, node 3 = skip(input) = the stem.
    Layer firstReduction = net.layers().stream().filter(l -> l.role() == LayerRole.REDUCTION).findFirst()
        .orElseThrow();
    assertThat(firstReduction.inputs()).containsExactly(1);
  }

  @Test
  void imageNetShapes() {
    Network net = Nb201Network.build(Nb201Arch.parse(README), Nb201Dataset.IMAGENET16_120);
    assertThat(net.input().output()).isEqualTo(new Shape(16, 16, 3));
    assertThat(net.layers().get(net.layers().size() - 3).output()).isEqualTo(new Shape(4, 4, 64));
    assertThat(net.output().output()).isEqualTo(new Shape(1, 1, 120));
  }

  @Test
  void rejectsBadArguments() {
    Nb201Arch arch = Nb201Arch.parse(README);
    assertThatThrownBy(() -> Nb201Network.build(arch, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numClasses").hasMessageContaining("0");
    assertThatThrownBy(() -> Nb201Network.build(arch, 10, -16)).hasMessageContaining("-16");
    assertThatThrownBy(() -> Nb201Network.build(null, 10)).hasMessageContaining("arch is null");
    assertThatThrownBy(() -> Nb201Network.build(arch, (Nb201Dataset) null)).hasMessageContaining("dataset");
    assertThatThrownBy(() -> Nb201Dataset.fromName("imagenet")).hasMessageContaining("'imagenet'")
        .hasMessageContaining("ImageNet16-120");
  }
}
