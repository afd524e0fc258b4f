package dev.leti.features.nb201;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Nb201IndexTest {

  @Test
  void sizeIsTheWholeSpace() {
    assertThat(Nb201Index.size()).isEqualTo(15_625);
  }

  @Test
  void everyPositionMatchesThePublishedOrder() {
    JsonNode archs = Nb201Vectors.root().path("full_index_order").path("archs");
    assertThat(archs.size()).as("published list length").isEqualTo(15_625);
    int mismatches = 0;
    String first = null;
    for (int i = 0; i < archs.size(); i++) {
      String got = Nb201Index.arch(i).toString();
      if (!got.equals(archs.get(i).asText())) {
        mismatches++;
        if (first == null) {
          first = "index " + i + ": expected " + archs.get(i).asText() + " got " + got;
        }
      }
    }
    assertThat(mismatches).as("positions that differ; first: %s", first).isZero();
  }

  @Test
  void officialAssertsHold() {
    Iterator<Map.Entry<String, JsonNode>> it = Nb201Vectors.root().path("index_to_arch_asserted").fields();
    int checked = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("_")) {
        continue;
      }
      int index = Integer.parseInt(e.getKey());
      assertThat(Nb201Index.arch(index).toString()).as("index %d", index).isEqualTo(e.getValue().asText());
      assertThat(Nb201Index.indexOf(Nb201Arch.parse(e.getValue().asText()))).isEqualTo(index);
      checked++;
    }
    assertThat(checked).isEqualTo(3);
    // Also written out, in case the vectors file ever loses its asserts.
    assertThat(Nb201Index.arch(0)).hasToString(
        "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|");
    assertThat(Nb201Index.arch(9)).hasToString(
        "|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
    assertThat(Nb201Index.arch(123)).hasToString(
        "|avg_pool_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|");
  }

  @Test
  void indexOfInvertsArchAndCoversEveryArchOnce() {
    Set<Nb201Arch> seen = new HashSet<>();
    for (int i = 0; i < Nb201Index.size(); i++) {
      Nb201Arch a = Nb201Index.arch(i);
      assertThat(Nb201Index.indexOf(a)).isEqualTo(i);
      seen.add(a);
    }
    assertThat(seen).hasSize(15_625);
    for (int code = 0; code < Nb201Arch.SPACE_SIZE; code++) {
      Nb201Arch a = Nb201Arch.fromCode(code);
      assertThat(Nb201Index.arch(Nb201Index.indexOf(a))).isEqualTo(a);
    }
  }

  @Test
  void outOfRangeIndexNamesTheValue() {
    assertThatThrownBy(() -> Nb201Index.arch(15_625)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15625").hasMessageContaining("0..15624");
    assertThatThrownBy(() -> Nb201Index.arch(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Nb201Index.indexOf(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
