package dev.leti.runner;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The runner's arguments, parsed once: {@code <protocol version> key=value ...}. Each key has a default; a bad
 * value is an error naming the key and the value; an unknown key is only reported back as a warning, so that a
 * newer collector can talk to an older runner of the same protocol.
 */
public final class RunnerOptions {
  public static final String MODEL = "model";
  public static final String WARMUP = "warmup";
  public static final int WARMUP_DEFAULT = 5;
  public static final String RUNS = "runs";
  public static final int RUNS_DEFAULT = 30;
  /** Sleep between two runs, e.g. to let a phone cool; not part of any latency. */
  public static final String PAUSE_MS = "pause_ms";
  public static final int PAUSE_MS_DEFAULT = 0;
  /** {@code gpu}, {@code cpu} or {@code xnnpack}; the default depends on the backend (gpu on phones). */
  public static final String BACKEND = "backend";
  public static final String THREADS = "threads";
  public static final int THREADS_DEFAULT = 4;
  /** For backend=gpu: {@code auto} (OpenCL, else OpenGL), {@code opencl} or {@code opengl}. */
  public static final String GPU_BACKEND = "gpu_backend";
  public static final String GPU_BACKEND_DEFAULT = "auto";
  /** For backend=gpu: {@code true} lets the delegate compute in fp16 (its default), {@code false} keeps fp32. */
  public static final String GPU_FP16 = "gpu_fp16";
  /** For backend=gpu: {@code true} falls back to the CPU when no GPU backend works (reported in the header). */
  public static final String CPU_FALLBACK = "cpu_fallback";
  /** Where the native libraries are (on a phone: next to the jar, found from CLASSPATH). */
  public static final String LIB_DIR = "lib_dir";

  private String model;
  private int warmup = WARMUP_DEFAULT;
  private int runs = RUNS_DEFAULT;
  private int pauseMs = PAUSE_MS_DEFAULT;
  private String backend;
  private int threads = THREADS_DEFAULT;
  private String gpuBackend = GPU_BACKEND_DEFAULT;
  private boolean gpuFp16 = true;
  private boolean cpuFallback = true;
  private String libDir;
  private final List<String> warnings = new ArrayList<>();

  private RunnerOptions() {}

  /**
   * Parses the arguments.
   *
   * @param defaultBackend the backend when none is given
   * @throws UsageException for another protocol version, a malformed argument or a bad value
   */
  public static RunnerOptions parse(String[] args, String defaultBackend) {
    if (args.length == 0) {
      throw new UsageException("the first argument must be the protocol version " + RunnerProtocol.VERSION);
    }
    if (!String.valueOf(RunnerProtocol.VERSION).equals(args[0])) {
      throw new UsageException("protocol version mismatch: the caller speaks '" + args[0] + "', this runner "
          + RunnerProtocol.VERSION);
    }
    RunnerOptions o = new RunnerOptions();
    o.backend = defaultBackend;
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        throw new UsageException("arguments are key=value, got '" + args[i] + "'");
      }
      o.set(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    if (o.model == null) {
      throw new UsageException("missing " + MODEL + "=<path to a .tflite file>");
    }
    if (!new File(o.model).isFile()) {
      throw new UsageException(MODEL + "=" + o.model + ": no such file");
    }
    return o;
  }

  private void set(String key, String value) {
    switch (key) {
      case MODEL:
        model = value;
        break;
      case WARMUP:
        warmup = integer(key, value, 0);
        break;
      case RUNS:
        runs = integer(key, value, 1);
        break;
      case PAUSE_MS:
        pauseMs = integer(key, value, 0);
        break;
      case BACKEND:
        backend = oneOf(key, value, "gpu", "cpu", "xnnpack");
        break;
      case THREADS:
        threads = integer(key, value, 1);
        break;
      case GPU_BACKEND:
        gpuBackend = oneOf(key, value, "auto", "opencl", "opengl");
        break;
      case GPU_FP16:
        gpuFp16 = bool(key, value);
        break;
      case CPU_FALLBACK:
        cpuFallback = bool(key, value);
        break;
      case LIB_DIR:
        libDir = value;
        break;
      default:
        warnings.add("unknown option '" + key + "' ignored");
    }
  }

  private static int integer(String key, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(key + " must be an integer >= " + min + ", got '" + value + "'");
  }

  private static boolean bool(String key, String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new UsageException(key + " must be true or false, got '" + value + "'");
  }

  private static String oneOf(String key, String value, String... allowed) {
    String v = value.toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return a;
      }
    }
    StringBuilder list = new StringBuilder();
    for (String a : allowed) {
      list.append(list.length() == 0 ? "" : ", ").append(a);
    }
    throw new UsageException(key + " must be one of " + list + ", got '" + value + "'");
  }

  public String model() {
    return model;
  }

  public int warmup() {
    return warmup;
  }

  public int runs() {
    return runs;
  }

  public int pauseMs() {
    return pauseMs;
  }

  public String backend() {
    return backend;
  }

  public int threads() {
    return threads;
  }

  public String gpuBackend() {
    return gpuBackend;
  }

  public boolean gpuFp16() {
    return gpuFp16;
  }

  public boolean cpuFallback() {
    return cpuFallback;
  }

  /** The native library directory, or null when not given. */
  public String libDir() {
    return libDir;
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }
}
