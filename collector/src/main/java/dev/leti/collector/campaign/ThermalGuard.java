package dev.leti.collector.campaign;

import dev.leti.collector.device.Device;
import dev.leti.collector.device.DeviceException;
import dev.leti.collector.device.ThermalReading;
import java.time.Duration;

/**
 * Before each session: reads the device's temperature and waits, polling, until it is at or below the threshold
 * (and Android's thermal status below "severe"), so that sessions start from comparable thermal states. Gives
 * up waiting after {@code maxWait} and measures anyway: the temperature is recorded with the runs and the
 * pipeline flags throttled sessions. A device that reports no temperature is never waited for.
 */
public final class ThermalGuard {
  /** Android's THERMAL_STATUS_SEVERE: the platform throttles hard from here on. */
  static final int SEVERE = 3;
  private final Double thresholdC;
  private final Duration poll;
  private final Duration maxWait;
  private final Sleeper sleeper;

  /** @param thresholdC null: no cool-down, only read the temperature */
  public ThermalGuard(Double thresholdC, Duration poll, Duration maxWait, Sleeper sleeper) {
    if (thresholdC != null && (thresholdC.isNaN() || thresholdC < 0 || thresholdC > 120)) {
      throw new IllegalArgumentException("cool-down threshold must be 0..120 °C, got " + thresholdC);
    }
    this.thresholdC = thresholdC;
    this.poll = poll;
    this.maxWait = maxWait;
    this.sleeper = sleeper;
  }

  /** The reading the session starts with, after any cool-down. */
  public ThermalReading coolDown(Device device) throws DeviceException, InterruptedException {
    ThermalReading r = device.thermal();
    Duration waited = Duration.ZERO;
    while (tooHot(r) && waited.compareTo(maxWait) < 0) {
      sleeper.sleep(poll);
      waited = waited.plus(poll);
      r = device.thermal();
    }
    return r;
  }

  boolean tooHot(ThermalReading r) {
    if (thresholdC == null) {
      return false;
    }
    boolean hot = r.temperatureC() != null && r.temperatureC() > thresholdC;
    boolean throttling = r.thermalStatus() != null && r.thermalStatus() >= SEVERE;
    return hot || throttling;
  }
}
