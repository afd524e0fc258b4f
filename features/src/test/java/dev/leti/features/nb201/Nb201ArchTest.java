package dev.leti.features.nb201;

import static dev.leti.features.nb201.Nb201Op.AVG_POOL_3X3;
import static dev.leti.features.nb201.Nb201Op.NONE;
import static dev.leti.features.nb201.Nb201Op.NOR_CONV_1X1;
import static dev.leti.features.nb201.Nb201Op.NOR_CONV_3X3;
import static dev.leti.features.nb201.Nb201Op.SKIP_CONNECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leti.features.nb201.InvalidArchException.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Nb201ArchTest {
  /** The README example (official index 1). */
  private static final String README =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

  @Test
  void parsesEdgesInOfficialOrder() {
    Nb201Arch a = Nb201Arch.parse(README);
    assertThat(a.ops()).containsExactly(NOR_CONV_3X3, NOR_CONV_3X3, AVG_POOL_3X3, SKIP_CONNECT, NOR_CONV_3X3,
        SKIP_CONNECT);
    assertThat(a.op(1, 2)).isEqualTo(AVG_POOL_3X3);
    assertThat(a.op(2, 3)).isEqualTo(SKIP_CONNECT);
    assertThat(a.op(0, 3)).isEqualTo(SKIP_CONNECT);
    assertThat(a.op(2)).isEqualTo(AVG_POOL_3X3);
    // code = base-5 digits 3 3 4 1 3 1
    assertThat(a.code()).isEqualTo(((((3 * 5 + 3) * 5 + 4) * 5 + 1) * 5 + 3) * 5 + 1);
    assertThat(a).hasToString(README);
  }

  @Test
  void edgeNumbering() {
    int[][] expected = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}};
    for (int e = 0; e < Nb201Arch.EDGES; e++) {
      assertThat(new int[] {Nb201Arch.edgeFrom(e), Nb201Arch.edgeTo(e)}).containsExactly(expected[e]);
      assertThat(Nb201Arch.edge(expected[e][0], expected[e][1])).isEqualTo(e);
    }
    assertThatThrownBy(() -> Nb201Arch.edge(2, 1)).hasMessageContaining("2 -> 1");
    assertThatThrownBy(() -> Nb201Arch.edge(0, 4)).hasMessageContaining("0 -> 4");
    assertThatThrownBy(() -> Nb201Arch.edgeFrom(6)).hasMessageContaining("edge 6");
    assertThatThrownBy(() -> Nb201Arch.parse(README).op(-1)).hasMessageContaining("edge -1");
  }

  @Test
  void parsePrintRoundTripForTheWholePublishedList() {
    JsonNode archs = Nb201Vectors.root().path("full_index_order").path("archs");
    assertThat(archs.size()).isEqualTo(15_625);
    Set<Integer> codes = new HashSet<>();
    for (JsonNode node : archs) {
      String s = node.asText();
      Nb201Arch a = Nb201Arch.parse(s);
      assertThat(a.toString()).isEqualTo(s);
      assertThat(Nb201Arch.fromCode(a.code())).isEqualTo(a);
      codes.add(a.code());
    }
    assertThat(codes).as("distinct codes").hasSize(15_625);
  }

  @Test
  void fromCodeAndCodeAreInverse() {
    for (int code = 0; code < Nb201Arch.SPACE_SIZE; code++) {
      Nb201Arch a = Nb201Arch.fromCode(code);
      assertThat(a.code()).isEqualTo(code);
      assertThat(Nb201Arch.parse(a.toString())).isEqualTo(a);
    }
    assertThat(Nb201Arch.fromCode(0).ops()).containsOnly(NONE);
    assertThat(Nb201Arch.fromCode(1).ops()).containsExactly(NONE, NONE, NONE, NONE, NONE, SKIP_CONNECT);
    assertThat(Nb201Arch.fromCode(15_624).ops()).containsOnly(AVG_POOL_3X3);
    assertThatThrownBy(() -> Nb201Arch.fromCode(15_625)).hasMessageContaining("15625");
    assertThatThrownBy(() -> Nb201Arch.fromCode(-3)).hasMessageContaining("-3");
  }

  @Test
  void valueSemantics() {
    Nb201Arch a = Nb201Arch.parse(README);
    Nb201Arch b = Nb201Arch.of(NOR_CONV_3X3, NOR_CONV_3X3, AVG_POOL_3X3, SKIP_CONNECT, NOR_CONV_3X3, SKIP_CONNECT);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
    assertThat(a).isNotEqualTo(Nb201Arch.of(NOR_CONV_3X3, NOR_CONV_3X3, AVG_POOL_3X3, SKIP_CONNECT, NOR_CONV_3X3,
        NONE));
    assertThat(Nb201Arch.of(List.of(NONE, NONE, NONE, NONE, NONE, NONE))).isEqualTo(Nb201Arch.fromCode(0));
  }

  @Test
  void isImmutable() {
    Nb201Op[] ops = {NONE, NONE, NONE, NONE, NONE, NONE};
    Nb201Arch a = Nb201Arch.of(ops);
    ops[0] = NOR_CONV_3X3;
    assertThat(a.op(0)).as("defensive copy of the argument").isEqualTo(NONE);
    assertThatThrownBy(() -> a.ops().set(0, NOR_CONV_1X1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofRejectsWrongOps() {
    assertThatThrownBy(() -> Nb201Arch.of(NONE, NONE, NONE, NONE, NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 edge ops, got 5");
    assertThatThrownBy(() -> Nb201Arch.of(NONE, NONE, null, NONE, NONE, NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edge 2 is null");
    assertThatThrownBy(() -> Nb201Arch.of((List<Nb201Op>) null)).isInstanceOf(IllegalArgumentException.class);
  }

  private static InvalidArchException parseError(String s) {
    InvalidArchException e = catchThrowableOfType(() -> Nb201Arch.parse(s), InvalidArchException.class);
    assertThat(e).as("parse(%s) must throw InvalidArchException", s).isNotNull();
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    return e;
  }

  @Test
  void nullAndEmpty() {
    assertThat(parseError(null).reason()).isEqualTo(Reason.NULL);
    assertThat(parseError(null)).hasMessage("arch string is null");
    assertThat(parseError("").reason()).isEqualTo(Reason.EMPTY);
    assertThat(parseError("")).hasMessage("arch string is empty");
  }

  @Test
  void wrongNumberOfNodes() {
    InvalidArchException two = parseError("|none~0|+|none~0|none~1|");
    assertThat(two.reason()).isEqualTo(Reason.NODE_COUNT);
    assertThat(two).hasMessageContaining("expected 3 nodes joined by '+', found 2");
    // A trailing '+' is a fourth, empty node, not something to ignore.
    assertThat(parseError(README + "+")).hasMessageContaining("found 4");
  }

  @Test
  void missingPipes() {
    InvalidArchException e = parseError("none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
    assertThat(e.reason()).isEqualTo(Reason.MISSING_PIPE);
    assertThat(e).hasMessageContaining("node 1 'none~0|' must start and end with '|'");
    assertThat(parseError("|none~0|+|none~0|none~1|+|none~0|none~1|none~2").reason())
        .isEqualTo(Reason.MISSING_PIPE);
    assertThat(parseError(" " + README).reason()).as("no trimming").isEqualTo(Reason.MISSING_PIPE);
    assertThat(parseError("|+|none~0|none~1|+|none~0|none~1|none~2|").reason()).isEqualTo(Reason.MISSING_PIPE);
  }

  @Test
  void wrongNumberOfEdgesInANode() {
    InvalidArchException joined = parseError("|none~0|+|none~0none~1|+|none~0|none~1|none~2|");
    assertThat(joined.reason()).isEqualTo(Reason.EDGE_COUNT);
    assertThat(joined).hasMessageContaining("node 2 '|none~0none~1|' must list 2 edges separated by '|', found 1");
    InvalidArchException extra = parseError("|none~0|none~1|+|none~0|none~1|+|none~0|none~1|none~2|");
    assertThat(extra).hasMessageContaining("node 1").hasMessageContaining("found 2");
    assertThat(parseError("|none~0||+|none~0|none~1|+|none~0|none~1|none~2|").reason())
        .isEqualTo(Reason.EDGE_COUNT);
  }

  @Test
  void edgeWithoutInput() {
    InvalidArchException e = parseError("|none|+|none~0|none~1|+|none~0|none~1|none~2|");
    assertThat(e.reason()).isEqualTo(Reason.MISSING_INPUT);
    assertThat(e).hasMessageContaining("edge 'none' of node 1 must be written op~input");
  }

  @Test
  void wrongInputIndex() {
    InvalidArchException e = parseError("|none~0|+|none~0|none~2|+|none~0|none~1|none~2|");
    assertThat(e.reason()).isEqualTo(Reason.WRONG_INPUT);
    assertThat(e.code()).isEqualTo("wrong_input");
    assertThat(e).hasMessageContaining("edge 'none~2' of node 2 has input '~2' where '~1' expected");
    // Inputs out of order are rejected too: the official strings always list 0..j-1.
    assertThat(parseError("|none~0|+|none~1|none~0|+|none~0|none~1|none~2|"))
        .hasMessageContaining("'~1' where '~0' expected");
    assertThat(parseError("|none~x|+|none~0|none~1|+|none~0|none~1|none~2|"))
        .hasMessageContaining("'~x' where '~0' expected");
  }

  @Test
  void unknownOp() {
    InvalidArchException e = parseError("|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|");
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_OP);
    assertThat(e).hasMessageContaining("unknown op 'conv_3x3'")
        .hasMessageContaining("[none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]");
    assertThat(parseError("|~0|+|none~0|none~1|+|none~0|none~1|none~2|")).hasMessageContaining("unknown op ''");
  }

  @Test
  void uniqueKeyOfTheReadmeExample() {
    // Worked by hand from the official rules: skip is the identity, terms sorted by code point.
    assertThat(Nb201Arch.parse(README).uniqueKey()).isEqualTo(
        "((0)@nor_conv_3x3)@avg_pool_3x3+(0)@nor_conv_3x3+((0)@nor_conv_3x3)@nor_conv_3x3+0");
  }

  @Test
  void uniqueKeyIdentifiesEquivalentCells() {
    // Both compute conv3x3(input): node 2 reads node 1 = skip(input) in the first, the input itself in the second.
    Nb201Arch viaSkip = Nb201Arch.parse("|skip_connect~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|skip_connect~2|");
    Nb201Arch direct = Nb201Arch.parse("|skip_connect~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|skip_connect~2|");
    Nb201Arch pool = Nb201Arch.parse("|skip_connect~0|+|avg_pool_3x3~0|none~1|+|none~0|none~1|skip_connect~2|");
    assertThat(viaSkip.uniqueKey()).isEqualTo(direct.uniqueKey())
        .as("none terms stay in the key as '#', sorted first").isEqualTo("#+#+#+(0)@nor_conv_3x3");
    assertThat(pool.uniqueKey()).isNotEqualTo(direct.uniqueKey());
    // A conv fed only by a lone zero node is zero: node 1 is "#".
    Nb201Arch zeroFed = Nb201Arch.parse("|none~0|+|none~0|nor_conv_3x3~1|+|nor_conv_1x1~0|none~1|skip_connect~2|");
    assertThat(zeroFed.uniqueKey()).isEqualTo("#+#+#+(0)@nor_conv_1x1");
  }

  @Test
  void uniqueKeyCollapsesTheSpaceTo6466Classes() {
    Set<String> keys = new HashSet<>();
    for (int code = 0; code < Nb201Arch.SPACE_SIZE; code++) {
      keys.add(Nb201Arch.fromCode(code).uniqueKey());
    }
    assertThat(keys).hasSize(6_466);
  }
}
