package dev.leti.features.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The layout known without enumerating a space is the one its rows are made with. */
class SpaceRowsTest {
  @Test
  void layoutOfASpaceIsTheLayoutOfItsRows() {
    for (String space : new String[] {"nb101", "nb201"}) {
      SpaceRows rows = SpaceRows.of(space);
      assertThat(SpaceRows.layoutOf(space)).isSameAs(rows.layout());
      assertThat(rows.row(0).features()).hasSize(SpaceRows.layoutOf(space).schema().size());
    }
  }

  @Test
  void anUnknownSpaceIsNamedInTheError() {
    assertThatThrownBy(() -> SpaceRows.layoutOf("nb301")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nb301'").hasMessageContaining("nb101, nb201");
  }
}
