package dev.leti.collector.campaign;

import dev.leti.collector.device.ClockReading;
import dev.leti.collector.device.Device;
import dev.leti.collector.device.DeviceException;
import dev.leti.collector.device.LineSink;
import dev.leti.collector.session.MeasuredSession;
import dev.leti.collector.session.RunnerOutput;
import dev.leti.collector.session.SessionKey;
import dev.leti.features.export.ExportCache;
import dev.leti.runner.RunnerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One session on one device, the same for a phone and the host: install the exported model, run the runner and
 * read its lines. A device that goes away throws a transient {@link DeviceException} (the worker retries);
 * anything wrong with the session itself is a failed {@link MeasuredSession} with its reason.
 */
public final class SessionRunner {
  private final CampaignPlan plan;

  public SessionRunner(CampaignPlan plan) {
    this.plan = plan;
  }

  /**
   * @param measuredRunsStart called once, as the runner's last warm-up line arrives (its measured runs begin)
   */
  public MeasuredSession measure(Device device, SessionKey key, int attempt, Double temperatureC,
      ClockReading clocks, ExportCache.Entry model, PhaseTimes times, Runnable measuredRunsStart)
      throws DeviceException {
    long t1 = System.nanoTime();
    String path = device.install(model.file(), plan.sessionTimeout());
    times.add(PhaseTimes.Phase.INSTALL, System.nanoTime() - t1);
    List<String> args = new ArrayList<>();
    args.add(RunnerOptions.MODEL + "=" + path);
    args.add(RunnerOptions.WARMUP + "=" + plan.warmup());
    args.add(RunnerOptions.RUNS + "=" + plan.runs());
    if (plan.backend() != null) {
      args.add(RunnerOptions.BACKEND + "=" + plan.backend());
    }
    RunnerOutput output = new RunnerOutput();
    boolean[] signalled = {false};
    LineSink sink = line -> {
      output.line(line);
      if (!signalled[0] && output.header() != null && output.runCount() >= output.header().warmup()) {
        signalled[0] = true;
        measuredRunsStart.run();
      }
    };
    long t2 = System.nanoTime();
    int status;
    try {
      status = device.runRunner(args, sink, plan.sessionTimeout());
    } finally {
      times.add(PhaseTimes.Phase.RUNNER, System.nanoTime() - t2);
    }
    String problem = output.problem();
    if (problem == null && status != 0) {
      problem = "the runner exited with status " + status;
    }
    return problem == null ? MeasuredSession.ok(key, attempt, temperatureC, clocks, output)
        : MeasuredSession.failed(key, attempt, temperatureC, problem);
  }
}
