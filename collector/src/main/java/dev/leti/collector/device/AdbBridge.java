package dev.leti.collector.device;

import com.android.ddmlib.AndroidDebugBridge;
import com.android.ddmlib.IDevice;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ddmlib's connection to the adb server. Starts the server only when none is listening, and on close stops only a
 * server it started: {@link AndroidDebugBridge#terminate()} ends ddmlib's threads and leaves the server alone
 * ({@code disconnectBridge()} would run {@code adb kill-server}, killing a server other tools use).
 */
public final class AdbBridge implements AutoCloseable {
  public static final int ADB_PORT = 5037;
  private final String adb;
  private final boolean startedServer;
  private final AndroidDebugBridge bridge;

  private AdbBridge(String adb, boolean startedServer, AndroidDebugBridge bridge) {
    this.adb = adb;
    this.startedServer = startedServer;
    this.bridge = bridge;
  }

  /** Connects (starting the server if needed) and waits for the first device list. */
  public static AdbBridge connect(Duration timeout) throws DeviceException {
    String adb = findAdb();
    boolean running = serverListening();
    if (!running) {
      startServer(adb, timeout);
    }
    AndroidDebugBridge.init(false);
    // without an adb location ddmlib only connects; it neither starts nor version-checks the server (whose output
    // readers need a newer Guava than Spark's, which the collector runs on)
    AndroidDebugBridge bridge = AndroidDebugBridge.createBridge(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (bridge == null) {
      AndroidDebugBridge.terminate();
      throw new DeviceException("cannot reach or start the adb server (" + adb + ") within " + timeout, true);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!bridge.hasInitialDeviceList() && System.nanoTime() < deadline) {
      sleep(20);
    }
    if (!bridge.hasInitialDeviceList()) {
      AdbBridge partial = new AdbBridge(adb, !running, bridge);
      partial.close();
      throw new DeviceException("the adb server gave no device list within " + timeout, true);
    }
    return new AdbBridge(adb, !running, bridge);
  }

  /** Devices adb lists as online ({@code device} state), in serial order. */
  public List<IDevice> onlineDevices() {
    return java.util.Arrays.stream(bridge.getDevices()).filter(IDevice::isOnline)
        .sorted(java.util.Comparator.comparing(IDevice::getSerialNumber)).toList();
  }

  /** The online device with this serial, or null (it may come back: callers wait and ask again). */
  public IDevice device(String serial) {
    ShellArgs.serial(serial);
    return onlineDevices().stream().filter(d -> d.getSerialNumber().equals(serial)).findFirst().orElse(null);
  }

  public boolean startedServer() {
    return startedServer;
  }

  @Override
  public void close() {
    AndroidDebugBridge.terminate();
    if (startedServer) {
      try {
        new ProcessBuilder(adb, "kill-server").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start().waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        // the server stays up: harmless, adb servers idle until killed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void startServer(String adb, Duration timeout) throws DeviceException {
    try {
      Process p = new ProcessBuilder(adb, "start-server").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new DeviceException("'" + adb + " start-server' failed or took longer than " + timeout, true);
      }
    } catch (IOException e) {
      throw new DeviceException("cannot run " + adb + ": " + e.getMessage(), false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeviceException("interrupted while starting the adb server", true, e);
    }
  }

  /** Whether an adb server accepts connections on its port. */
  public static boolean serverListening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", ADB_PORT), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code $ADB}, else {@code adb} on the PATH (Debian package {@code adb}). */
  public static String findAdb() throws DeviceException {
    String env = System.getenv("ADB");
    if (env != null && new File(env).canExecute()) {
      return env;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "adb");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    throw new DeviceException("adb not found on the PATH (nor $ADB): install the Debian package adb", false);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
