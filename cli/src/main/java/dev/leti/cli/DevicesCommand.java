package dev.leti.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leti.collector.Collector;
import dev.leti.collector.device.DeviceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti devices}: the devices a campaign can use, with their metadata. */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = {
        "Lists the host device and every Android device the adb server sees (starting the server if none runs),",
        "one JSON line each: device_id, serial, kind, model, manufacturer, soc, gpu, os_version, driver_version,",
        "abi. With no phone attached it says so on stderr."})
final class DevicesCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  @Spec CommandSpec spec;

  @Option(names = "--threads", description = "host runner threads, part of the host's device id (default: all cores)")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    List<DeviceInfo> devices;
    try {
      devices = Collector.listDevices(true,
          threads != null ? threads : Runtime.getRuntime().availableProcessors());
    } catch (Collector.CollectorException e) {
      throw new UserException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (DeviceInfo d : devices) {
      ObjectNode n = JSON.createObjectNode().put("device_id", d.deviceId()).put("serial", d.serial())
          .put("kind", d.kind()).put("name", d.name()).put("model", d.model()).put("manufacturer", d.manufacturer())
          .put("soc", d.soc()).put("gpu", d.gpu()).put("os_version", d.osVersion())
          .put("driver_version", d.driverVersion()).put("abi", d.abi());
      out.println(JSON.writeValueAsString(n));
    }
    if (devices.stream().noneMatch(d -> d.serial() != null)) {
      spec.commandLine().getErr().println("leti: no Android device attached (adb lists none)");
    }
    return 0;
  }
}
