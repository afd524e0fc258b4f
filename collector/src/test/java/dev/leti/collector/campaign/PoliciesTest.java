package dev.leti.collector.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.collector.device.Device;
import dev.leti.collector.device.DeviceInfo;
import dev.leti.collector.device.LineSink;
import dev.leti.collector.device.ThermalReading;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backoff and cool-down policies, with an injected sleeper (no waiting). */
class PoliciesTest {
  @Test
  void backoffDoublesUpToItsCap() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), 2, 6);
    assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(b::delay).map(Duration::toMillis).toList())
        .containsExactly(500L, 1000L, 2000L, 4000L, 5000L, 5000L);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 1))
        .hasMessageContaining("PT2S");
  }

  /** Only thermal readings, scripted: the guard's policy is all that is under test. */
  private static final class Heat implements Device {
    final Deque<ThermalReading> readings;

    Heat(ThermalReading... r) {
      readings = new ArrayDeque<>(List.of(r));
    }

    @Override
    public String id() {
      return "scripted";
    }

    @Override
    public DeviceInfo info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ThermalReading thermal() {
      return readings.size() > 1 ? readings.poll() : readings.peek();
    }

    @Override
    public dev.leti.collector.device.ClockReading clocks() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String install(Path localModel, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int runRunner(List<String> args, LineSink sink, Duration timeout) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void coolDownWaitsUntilAtOrBelowTheThresholdThenReturnsThatReading() throws Exception {
    List<Duration> slept = new ArrayList<>();
    ThermalGuard g = new ThermalGuard(40.0, Duration.ofSeconds(10), Duration.ofMinutes(5), slept::add);
    ThermalReading r = g.coolDown(new Heat(new ThermalReading(45.0, 1), new ThermalReading(41.0, 1),
        new ThermalReading(40.0, 0)));
    assertThat(r.temperatureC()).isEqualTo(40.0);
    assertThat(slept).hasSize(2);
  }

  @Test
  void severeThrottlingWaitsEvenWhenCoolAndMaxWaitBoundsTheWait() throws Exception {
    List<Duration> slept = new ArrayList<>();
    ThermalGuard g = new ThermalGuard(40.0, Duration.ofSeconds(10), Duration.ofSeconds(30), slept::add);
    ThermalReading r = g.coolDown(new Heat(new ThermalReading(30.0, 4)));
    assertThat(slept).as("gives up after 30 s of 10 s polls").hasSize(3);
    assertThat(r.thermalStatus()).isEqualTo(4);
  }

  @Test
  void noThresholdOrNoTemperatureNeverWaits() throws Exception {
    List<Duration> slept = new ArrayList<>();
    new ThermalGuard(null, Duration.ofSeconds(1), Duration.ofMinutes(1), slept::add)
        .coolDown(new Heat(new ThermalReading(90.0, null)));
    new ThermalGuard(40.0, Duration.ofSeconds(1), Duration.ofMinutes(1), slept::add).coolDown(new Heat(ThermalReading.UNKNOWN));
    assertThat(slept).isEmpty();
    assertThatThrownBy(() -> new ThermalGuard(-5.0, Duration.ZERO, Duration.ZERO, Sleeper.REAL)).hasMessageContaining("-5.0");
  }

  @Test
  void referenceSlotsComeBeforeEveryNthArch() {
    var archs = dev.leti.collector.WorkList.sample("nb201", 5, 3);
    CampaignPlan plan = new CampaignPlan(null, archs, 1, 2, null, archs.get(0), 2, Duration.ofMinutes(1));
    assertThat(plan.slots().stream().map(CampaignPlan.Slot::slot).toList())
        .containsExactly("r0", "m", "m", "r1", "m", "m", "r2", "m");
    assertThat(plan.campaign()).as("same inputs, same campaign: a rerun resumes")
        .isEqualTo(new CampaignPlan(null, archs, 1, 2, null, archs.get(0), 2, Duration.ofMinutes(9)).campaign());
  }
}
