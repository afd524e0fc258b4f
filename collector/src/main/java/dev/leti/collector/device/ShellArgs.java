package dev.leti.collector.device;

import java.util.regex.Pattern;

/**
 * The only way a value reaches an adb shell command line: each kind of argument has a pattern it must match, and
 * the value is then single-quoted. A value that does not match is rejected naming it, so a serial, a path or an
 * arch id can never smuggle shell syntax ({@code ;}, {@code $(...)}, quotes, spaces) into a command.
 */
public final class ShellArgs {
  /** adb serials: USB serials, {@code emulator-5554}, {@code 192.168.1.7:5555}, mDNS names. */
  public static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  /** Files the collector pushes live under one directory and have plain names. */
  public static final String DEVICE_DIR = "/data/local/tmp/leti";
  public static final Pattern DEVICE_PATH = Pattern.compile(Pattern.quote(DEVICE_DIR) + "/[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  /** NB-101: the 32-hex graph hash; NB-201: the official index. */
  public static final Pattern NB101_ID = Pattern.compile("[0-9a-f]{32}");
  public static final Pattern NB201_ID = Pattern.compile("0|[1-9][0-9]{0,4}");
  /** A runner argument {@code key=value}: keys are lower-case words, values plain tokens or a device path. */
  public static final Pattern RUNNER_ARG = Pattern.compile("[a-z_]{1,32}=[A-Za-z0-9._/-]{0,256}");
  /** A {@code getprop} key or a {@code dumpsys} service name (mixed case: {@code SurfaceFlinger}). */
  public static final Pattern PROPERTY = Pattern.compile("[A-Za-z][A-Za-z0-9._]{0,99}");

  private ShellArgs() {}

  public static String serial(String serial) {
    return check(SERIAL, serial, "device serial");
  }

  public static String devicePath(String path) {
    String p = check(DEVICE_PATH, path, "device path");
    if (p.contains("..")) {
      throw new IllegalArgumentException("device path '" + path + "' must not contain '..'");
    }
    return p;
  }

  public static String archId(String space, String id) {
    return switch (space) {
      case "nb101" -> check(NB101_ID, id, "nb101 arch id (32 hex digits)");
      case "nb201" -> check(NB201_ID, id, "nb201 arch id (an index)");
      default -> throw new IllegalArgumentException("unknown space '" + space + "', expected nb101 or nb201");
    };
  }

  public static String runnerArg(String arg) {
    return check(RUNNER_ARG, arg, "runner argument");
  }

  public static String property(String key) {
    return check(PROPERTY, key, "property or service name");
  }

  /**
   * Single-quotes a value for the device's shell. Validation already excludes quotes; quoting anyway means a
   * pattern that is ever widened cannot open a hole by itself.
   */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static String check(Pattern pattern, String value, String what) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + what + ": '" + value + "' (expected " + pattern.pattern() + ")");
    }
    return value;
  }
}
