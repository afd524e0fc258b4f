package dev.leti.collector.device;

import com.android.ddmlib.AdbCommandRejectedException;
import com.android.ddmlib.IDevice;
import com.android.ddmlib.MultiLineReceiver;
import com.android.ddmlib.ShellCommandUnresponsiveException;
import com.android.ddmlib.SyncException;
import com.android.ddmlib.SyncService;
import com.android.ddmlib.TimeoutException;
import dev.leti.runner.RunnerOptions;
import dev.leti.runner.RunnerProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A phone through ddmlib. Every shell command comes from {@link ShellCommand}'s templates; every call has a time
 * limit; a call that fails because the device went away is a transient {@link DeviceException}, and the device
 * is looked up again by serial on the next call, so a phone that comes back is resumed.
 *
 * <p>Not exercised here (no phone): every method that talks to a device. Tested: the command templates and the
 * parsers of their outputs.
 */
public final class AdbDevice implements Device {
  public static final String RUNNER_JAR = ShellArgs.DEVICE_DIR + "/leti-runner.dex.jar";
  public static final String RUNNER_CLASS = "dev.leti.runner.android.AndroidRunner";
  private static final Duration SHORT_CALL = Duration.ofSeconds(20);

  private final String serial;
  private final Supplier<IDevice> lookup;
  private final List<Path> runnerFiles;
  private DeviceInfo info;

  /**
   * @param lookup the device as adb lists it now (null while it is away)
   * @param runnerFiles the dex jar and native libraries pushed beside it (pushed when missing or changed)
   */
  public AdbDevice(String serial, Supplier<IDevice> lookup, List<Path> runnerFiles) {
    this.serial = ShellArgs.serial(serial);
    this.lookup = lookup;
    this.runnerFiles = List.copyOf(runnerFiles);
  }

  @Override
  public String id() {
    try {
      return info().deviceId();
    } catch (DeviceException e) {
      throw new IllegalStateException("device " + serial + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "adb:" + serial;
  }

  @Override
  public synchronized DeviceInfo info() throws DeviceException {
    if (info == null) {
      Map<String, String> props = DeviceOutputParsers.getprop(shell(ShellCommand.getprop(), SHORT_CALL));
      Map<String, String> gles = DeviceOutputParsers.gles(shell(ShellCommand.dumpsys("SurfaceFlinger"), SHORT_CALL));
      info = DeviceOutputParsers.androidInfo(serial, props, gles);
    }
    return info;
  }

  @Override
  public ThermalReading thermal() throws DeviceException {
    Double battery = DeviceOutputParsers.batteryTemperatureC(shell(ShellCommand.dumpsys("battery"), SHORT_CALL));
    ThermalReading service = DeviceOutputParsers.thermalService(shell(ShellCommand.dumpsys("thermalservice"), SHORT_CALL));
    return DeviceOutputParsers.combine(battery, service);
  }

  @Override
  public ClockReading clocks() throws DeviceException {
    return DeviceOutputParsers.clocks(shell(ShellCommand.clocks(), SHORT_CALL));
  }

  @Override
  public String install(Path localModel, Duration timeout) throws DeviceException {
    shell(ShellCommand.makeDeviceDir(), SHORT_CALL);
    for (Path f : runnerFiles) {
      pushIfChanged(f, ShellArgs.DEVICE_DIR + "/" + f.getFileName(), timeout);
    }
    String remote = ShellArgs.DEVICE_DIR + "/" + localModel.getFileName();
    pushIfChanged(localModel, remote, timeout);
    return remote;
  }

  @Override
  public int runRunner(List<String> runnerArgs, LineSink sink, Duration timeout) throws DeviceException {
    List<String> args = new ArrayList<>(runnerArgs);
    args.add(RunnerOptions.LIB_DIR + "=" + ShellArgs.DEVICE_DIR);
    String command = ShellCommand.withExitStatus(ShellCommand.runner(RUNNER_JAR, RUNNER_CLASS, RunnerProtocol.VERSION,
        args));
    int[] status = {-1};
    execute(command, line -> {
      if (line.startsWith(ShellCommand.EXIT_STATUS_PREFIX)) {
        status[0] = Integer.parseInt(line.substring(ShellCommand.EXIT_STATUS_PREFIX.length()).trim());
      } else {
        sink.line(line);
      }
    }, timeout);
    return status[0];
  }

  /** Pushes through the sync service unless the device has a file of the same size (exports are named by content). */
  private void pushIfChanged(Path local, String remote, Duration timeout) throws DeviceException {
    try {
      long size = Files.size(local);
      String remoteSize = shell(ShellCommand.stat(remote), SHORT_CALL).trim();
      if (remoteSize.equals(Long.toString(size))) {
        return;
      }
      SyncService sync = device().getSyncService();
      try {
        sync.pushFile(local.toString(), ShellArgs.devicePath(remote), SyncService.getNullProgressMonitor());
      } finally {
        sync.close();
      }
    } catch (IOException | TimeoutException | AdbCommandRejectedException | SyncException e) {
      throw new DeviceException("push of " + local + " to " + serial + ":" + remote + " failed: " + e.getMessage(),
          true, e);
    }
  }

  private String shell(String command, Duration timeout) throws DeviceException {
    StringBuilder out = new StringBuilder();
    execute(command, line -> out.append(line).append('\n'), timeout);
    return out.toString();
  }

  private void execute(String command, LineSink sink, Duration timeout) throws DeviceException {
    long deadline = System.nanoTime() + timeout.toNanos();
    MultiLineReceiver receiver = new MultiLineReceiver() {
      @Override
      public void processNewLines(String[] lines) {
        for (String l : lines) {
          sink.line(l);
        }
      }

      @Override
      public boolean isCancelled() {
        return System.nanoTime() > deadline; // the total time limit; ddmlib's own limit is per silence
      }
    };
    try {
      device().executeShellCommand(command, receiver, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (TimeoutException | ShellCommandUnresponsiveException e) {
      throw new DeviceException(serial + ": no answer within " + timeout, true, e);
    } catch (AdbCommandRejectedException | IOException e) {
      throw new DeviceException(serial + ": " + e.getMessage(), true, e);
    }
    if (System.nanoTime() > deadline) {
      throw new DeviceException(serial + ": command did not finish within " + timeout, true);
    }
  }

  private IDevice device() throws DeviceException {
    IDevice d = lookup.get();
    if (d == null || !d.isOnline()) {
      throw new DeviceException("device " + serial + " is not connected", true);
    }
    return d;
  }
}
