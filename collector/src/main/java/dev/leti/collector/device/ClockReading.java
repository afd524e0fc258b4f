package dev.leti.collector.device;

/**
 * The clocks a device reports just before a session, in MHz (null where it exposes none or denies reading it):
 * the GPU's current frequency and the fastest current CPU frequency (on big.LITTLE phones the big cluster's).
 */
public record ClockReading(Double gpuMhz, Double cpuMhz) {
  public static final ClockReading UNKNOWN = new ClockReading(null, null);

  /** The clock of what ran the session: the GPU's for a GPU backend ({@code gpu-opencl}, ...), else the CPU's. */
  public Double forBackend(String backend) {
    return backend != null && backend.startsWith("gpu") ? gpuMhz : cpuMhz;
  }
}
