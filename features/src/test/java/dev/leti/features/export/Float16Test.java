package dev.leti.features.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {
  @Test
  void knownValues() {
    assertThat(Float16.fromFloat(1f)).isEqualTo((short) 0x3c00);
    assertThat(Float16.fromFloat(-2f)).isEqualTo((short) 0xc000);
    assertThat(Float16.fromFloat(65504f)).as("largest half").isEqualTo((short) 0x7bff);
    assertThat(Float16.fromFloat(65520f)).as("rounds up to infinity").isEqualTo((short) 0x7c00);
    assertThat(Float16.fromFloat(0x1p-24f)).as("smallest subnormal").isEqualTo((short) 0x0001);
    assertThat(Float16.fromFloat(0x1p-26f)).as("underflows to zero").isEqualTo((short) 0);
    assertThat(Float16.toFloat(Float16.fromFloat(Float.NaN))).isNaN();
  }

  @Test
  void tiesRoundToEven() {
    assertThat(Float16.fromFloat(1f + 0x1p-11f)).as("halfway to the next half: stays even").isEqualTo((short) 0x3c00);
    assertThat(Float16.fromFloat(1f + 3 * 0x1p-11f)).as("halfway from an odd one: goes up").isEqualTo((short) 0x3c02);
    assertThat(Float16.fromFloat(0x1p-25f * 3)).as("subnormal halfway 1.5 -> 2").isEqualTo((short) 0x0002);
  }

  @Test
  void everyHalfSurvivesTheRoundTrip() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = Float16.toFloat((short) bits);
      if (!Float.isNaN(value)) {
        assertThat(Float16.fromFloat(value) & 0xffff).as("half 0x%04x", bits).isEqualTo(bits);
      }
    }
  }
}
