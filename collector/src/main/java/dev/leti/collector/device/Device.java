package dev.leti.collector.device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A device the collector measures on: a phone through adb, or this machine (the host runner). Both go through
 * the same session code; only these calls differ. Every call has a time limit; a {@link DeviceException} says
 * whether trying again may help.
 */
public interface Device {
  /** The id in the lake's devices and runs tables. */
  String id();

  DeviceInfo info() throws DeviceException;

  ThermalReading thermal() throws DeviceException;

  /** The GPU and CPU clocks now, where the device exposes them (read just before each session). */
  ClockReading clocks() throws DeviceException;

  /**
   * Whether the runner computes on the collector's own CPU (the host): then the collector's background work must
   * not run during measured runs.
   */
  default boolean sharesCollectorCpu() {
    return false;
  }

  /** Makes a local model available to the runner (pushing it when the device lacks it); returns the runner's path. */
  String install(Path localModel, Duration timeout) throws DeviceException;

  /**
   * Runs the runner with {@code key=value} arguments (protocol version first is added here), streaming its stdout
   * lines to {@code sink}; returns its exit status.
   */
  int runRunner(List<String> runnerArgs, LineSink sink, Duration timeout) throws DeviceException;
}
