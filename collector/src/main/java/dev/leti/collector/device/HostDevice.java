package dev.leti.collector.device;

import dev.leti.runner.Runner;
import dev.leti.runner.RunnerOptions;
import dev.leti.runner.RunnerProtocol;
import dev.leti.runner.host.HostTfliteBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This machine as a device: the runner's core on DJL's TFLite CPU runtime, run in this JVM (the runner a phone
 * runs, same arguments and JSON lines). Temperatures come from {@code /sys/class/thermal} when the kernel exposes
 * them.
 */
public final class HostDevice implements Device {
  private static final Path THERMAL = Path.of("/sys/class/thermal");
  private static final Path CPUS = Path.of("/sys/devices/system/cpu");
  private final int threads;
  private final String id;
  // one thread runs the runner so that a call can time out; a runaway inference cannot be stopped, only abandoned
  private final ExecutorService runnerThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "leti-host-runner");
    t.setDaemon(true);
    return t;
  });

  public HostDevice(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("host threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.id = HostTfliteBackend.deviceId("cpu", threads);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }

  @Override
  public boolean sharesCollectorCpu() {
    return true;
  }

  @Override
  public DeviceInfo info() {
    Map<String, String> props = new LinkedHashMap<>(CpuInfo.read());
    props.put("os.name", System.getProperty("os.name"));
    props.put("os.version", System.getProperty("os.version"));
    props.put("os.arch", System.getProperty("os.arch"));
    props.put("java.version", System.getProperty("java.version"));
    props.put("threads", Integer.toString(threads));
    return new DeviceInfo(id, "host", "host TFLite CPU, " + threads + " threads", props.get("model name"),
        props.get("vendor_id"), props.get("model name"), null,
        System.getProperty("os.name") + " " + System.getProperty("os.version"), null, System.getProperty("os.arch"),
        "fp32", "tflite (DJL)", props, null);
  }

  @Override
  public ThermalReading thermal() {
    Double max = null;
    try (var zones = Files.list(THERMAL)) {
      for (Path zone : (Iterable<Path>) zones.filter(p -> p.getFileName().toString().startsWith("thermal_zone"))::iterator) {
        try {
          double c = Long.parseLong(Files.readString(zone.resolve("temp")).trim()) / 1000.0;
          max = max == null ? c : Math.max(max, c);
        } catch (IOException | NumberFormatException e) {
          // a zone without a readable temperature is skipped
        }
      }
    } catch (IOException e) {
      return ThermalReading.UNKNOWN; // no thermal zones (containers, VMs)
    }
    return new ThermalReading(max, null);
  }

  /**
   * The fastest CPU's {@code scaling_cur_freq} (the same files and parser as on a phone), else the fastest
   * {@code cpu MHz} of /proc/cpuinfo (VMs and containers often lack cpufreq). The host runner has no GPU.
   */
  @Override
  public ClockReading clocks() {
    StringBuilder lines = new StringBuilder();
    try (var cpus = Files.list(CPUS)) {
      for (Path cpu : (Iterable<Path>) cpus::iterator) {
        Path f = cpu.resolve("cpufreq/scaling_cur_freq");
        if (cpu.getFileName().toString().matches("cpu[0-9]+") && Files.isReadable(f)) {
          lines.append(f).append(':').append(Files.readString(f).trim()).append('\n');
        }
      }
    } catch (IOException e) {
      // no cpufreq: /proc/cpuinfo below
    }
    ClockReading sysfs = DeviceOutputParsers.clocks(lines.toString());
    if (sysfs.cpuMhz() != null) {
      return sysfs;
    }
    try {
      return new ClockReading(null, CpuInfo.maxMhz(Files.readString(Path.of("/proc/cpuinfo"))));
    } catch (IOException | IllegalArgumentException e) {
      return ClockReading.UNKNOWN;
    }
  }

  @Override
  public String install(Path localModel, Duration timeout) throws DeviceException {
    if (!Files.isRegularFile(localModel)) {
      throw new DeviceException("no model file " + localModel, false);
    }
    return localModel.toAbsolutePath().toString();
  }

  @Override
  public int runRunner(List<String> runnerArgs, LineSink sink, Duration timeout) throws DeviceException {
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(RunnerProtocol.VERSION));
    args.addAll(runnerArgs);
    args.add(RunnerOptions.THREADS + "=" + threads);
    StringWriter err = new StringWriter();
    Future<Integer> run = runnerThread.submit(() -> {
      try (PrintWriter out = new PrintWriter(new LineSplitter(sink))) {
        return Runner.run(new HostTfliteBackend(), args.toArray(new String[0]), out, new PrintWriter(err), false);
      }
    });
    try {
      return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      throw new DeviceException("host runner did not finish within " + timeout, true, e);
    } catch (ExecutionException e) {
      throw new DeviceException("host runner failed: " + e.getCause() + " " + err, false, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeviceException("interrupted", true, e);
    }
  }

  /** Hands each complete line written to it to a sink, as a phone's shell output streams. */
  static final class LineSplitter extends Writer {
    private final LineSink sink;
    private final StringBuilder line = new StringBuilder();

    LineSplitter(LineSink sink) {
      this.sink = sink;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        char c = buf[i];
        if (c == '\n') {
          sink.line(line.toString());
          line.setLength(0);
        } else if (c != '\r') {
          line.append(c);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      if (line.length() > 0) {
        sink.line(line.toString());
        line.setLength(0);
      }
    }
  }
}
