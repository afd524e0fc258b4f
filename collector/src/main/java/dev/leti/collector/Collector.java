package dev.leti.collector;

import com.android.ddmlib.IDevice;
import dev.leti.collector.campaign.Backoff;
import dev.leti.collector.campaign.CampaignListener;
import dev.leti.collector.campaign.CampaignPlan;
import dev.leti.collector.campaign.CampaignRunner;
import dev.leti.collector.campaign.JsonLog;
import dev.leti.collector.campaign.ProgressBoard;
import dev.leti.collector.campaign.Sleeper;
import dev.leti.collector.campaign.ThermalGuard;
import dev.leti.collector.device.AdbBridge;
import dev.leti.collector.device.AdbDevice;
import dev.leti.collector.device.Device;
import dev.leti.collector.device.DeviceException;
import dev.leti.collector.device.DeviceInfo;
import dev.leti.collector.device.HostDevice;
import dev.leti.collector.session.SessionBatchWriter;
import dev.leti.features.export.ExportCache;
import dev.leti.lake.ForklessLocalFileSystem;
import dev.leti.lake.Lake;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** The collector's two entry points for the command line: list devices, run a campaign. */
public final class Collector {
  /** How long adb may take to start and list devices. */
  static final Duration ADB_CONNECT = Duration.ofSeconds(15);

  private Collector() {}

  /** Where the phone runner's files are (built by {@code mvn package} in android-runner/target). */
  public record PhoneRunner(Path dexJar, List<Path> nativeLibraries) {
    public static PhoneRunner under(Path letiHome) {
      Path target = letiHome.resolve("android-runner/target");
      return new PhoneRunner(target.resolve("leti-runner.dex.jar"), List.of(
          target.resolve("tflite/tensorflow-lite/jni/arm64-v8a/libtensorflowlite_jni.so"),
          target.resolve("tflite/tensorflow-lite-gpu/jni/arm64-v8a/libtensorflowlite_gpu_jni.so")));
    }

    List<Path> files() throws CollectorException {
      List<Path> all = new ArrayList<>(List.of(dexJar));
      all.addAll(nativeLibraries);
      for (Path f : all) {
        if (!Files.isRegularFile(f)) {
          throw new CollectorException("the phone runner is not built (" + f + " is missing): run mvn package");
        }
      }
      return all;
    }
  }

  /**
   * Everything a campaign needs besides its plan. {@code overlap}: export the next model and commit the previous
   * session while a session measures (the default); false does everything in sequence, for comparison.
   */
  public record Request(DeviceSelection devices, CampaignPlan plan, Lake lake, Path exportDir, Double cooldownC,
      Duration cooldownMaxWait, Path logFile, int hostThreads, PhoneRunner phoneRunner, boolean overlap) {
    public Request(DeviceSelection devices, CampaignPlan plan, Lake lake, Path exportDir, Double cooldownC,
        Duration cooldownMaxWait, Path logFile, int hostThreads, PhoneRunner phoneRunner) {
      this(devices, plan, lake, exportDir, cooldownC, cooldownMaxWait, logFile, hostThreads, phoneRunner, true);
    }
  }

  /** A failure the user can act on: no device, an unknown serial, adb missing. */
  public static final class CollectorException extends Exception {
    public CollectorException(String message) {
      super(message);
    }
  }

  /** Metadata of every attached phone (and the host when asked); phones need the adb server, which may be started. */
  public static List<DeviceInfo> listDevices(boolean includeHost, int hostThreads) throws CollectorException {
    List<DeviceInfo> out = new ArrayList<>();
    if (includeHost) {
      out.add(new HostDevice(hostThreads).info());
    }
    try (AdbBridge adb = connect()) {
      for (IDevice d : adb.onlineDevices()) {
        String serial = d.getSerialNumber();
        out.add(new AdbDevice(serial, () -> adb.device(serial), List.of()).info());
      }
    } catch (DeviceException e) {
      throw new CollectorException(e.getMessage());
    }
    return out;
  }

  /** Runs the campaign on the selected devices; progress goes to {@code progress}, events to the JSON log. */
  public static CampaignRunner.Result collect(Request r, PrintStream progress, boolean redraw) throws Exception {
    AdbBridge adb = r.devices().needsAdb() ? connect() : null;
    try (JsonLog log = new JsonLog(r.logFile(), r.plan().campaign())) {
      List<Device> devices = select(r, adb);
      SessionBatchWriter writer = new SessionBatchWriter(r.lake(),
          () -> ForklessLocalFileSystem.use(new Configuration()), r.plan().campaign());
      ThermalGuard guard = new ThermalGuard(r.cooldownC(), Duration.ofSeconds(10), r.cooldownMaxWait(), Sleeper.REAL);
      CampaignRunner runner = new CampaignRunner(r.plan(), new ExportCache(r.exportDir()), writer, guard,
          Backoff.DEFAULT, Sleeper.REAL, r.overlap());
      return runner.run(devices, CampaignListener.all(new ProgressBoard(progress, redraw), log));
    } finally {
      if (adb != null) {
        adb.close();
      }
    }
  }

  private static List<Device> select(Request r, AdbBridge adb) throws CollectorException {
    List<Device> devices = new ArrayList<>();
    if (r.devices().needsAdb()) {
      List<String> attached = adb.onlineDevices().stream().map(IDevice::getSerialNumber).toList();
      List<String> serials = new ArrayList<>(r.devices().serials());
      for (String s : serials) {
        if (!attached.contains(s)) {
          throw new CollectorException("no attached device has serial '" + s + "' (attached: "
              + (attached.isEmpty() ? "none" : String.join(", ", attached)) + ")");
        }
      }
      if (r.devices().allPhones()) {
        if (attached.isEmpty()) {
          throw new CollectorException("no Android device attached (adb lists none); use --devices host to measure"
              + " on this machine");
        }
        attached.stream().filter(s -> !serials.contains(s)).forEach(serials::add);
      }
      List<Path> runnerFiles = r.phoneRunner().files();
      for (String s : serials) {
        devices.add(new AdbDevice(s, () -> adb.device(s), runnerFiles));
      }
    }
    if (r.devices().host()) {
      devices.add(new HostDevice(r.hostThreads()));
    }
    return devices;
  }

  private static AdbBridge connect() throws CollectorException {
    try {
      return AdbBridge.connect(ADB_CONNECT);
    } catch (DeviceException e) {
      throw new CollectorException(e.getMessage());
    }
  }
}
