package dev.leti.collector.device;

import dev.leti.lake.RawTable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device as the devices table describes it; {@code properties} keeps every raw key it was read from (getprop,
 * GLES line, /proc/cpuinfo) so nothing is lost to the summary columns.
 */
public record DeviceInfo(String deviceId, String kind, String name, String model, String manufacturer, String soc,
    String gpu, String osVersion, String driverVersion, String abi, String precision, String framework,
    Map<String, String> properties, String serial) {

  public DeviceInfo {
    if (deviceId == null || !deviceId.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("invalid device id '" + deviceId + "'");
    }
    properties = properties == null ? Map.of() : new TreeMap<>(properties);
  }

  /** A row of {@link RawTable#DEVICES}. */
  public Object[] row(String source) {
    return new Object[] {deviceId, kind, name, model, manufacturer, soc, gpu, osVersion, driverVersion, abi,
        precision, framework, properties, source};
  }

  /** Lower case, runs of other characters as one '-': what a device id and a batch id may hold. */
  public static String slug(String text) {
    return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
  }
}
