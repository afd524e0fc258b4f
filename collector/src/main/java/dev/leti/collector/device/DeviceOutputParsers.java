package dev.leti.collector.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pure parsers of what a phone's shell prints: {@code getprop}, {@code dumpsys SurfaceFlinger / battery / thermalservice}. */
public final class DeviceOutputParsers {
  private static final Pattern GETPROP = Pattern.compile("^\\[([^\\]]+)\\]: \\[(.*)\\]$");
  /** SurfaceFlinger's line {@code GLES: <vendor>, <renderer>, <version string>}. */
  private static final Pattern GLES = Pattern.compile("^GLES: ([^,]+), ([^,]+), (.+)$");
  private static final Pattern BATTERY_TEMP = Pattern.compile("^\\s*temperature: (-?\\d+)\\s*$");
  private static final Pattern THERMAL_STATUS = Pattern.compile("^\\s*Thermal Status: (\\d+)\\s*$");
  /** thermalservice's cached/HAL temperatures: {@code Temperature{mValue=36.5, mType=0, mName=cpu0, mStatus=0}}. */
  private static final Pattern HAL_TEMP = Pattern.compile("Temperature\\{mValue=(-?[0-9.]+), mType=(-?\\d+), mName=([^,]*),");

  private DeviceOutputParsers() {}

  /** {@code [key]: [value]} per line; a value that spans lines keeps its line breaks. */
  public static Map<String, String> getprop(String output) {
    Map<String, String> props = new LinkedHashMap<>();
    String pendingKey = null;
    StringBuilder pending = null;
    for (String raw : output.split("\r?\n")) {
      if (pending != null) { // inside a multi-line value
        if (raw.endsWith("]")) {
          pending.append('\n').append(raw, 0, raw.length() - 1);
          props.put(pendingKey, pending.toString());
          pending = null;
        } else {
          pending.append('\n').append(raw);
        }
        continue;
      }
      Matcher m = GETPROP.matcher(raw);
      if (m.matches()) {
        props.put(m.group(1), m.group(2));
      } else if (raw.matches("^\\[[^\\]]+\\]: \\[.*")) {
        pendingKey = raw.substring(1, raw.indexOf(']'));
        pending = new StringBuilder(raw.substring(raw.indexOf("]: [") + 4));
      }
    }
    return props;
  }

  /** The GLES line of {@code dumpsys SurfaceFlinger}: vendor, renderer, version; empty when absent. */
  public static Map<String, String> gles(String surfaceFlinger) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : surfaceFlinger.split("\r?\n")) {
      Matcher m = GLES.matcher(line.trim());
      if (m.matches()) {
        out.put("gles.vendor", m.group(1).trim());
        out.put("gles.renderer", m.group(2).trim());
        out.put("gles.version", m.group(3).trim());
        break;
      }
    }
    return out;
  }

  /** {@code dumpsys battery}'s {@code temperature:} is in tenths of a degree Celsius; null when absent. */
  public static Double batteryTemperatureC(String dumpsysBattery) {
    for (String line : dumpsysBattery.split("\r?\n")) {
      Matcher m = BATTERY_TEMP.matcher(line);
      if (m.matches()) {
        return Integer.parseInt(m.group(1)) / 10.0;
      }
    }
    return null;
  }

  /** {@code dumpsys thermalservice}: the thermal status (0 none … 6 shutdown) and the hottest temperature listed. */
  public static ThermalReading thermalService(String dumpsysThermal) {
    Integer status = null;
    Double max = null;
    for (String line : dumpsysThermal.split("\r?\n")) {
      Matcher s = THERMAL_STATUS.matcher(line);
      if (s.matches() && status == null) {
        status = Integer.parseInt(s.group(1));
      }
      Matcher t = HAL_TEMP.matcher(line);
      while (t.find()) {
        double c = Double.parseDouble(t.group(1));
        if (c > -100 && c < 200) { // sensors report sentinels (e.g. -273) when off
          max = max == null ? c : Math.max(max, c);
        }
      }
    }
    return new ThermalReading(max, status);
  }

  /** The hotter of two readings' temperatures, the thermal service's status. */
  public static ThermalReading combine(Double batteryC, ThermalReading service) {
    Double t = service.temperatureC();
    if (batteryC != null) {
      t = t == null ? batteryC : Math.max(t, batteryC);
    }
    return new ThermalReading(t, service.thermalStatus());
  }

  private static final Pattern CLOCK_LINE = Pattern.compile("^(/sys/.+):\\s*(\\d+)\\s*$");
  /** devfreq devices that are GPUs: Adreno (kgsl), Mali, PowerVR and Exynos' g3d. */
  private static final Pattern GPU_DEVFREQ = Pattern.compile(".*/devfreq/[^/]*(kgsl|gpu|mali|g3d|pvr|sgx)[^/]*/cur_freq",
      Pattern.CASE_INSENSITIVE);

  /**
   * The clocks from {@link ShellCommand#clocks()}'s {@code path:value} lines: the GPU's MHz from Adreno's
   * {@code gpuclk} (Hz), else a GPU devfreq {@code cur_freq} (Hz), else Exynos' {@code gpu_clock} (MHz); the
   * fastest CPU's {@code scaling_cur_freq} (kHz). Lines of other files (memory-bus devfreq, ...) are ignored.
   */
  public static ClockReading clocks(String grepOutput) {
    Double kgsl = null;
    Double devfreq = null;
    Double exynos = null;
    Double cpu = null;
    for (String line : grepOutput.split("\r?\n")) {
      Matcher m = CLOCK_LINE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      String path = m.group(1);
      double value = Double.parseDouble(m.group(2));
      if (path.equals("/sys/class/kgsl/kgsl-3d0/gpuclk")) {
        kgsl = value / 1e6;
      } else if (GPU_DEVFREQ.matcher(path).matches()) {
        devfreq = devfreq == null ? value / 1e6 : Math.max(devfreq, value / 1e6);
      } else if (path.equals("/sys/kernel/gpu/gpu_clock")) {
        exynos = value;
      } else if (path.matches("/sys/devices/system/cpu/cpu\\d+/cpufreq/scaling_cur_freq")) {
        cpu = cpu == null ? value / 1e3 : Math.max(cpu, value / 1e3);
      }
    }
    Double gpu = kgsl != null ? kgsl : devfreq != null ? devfreq : exynos;
    return new ClockReading(positive(gpu), positive(cpu));
  }

  /** A clock of 0 is a powered-down or idle-gated block, not a frequency the session ran at. */
  private static Double positive(Double mhz) {
    return mhz == null || mhz <= 0 ? null : mhz;
  }

  /**
   * The devices-table row of a phone from its properties and GLES line. The device id is the runner's
   * ({@code manufacturer-model-api<sdk>}) plus the serial, so two phones of one model stay apart.
   */
  public static DeviceInfo androidInfo(String serial, Map<String, String> props, Map<String, String> gles) {
    String manufacturer = props.getOrDefault("ro.product.manufacturer", "unknown");
    String model = props.getOrDefault("ro.product.model", "unknown");
    String sdk = props.getOrDefault("ro.build.version.sdk", "0");
    String soc = first(props, "ro.soc.model", "ro.board.platform", "ro.hardware.chipname", "ro.hardware");
    if (props.containsKey("ro.soc.manufacturer") && props.containsKey("ro.soc.model")) {
      soc = props.get("ro.soc.manufacturer") + " " + props.get("ro.soc.model");
    }
    Map<String, String> all = new LinkedHashMap<>(props);
    all.putAll(gles);
    String id = DeviceInfo.slug(manufacturer + "-" + model + "-api" + sdk + "-" + serial);
    return new DeviceInfo(id, "android", manufacturer + " " + model, model, manufacturer, soc,
        gles.get("gles.renderer"), "Android " + props.getOrDefault("ro.build.version.release", "?") + " (API " + sdk + ")",
        gles.get("gles.version"), props.get("ro.product.cpu.abi"), null, "tflite", all, serial);
  }

  private static String first(Map<String, String> props, String... keys) {
    for (String k : keys) {
      String v = props.get(k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
