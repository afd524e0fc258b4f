package dev.leti.collector.campaign;

import dev.leti.collector.device.Device;
import dev.leti.collector.device.DeviceException;
import dev.leti.collector.session.MeasuredSession;
import dev.leti.collector.session.RunnerOutput;
import dev.leti.collector.session.SessionKey;
import dev.leti.features.export.ExportCache;
import dev.leti.features.export.ExportOptions;
import dev.leti.runner.RunnerOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One session on one device, the same for a phone and the host: export the model (cached by content), install
 * it, run the runner and read its lines. A device that goes away throws a transient {@link DeviceException} (the
 * worker retries); anything wrong with the session itself is a failed {@link MeasuredSession} with its reason.
 */
public final class SessionRunner {
  private final ExportCache exports;
  private final CampaignPlan plan;

  public SessionRunner(ExportCache exports, CampaignPlan plan) {
    this.exports = exports;
    this.plan = plan;
  }

  public MeasuredSession measure(Device device, SessionKey key, int attempt, Double temperatureC)
      throws DeviceException {
    ExportCache.Entry model;
    try {
      model = exports.get(key.arch().target(), ExportOptions.DEFAULT);
    } catch (IOException | RuntimeException e) {
      return MeasuredSession.failed(key, attempt, temperatureC, "export failed: " + e.getMessage());
    }
    String path = device.install(model.file(), plan.sessionTimeout());
    List<String> args = new ArrayList<>();
    args.add(RunnerOptions.MODEL + "=" + path);
    args.add(RunnerOptions.WARMUP + "=" + plan.warmup());
    args.add(RunnerOptions.RUNS + "=" + plan.runs());
    if (plan.backend() != null) {
      args.add(RunnerOptions.BACKEND + "=" + plan.backend());
    }
    RunnerOutput output = new RunnerOutput();
    int status = device.runRunner(args, output, plan.sessionTimeout());
    String problem = output.problem();
    if (problem == null && status != 0) {
      problem = "the runner exited with status " + status;
    }
    return problem == null ? MeasuredSession.ok(key, attempt, temperatureC, output)
        : MeasuredSession.failed(key, attempt, temperatureC, problem);
  }
}
