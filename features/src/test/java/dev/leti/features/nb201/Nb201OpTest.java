package dev.leti.features.nb201;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Nb201OpTest {

  @Test
  void canonicalOrderAndNames() {
    assertThat(Nb201Op.values()).extracting(Nb201Op::officialName)
        .containsExactly("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");
    for (Nb201Op op : Nb201Op.values()) {
      assertThat(Nb201Op.ofIndex(op.index())).isSameAs(op);
      assertThat(Nb201Op.fromName(op.officialName())).isSameAs(op);
    }
    assertThat(Nb201Op.NOR_CONV_1X1.convKernel()).isEqualTo(1);
    assertThat(Nb201Op.NOR_CONV_3X3.convKernel()).isEqualTo(3);
    assertThat(Nb201Op.values()).filteredOn(Nb201Op::isConv)
        .containsExactly(Nb201Op.NOR_CONV_1X1, Nb201Op.NOR_CONV_3X3);
  }

  @Test
  void unknownNameIsNamedWithTheAllowedOnes() {
    // NNI spells nor_conv_1x1 as conv_1x1: a likely real-world mistake.
    assertThatThrownBy(() -> Nb201Op.fromName("conv_1x1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'conv_1x1'")
        .hasMessageContaining("[none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]");
    assertThatThrownBy(() -> Nb201Op.fromName(null)).hasMessageContaining("null");
    assertThatThrownBy(() -> Nb201Op.ofIndex(5)).hasMessageContaining("5");
  }
}
