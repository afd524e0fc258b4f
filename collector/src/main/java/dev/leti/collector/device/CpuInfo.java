package dev.leti.collector.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The first processor's block of {@code /proc/cpuinfo} (model name, vendor), empty where there is none. */
final class CpuInfo {
  private CpuInfo() {}

  static Map<String, String> read() {
    try {
      return parse(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** The fastest core's {@code cpu MHz} over every processor block (x86 kernels print it; ARM ones do not). */
  static Double maxMhz(String text) {
    Double max = null;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("cpu MHz")) {
        try {
          double mhz = Double.parseDouble(line.substring(colon + 1).trim());
          max = max == null ? mhz : Math.max(max, mhz);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("unreadable cpu MHz line in /proc/cpuinfo: '" + line + "'", e);
        }
      }
    }
    return max == null || max <= 0 ? null : max;
  }

  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        break; // end of the first processor
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        String key = line.substring(0, colon).trim();
        if (key.equals("model name") || key.equals("vendor_id") || key.equals("cpu family") || key.equals("model")) {
          out.put(key, line.substring(colon + 1).trim());
        }
      }
    }
    return out;
  }
}
