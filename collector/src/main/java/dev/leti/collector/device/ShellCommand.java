package dev.leti.collector.device;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The fixed command templates the collector runs on a phone's shell. Every variable part goes through
 * {@link ShellArgs}: validated against its pattern, then quoted.
 */
public final class ShellCommand {
  private ShellCommand() {}

  public static String getprop() {
    return "getprop";
  }

  public static String dumpsys(String service) {
    return "dumpsys " + ShellArgs.quote(ShellArgs.property(service));
  }

  public static String makeDeviceDir() {
    return "mkdir -p " + ShellArgs.quote(ShellArgs.DEVICE_DIR);
  }

  /** Size and modification time of a pushed file, to push only when it changed ({@code stat -c}). */
  public static String stat(String devicePath) {
    return "stat -c %s " + ShellArgs.quote(ShellArgs.devicePath(devicePath));
  }

  /**
   * The current clocks as {@code path:value} lines ({@code grep -H}): Adreno's {@code gpuclk} (Hz), every devfreq
   * device's {@code cur_freq} (Hz; the parser keeps GPU ones), Exynos' {@code gpu_clock} (MHz) and every CPU's
   * {@code scaling_cur_freq} (kHz). A file that is missing or unreadable (SELinux) prints nothing. No argument.
   */
  public static String clocks() {
    return "grep -H . " + String.join(" ", CLOCK_FILES) + " 2>/dev/null";
  }

  /** The files {@link #clocks()} reads; globs are expanded by the device's shell. */
  static final java.util.List<String> CLOCK_FILES = java.util.List.of(
      "/sys/class/kgsl/kgsl-3d0/gpuclk",
      "/sys/class/devfreq/*/cur_freq",
      "/sys/kernel/gpu/gpu_clock",
      "/sys/devices/system/cpu/cpu*/cpufreq/scaling_cur_freq");

  /** What {@link #withExitStatus} prints last: the command's exit status, which adb's shell protocol v1 drops. */
  public static final String EXIT_STATUS_PREFIX = "leti-exit=";

  /** A template followed by a line with its exit status. */
  public static String withExitStatus(String command) {
    return command + "; echo " + EXIT_STATUS_PREFIX + "$?";
  }

  /** The runner through app_process, as android-runner/README.md describes; its arguments are key=value tokens. */
  public static String runner(String dexJar, String mainClass, int protocol, List<String> runnerArgs) {
    if (!mainClass.matches("[A-Za-z0-9_.]+")) {
      throw new IllegalArgumentException("invalid runner class '" + mainClass + "'");
    }
    String args = runnerArgs.stream().map(ShellArgs::runnerArg).map(ShellArgs::quote)
        .collect(Collectors.joining(" "));
    return "CLASSPATH=" + ShellArgs.quote(ShellArgs.devicePath(dexJar)) + " app_process / " + mainClass + " "
        + protocol + " " + args;
  }
}
