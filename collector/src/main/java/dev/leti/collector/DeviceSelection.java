package dev.leti.collector;

import dev.leti.collector.device.ShellArgs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which devices a campaign uses, from {@code all}, {@code host} and serials, comma-separated: {@code all} is every
 * attached Android device, {@code host} this machine. A serial that does not match adb's pattern is rejected.
 */
public record DeviceSelection(boolean host, boolean allPhones, List<String> serials) {
  public static final String ALL = "all";
  public static final String HOST = "host";

  public DeviceSelection {
    serials = List.copyOf(serials);
    serials.forEach(ShellArgs::serial);
  }

  public static DeviceSelection parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("no devices given: use all, host or serials, comma-separated");
    }
    boolean host = false;
    boolean all = false;
    Set<String> serials = new LinkedHashSet<>();
    for (String token : spec.split(",", -1)) {
      String t = token.strip();
      switch (t) {
        case HOST -> host = true;
        case ALL -> all = true;
        default -> serials.add(ShellArgs.serial(t));
      }
    }
    return new DeviceSelection(host, all, new ArrayList<>(serials));
  }

  public boolean needsAdb() {
    return allPhones || !serials.isEmpty();
  }
}
